import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { importsList } from "../imports-list.server";
import { importsTable } from "../imports.table";

/** The import history as .xlsx: same filters and sort as the page, streamed in keyset batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "imports:run");
  const query = parseTableQuery(importsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("imports"),
    sheetName: "Imports",
    columns: importsTable.columns,
    rows: recordedBatches(run, { view: "imports", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, importsList, query)),
  });
}
