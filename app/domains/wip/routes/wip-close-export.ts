import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { findWipClose } from "../wip-close-read.server";
import { wipCloseTable } from "../wip-close.table";
import { excludedText } from "../wip.table";

/** A closed WIP schedule as .xlsx: the page's rows in its sort order with the period columns, then the totals row. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const { sort } = parseTableQuery(wipCloseTable, new URL(request.url));
  const close = await withTenant(member.tenant, async (tx) => {
    const found = await findWipClose(tx, params.closeId ?? "", sort);
    await recordDataAccess(tx, { view: "wip_close", format: "xlsx", filters: { periodEnd: found.periodEnd, version: String(found.version) }, rowCount: found.rows.length });
    return found;
  }).catch((error: unknown) => {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  });
  async function* batches() {
    yield close.rows;
  }
  const excluded = excludedText(close.excluded);
  return xlsxResponse({
    filename: exportFilename(`wip-closed${close.version > 1 ? `-v${close.version}` : ""}`, null, close.periodEnd),
    sheetName: `WIP ${close.periodEnd}`,
    columns: wipCloseTable.columns,
    rows: batches(),
    totals: { ...close.totals },
    totalsLabel: `Total as of ${close.periodEnd}${close.status === "reopened" ? " (reopened)" : ""}.${excluded ? ` ${excluded}.` : ""}`,
  });
}
