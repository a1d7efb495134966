import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches, tableTotals } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { findContract } from "../contracts.server";
import { getProject } from "~/domains/projects/projects.server";
import { sovList } from "../sov-list.server";
import { sovTable } from "../sov-lines.table";

/** The schedule of values as .xlsx: same filters and sort as the page, with its total. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "contracts:read");
  const query = parseTableQuery(sovTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const found = await withTenant(member.tenant, async (tx) => {
    const project = await getProject(tx, params.projectId ?? "");
    const contract = await findContract(tx, project.id);
    if (!contract) throw new RecordNotFound("prime contract");
    const list = sovList(contract.id);
    return { project, list, totals: await tableTotals(tx, list, query) };
  }).catch((error: unknown) => {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  });
  return xlsxResponse({
    filename: exportFilename("schedule-of-values", found.project.jobNumber),
    sheetName: "Schedule of values",
    columns: sovTable.columns,
    rows: recordedBatches(run, { view: "contract", format: "xlsx", filters: tableFilters(query, { projectId: found.project.id }) }, tableBatches(run, found.list, query)),
    totals: found.totals,
  });
}
