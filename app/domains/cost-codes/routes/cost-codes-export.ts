import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { costCodesList } from "../cost-codes.server";
import { costCodesTable } from "../cost-codes.table";

/** The cost code catalog as .xlsx, with the page's filters and sort. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "cost_codes:read");
  const query = parseTableQuery(costCodesTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("cost-codes"),
    sheetName: "Cost codes",
    columns: costCodesTable.columns,
    rows: recordedBatches(run, { view: "cost_codes", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, costCodesList, query)),
  });
}
