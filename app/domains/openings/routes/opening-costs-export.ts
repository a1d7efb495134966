import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches, tableTotals } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { requireBudgetProject } from "../../budgets/project-scope.server";
import { openingsList } from "../openings-list.server";
import { openingsTable } from "../openings.table";

/** The opening entries as .xlsx: the page's filters and sort, streamed in keyset batches, SQL totals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  try {
    const { project, table, query, totals } = await withTenant(member.tenant, async (tx) => {
      const project = await requireBudgetProject(tx, projectId);
      const list = openingsList(project.id, parseTableQuery(openingsTable, new URL(request.url)));
      return { project, ...list, totals: await tableTotals(tx, list.table, list.query) };
    });
    return xlsxResponse({
      filename: exportFilename("opening-costs", project.jobNumber),
      sheetName: `Opening costs ${project.jobNumber}`,
      columns: openingsTable.columns,
      rows: recordedBatches(run, { view: "opening_costs", format: "xlsx", filters: tableFilters(query, { projectId: project.id }) }, tableBatches(run, table, query)),
      totals,
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
