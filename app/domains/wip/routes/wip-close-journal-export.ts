import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { findWipClose } from "../wip-close-read.server";
import { journalEntryOf, journalTotalsLabel } from "../wip-journal.server";
import { wipJournalTable } from "../wip-journal.table";

/** A close's journal entry as .xlsx: the lines of its frozen rows, then the debit and credit totals as of its period end. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "wip:read");
  const { close, entry } = await withTenant(member.tenant, async (tx) => {
    const found = await findWipClose(tx, params.closeId ?? "");
    const journal = journalEntryOf(found.rows, found.periodEnd, found.excluded);
    await recordDataAccess(tx, { view: "wip_close", format: "xlsx", filters: { periodEnd: found.periodEnd, version: String(found.version), sheet: "journal" }, rowCount: journal.rows.length });
    return { close: found, entry: journal };
  }).catch((error: unknown) => {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  });
  async function* batches() {
    yield entry.rows;
  }
  return xlsxResponse({
    filename: exportFilename(`wip-closed-journal${close.version > 1 ? `-v${close.version}` : ""}`, null, close.periodEnd),
    sheetName: `WIP journal ${close.periodEnd}`,
    columns: wipJournalTable.columns,
    rows: batches(),
    totals: { debit: entry.debitTotal, credit: entry.creditTotal },
    totalsLabel: journalTotalsLabel(entry),
  });
}
