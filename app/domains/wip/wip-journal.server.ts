/**
 * The suggested adjusting entry for the WIP schedule's over and under billings (wip-math.ts
 * wipJournal), from the schedule as the WIP page shows it: the cumulative position as of today in
 * the organization's time zone. An entry per period (net of the prior one) waits for period closes.
 */
import { organizationToday } from "~/utils/aging-report.server";
import type { Tx } from "~/utils/db.server";
import { wipJournal } from "./wip-math";
import { wipSchedule, type WipScheduleRow } from "./wip.server";
import { excludedText } from "./wip.table";

export type WipJournalRow = {
  projectId: string;
  /** "<job number> <name>" */
  project: string;
  href: string;
  account: string;
  /** The line's amount on its side (decimal string), null on the other. */
  debit: string | null;
  credit: string | null;
};

/** `excluded`: the schedule's flagged rows (no contract or no estimate), which have no lines. */
export type WipJournalEntry = { asOf: string; rows: WipJournalRow[]; debitTotal: string; creditTotal: string; excluded: number };

/** The entry of a schedule's rows (the live schedule, or a close's frozen rows), cumulative as of `asOf`. */
export function journalEntryOf(rows: readonly WipScheduleRow[], asOf: string, excluded: number): WipJournalEntry {
  const journal = wipJournal(rows);
  return {
    asOf,
    rows: journal.lines.map(({ row, account, debit, credit }) => ({ projectId: row.projectId, project: row.project, href: row.href, account, debit, credit })),
    debitTotal: journal.debitTotal,
    creditTotal: journal.creditTotal,
    excluded,
  };
}

export async function wipJournalEntry(tx: Tx): Promise<WipJournalEntry> {
  const { rows, excluded } = await wipSchedule(tx);
  return journalEntryOf(rows, await organizationToday(tx), excluded);
}

/** The export's totals label: the date of the position, and which projects it leaves out. */
export function journalTotalsLabel(entry: Pick<WipJournalEntry, "asOf" | "excluded">): string {
  const excluded = excludedText(entry.excluded, "this entry");
  return `Total, cumulative as of ${entry.asOf}.${excluded ? ` ${excluded}.` : ""}`;
}
