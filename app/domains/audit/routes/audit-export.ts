import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { xlsxResponse } from "~/utils/excel.server";
import { auditList } from "../audit.server";
import { auditTable } from "../audit.table";

/** The audit list as .xlsx: same filters and sort as the page, streamed in keyset batches. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "audit:export");
  const query = parseTableQuery(auditTable, new URL(request.url));
  const day = new Date().toISOString().slice(0, 10);
  return xlsxResponse({
    filename: `audit-log-${day}.xlsx`,
    sheetName: "Audit log",
    columns: auditTable.columns,
    rows: tableBatches((fn) => withTenant(member.tenant, fn), auditList, query),
  });
}
