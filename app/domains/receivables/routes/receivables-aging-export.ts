import type { LoaderFunctionArgs } from "react-router";
import { agingXlsxResponse } from "~/utils/aging-excel.server";
import { agingExport, agingRowCount, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename } from "~/utils/excel.server";
import { arAgingItems } from "../ar-aging.server";
import { AR_AGING_LABELS } from "../ar-aging.labels";

/** The AR aging of the same URL (as-of date, party) as .xlsx: the summary and every open document. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const query = parseAgingQuery(new URL(request.url));
  const report = await withTenant(member.tenant, async (tx) => {
    const found = agingExport(await arAgingItems(tx), await resolveAsOf(tx, query), query.party);
    const rowCount = agingRowCount(found.page) + found.documents.length;
    await recordDataAccess(tx, { view: "ar_aging", format: "xlsx", filters: { asOf: found.page.asOf, party: query.party }, rowCount });
    return found;
  });
  return agingXlsxResponse(report, AR_AGING_LABELS, exportFilename("ar-aging", null, report.page.asOf));
}
