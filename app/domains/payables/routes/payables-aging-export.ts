import type { LoaderFunctionArgs } from "react-router";
import { agingXlsxResponse } from "~/utils/aging-excel.server";
import { agingExport, agingRowCount, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename } from "~/utils/excel.server";
import { apAgingDocuments } from "../ap-aging.server";
import { AP_AGING_LABELS } from "../ap-aging.labels";

/** The AP aging of the same URL (as-of date, party) as .xlsx: the summary and every open document. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const query = parseAgingQuery(new URL(request.url));
  const report = await withTenant(member.tenant, async (tx) => {
    const found = agingExport(await apAgingDocuments(tx), await resolveAsOf(tx, query), query.party);
    const rowCount = agingRowCount(found.page) + found.documents.length;
    await recordDataAccess(tx, { view: "ap_aging", format: "xlsx", filters: { asOf: found.page.asOf, party: query.party }, rowCount });
    return found;
  });
  return agingXlsxResponse(report, AP_AGING_LABELS, exportFilename("ap-aging", null, report.page.asOf));
}
