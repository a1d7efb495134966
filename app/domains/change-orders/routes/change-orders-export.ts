import type { LoaderFunctionArgs } from "react-router";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { changeOrderExport } from "../change-orders-list.server";
import { changeOrdersTable } from "../change-orders.table";

/** The project's change order list as .xlsx: same filters and sort as the page, with its prime and commitment totals rows. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "change_orders:read");
  const query = parseTableQuery(changeOrdersTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  let project: { id: string; jobNumber: string };
  try {
    project = await run((tx) => getProject(tx, params.projectId ?? ""));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
  const { rows, totalRows } = await changeOrderExport(run, project.id, query);
  return xlsxResponse({
    filename: exportFilename("change-orders", project.jobNumber),
    sheetName: "Change orders",
    columns: changeOrdersTable.columns,
    rows: recordedBatches(run, { view: "change_orders", format: "xlsx", filters: tableFilters(query, { projectId: project.id }) }, rows),
    totalRows,
  });
}
