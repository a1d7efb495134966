import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { readAsOf } from "../wip-as-of-query";
import { wipScheduleAsOf } from "../wip-as-of.server";
import { wipSchedule } from "../wip.server";
import { excludedText, wipTable } from "../wip.table";

/**
 * The WIP schedule (now, or `?asOf=`) as .xlsx: the page's rows in its sort order (flagged rows labelled in "Not in
 * totals"), then the totals row, whose label says how many rows it leaves out.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const url = new URL(request.url);
  const { sort } = parseTableQuery(wipTable, url);
  const { asOf } = readAsOf(url);
  const { rows, totals, excluded } = await withTenant(member.tenant, async (tx) => {
    const found = asOf ? await wipScheduleAsOf(tx, asOf, sort) : await wipSchedule(tx, sort);
    await recordDataAccess(tx, { view: "wip", format: "xlsx", filters: { sort: `${sort.key} ${sort.dir}`, ...(asOf ? { asOf } : {}) }, rowCount: found.rows.length });
    return found;
  });
  async function* batches() {
    yield rows;
  }
  return xlsxResponse({
    filename: asOf ? exportFilename("wip-as-of", null, asOf) : exportFilename("wip"),
    sheetName: "WIP schedule",
    columns: wipTable.columns,
    rows: batches(),
    totals: { ...totals },
    totalsLabel: excluded ? `Total. ${excludedText(excluded)}.` : "Total",
  });
}
