import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { dataAccessList } from "../data-access.server";
import { dataAccessTable } from "../data-access.table";

/** The data access log as .xlsx: same filters and sort as the page, streamed in keyset batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "audit:export");
  const query = parseTableQuery(dataAccessTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("data-access-log"),
    sheetName: "Data access log",
    columns: dataAccessTable.columns,
    rows: recordedBatches(run, { view: "data_access_log", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, dataAccessList, query)),
  });
}
