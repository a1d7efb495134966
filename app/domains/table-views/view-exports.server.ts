/**
 * The Excel exports of scheduled views, each read in one transaction of the recipient (their RLS
 * and tenant), with the same filters, sort and totals as the page's own export route.
 */
import { parseTableQuery, type TableRow } from "~/utils/data-table";
import { tableBatches, tableTotals } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { exportFilename } from "~/utils/excel.server";
import { budgetList } from "../budgets/budget-list.server";
import { budgetTable } from "../budgets/budgets.table";
import { requireBudgetProject } from "../budgets/project-scope.server";

/** The budget export of `/projects/<id>/budget?...`. */
export async function budgetViewExport(tx: Tx, path: string, url: URL) {
  const projectId = path.split("/")[2] ?? "";
  const project = await requireBudgetProject(tx, projectId);
  const list = await budgetList(tx, project.id, parseTableQuery(budgetTable, url));
  const totals = await tableTotals(tx, list.table, list.query);
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => fn(tx);
  const rows: AsyncIterable<TableRow[]> = tableBatches(run, list.table, list.query);
  return { filename: exportFilename("budget", project.jobNumber), sheetName: `Budget ${project.jobNumber}`, rows, totals };
}
