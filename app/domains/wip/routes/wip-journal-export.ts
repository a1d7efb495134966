import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { journalTotalsLabel, wipJournalEntry } from "../wip-journal.server";
import { wipJournalTable } from "../wip-journal.table";

/** The WIP journal entry as .xlsx: the page's lines, then the debit and credit totals with the position's date. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const entry = await withTenant(member.tenant, async (tx) => {
    const found = await wipJournalEntry(tx);
    await recordDataAccess(tx, { view: "wip_journal", format: "xlsx", filters: { asOf: found.asOf }, rowCount: found.rows.length });
    return found;
  });
  async function* batches() {
    yield entry.rows;
  }
  return xlsxResponse({
    filename: exportFilename("wip-journal", null, entry.asOf),
    sheetName: `WIP journal ${entry.asOf}`,
    columns: wipJournalTable.columns,
    rows: batches(),
    totals: { debit: entry.debitTotal, credit: entry.creditTotal },
    totalsLabel: journalTotalsLabel(entry),
  });
}
