import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { auditList } from "../audit.server";
import { auditTable } from "../audit.table";

/** The audit list as .xlsx: same filters and sort as the page, streamed in keyset batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "audit:export");
  const query = parseTableQuery(auditTable, new URL(request.url));
  const day = new Date().toISOString().slice(0, 10);
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("audit-log", null, day),
    sheetName: "Audit log",
    columns: auditTable.columns,
    rows: recordedBatches(run, { view: "audit_log", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, auditList, query)),
  });
}
