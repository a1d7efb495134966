import type { LoaderFunctionArgs } from "react-router";
import { pdfHeaders } from "~/domains/receivables/g702-pdf.server";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { renderDailyReportPdf } from "../daily-log-pdf.server";
import { loadDailyReport } from "../daily-report.server";

/** The daily report of one log as a PDF download (any status: a draft's report says "Draft"). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  try {
    const report = await withTenant(member.tenant, (tx) => loadDailyReport(tx, project.id, params.logId ?? ""));
    const pdf = await renderDailyReportPdf(report);
    const filename = `daily-report-${project.jobNumber}-${report.entry.log.logDate}`.replace(/[^A-Za-z0-9._-]+/g, "-") + ".pdf";
    return new Response(new Uint8Array(pdf), { headers: pdfHeaders(filename) });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
