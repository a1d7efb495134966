import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { apInvoicesExport } from "../ap-invoices-list.server";
import { apInvoicesTable } from "../ap-invoices.table";

/** The vendor invoice list as .xlsx: same filters and sort as the page, streamed in batches, with its totals. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const query = parseTableQuery(apInvoicesTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const { totals, rows } = await apInvoicesExport(run, query);
  return xlsxResponse({ filename: exportFilename("vendor-invoices"), sheetName: "Vendor invoices", columns: apInvoicesTable.columns, rows: recordedBatches(run, { view: "payables", format: "xlsx", filters: tableFilters(query) }, rows), totals });
}
