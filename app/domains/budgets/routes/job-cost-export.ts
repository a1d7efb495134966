import type { LoaderFunctionArgs } from "react-router";
import { projectBillingSummary } from "~/domains/receivables/project-billing.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { jobCostXlsxResponse } from "../job-cost-excel.server";
import { jobCostReport } from "../job-cost.server";
import { requireBudgetProject } from "../project-scope.server";
import { crewHoursFor } from "~/domains/daily-logs/crew-hours.server";

/** The job cost report as .xlsx with the page's grouping (division rows, subtotals, grand total) and its owner billing. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  const seesBilling = can(member.active.role, "receivables:read");
  try {
    const { project, report, billing, crewHours } = await withTenant(member.tenant, async (tx) => {
      const found = {
        project: await requireBudgetProject(tx, projectId),
        report: await jobCostReport(tx, projectId),
        billing: seesBilling ? await projectBillingSummary(tx, projectId) : null,
      };
      const crewHours = await crewHoursFor(tx, projectId, found.report.divisions.flatMap((d) => d.lines ?? []));
      await recordDataAccess(tx, { view: "job_cost", format: "xlsx", filters: { projectId }, rowCount: found.report.lineCount });
      return { ...found, crewHours };
    });
    const day = new Date().toISOString().slice(0, 10);
    return jobCostXlsxResponse(report, {
      title: `Job cost report · ${project.jobNumber} ${project.name} · ${day}`,
      filename: exportFilename("job-cost", project.jobNumber, day),
      billing,
      crewHours,
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
