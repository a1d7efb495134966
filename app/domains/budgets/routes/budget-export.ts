import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches, tableTotals } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { ColumnsRefused, columnsRefusedResponse, resolveColumns } from "~/domains/table-views/columns.server";
import { visibleColumns } from "~/utils/table-columns";
import { budgetTable } from "../budgets.table";
import { budgetList } from "../budget-list.server";
import { requireBudgetProject } from "../project-scope.server";

/** The budget as .xlsx: the page's filters and sort, every row streamed in keyset batches, SQL totals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  try {
    const { project, table, query, totals, columns } = await withTenant(member.tenant, async (tx) => {
      const url = new URL(request.url);
      const columns = visibleColumns(budgetTable, (await resolveColumns(tx, member.user.id, budgetTable, url)).keys);
      const project = await requireBudgetProject(tx, projectId);
      const list = await budgetList(tx, projectId, parseTableQuery(budgetTable, new URL(request.url)));
      return { project, ...list, totals: await tableTotals(tx, list.table, list.query), columns };
    });
    return xlsxResponse({
      filename: exportFilename("budget", project.jobNumber),
      sheetName: `Budget ${project.jobNumber}`,
      columns,
      rows: recordedBatches(run, { view: "budget", format: "xlsx", filters: tableFilters(query, { projectId: project.id }) }, tableBatches(run, table, query)),
      totals,
    });
  } catch (error) {
    if (error instanceof ColumnsRefused) throw columnsRefusedResponse(error);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
