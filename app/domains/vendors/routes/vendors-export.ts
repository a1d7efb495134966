import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { vendorsList } from "../vendors.server";
import { vendorsTable } from "../vendors.table";

/** The vendor list as .xlsx, with the page's filters and sort. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "vendors:read");
  const query = parseTableQuery(vendorsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("vendors"),
    sheetName: "Vendors",
    columns: vendorsTable.columns,
    rows: recordedBatches(run, { view: "vendors", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, vendorsList, query)),
  });
}
