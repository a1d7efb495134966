import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { jobCostXlsxResponse } from "../job-cost-excel.server";
import { jobCostReport } from "../job-cost.server";
import { requireBudgetProject } from "../project-scope.server";
import { exportFilename } from "~/utils/excel.server";

/** The job cost report as .xlsx with the page's grouping: division rows, subtotals, grand total. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  try {
    const { project, report } = await withTenant(member.tenant, async (tx) => {
      const found = { project: await requireBudgetProject(tx, projectId), report: await jobCostReport(tx, projectId) };
      await recordDataAccess(tx, { view: "job_cost", format: "xlsx", filters: { projectId }, rowCount: found.report.lineCount });
      return found;
    });
    const day = new Date().toISOString().slice(0, 10);
    return jobCostXlsxResponse(report, {
      title: `Job cost report · ${project.jobNumber} ${project.name} · ${day}`,
      filename: exportFilename("job-cost", project.jobNumber, day),
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
