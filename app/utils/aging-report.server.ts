/**
 * The server half shared by the AR and AP aging pages and their exports: reading `?asOf=` and
 * `?party=` from the URL, and turning a ledger's open documents into the page's data with
 * app/utils/aging.ts. Each ledger only supplies its documents.
 */
import { sql } from "drizzle-orm";
import { ageBucketed, ageItems, agingBucket, daysPastDue, type AgingSection, type BucketedAmount } from "./aging";
import { queryDate, queryText } from "./data-table";
import type { AgingDetail, AgingDocument, AgingPage, AgingPartyRow } from "./aging-report";
import type { Tx } from "./db.server";
import { queryRows } from "~/utils/db.server";

export type AgingQuery = {
  /** The requested as-of date; null (absent or not a date) means today. */
  asOf: string | null;
  party: string | null;
};


/** Never throws: a malformed date falls back to today, a malformed party to all parties. */
export function parseAgingQuery(url: URL): AgingQuery {
  const asOf = queryDate.safeParse(url.searchParams.get("asOf"));
  const party = queryText(300).safeParse(url.searchParams.get("party"));
  return { asOf: asOf.success ? asOf.data : null, party: party.success ? party.data : null };
}

/** Today in the organization's time zone (the tenant must be set). */
export async function organizationToday(tx: Tx): Promise<string> {
  const [row] = await queryRows<{ today: string }>(tx, sql`select (now() at time zone time_zone)::date::text as today from organizations`);
  return row?.today ?? new Date().toISOString().slice(0, 10);
}

export async function resolveAsOf(tx: Tx, query: AgingQuery): Promise<string> {
  return query.asOf ?? (await organizationToday(tx));
}

function withPartyIds(section: AgingSection, idOf: Map<string, string>) {
  return { rows: section.rows.map((row): AgingPartyRow => ({ ...row, partyId: idOf.get(row.party) ?? row.party })), totals: section.totals };
}

/** The documents with their days past due (negative: not due yet) and bucket, in the ledger's order (party, due date). */
export function agingDetails(documents: readonly AgingDocument[], asOf: string): AgingDetail[] {
  return documents.map((d) => {
    const days = daysPastDue(d.dueDate, asOf);
    return { ...d, daysPastDue: days, bucket: agingBucket(days) };
  });
}

const ofParty = (documents: readonly AgingDocument[], party: string | null) => (party === null ? documents : documents.filter((d) => d.partyId === party));

/**
 * The report as of `asOf`; with a party, only that party's rows plus its documents (the
 * drill-down). Rows keep the ledger's order (by party name).
 */
export function agingPage(documents: readonly AgingDocument[], asOf: string, party: string | null = null): AgingPage {
  const shown = ofParty(documents, party);
  const report = ageItems(shown, asOf);
  const idOf = new Map(shown.map((d) => [d.party, d.partyId]));
  return {
    asOf,
    open: withPartyIds(report.open, idOf),
    retainage: withPartyIds(report.retainage, idOf),
    total: report.total,
    party: party === null ? null : { id: party, name: shown[0]?.party ?? null, documents: agingDetails(shown, asOf) },
  };
}

/** A party's open amount in one bucket as of a date, summed by the database; ordered by party name. */
export type AgingBucketSum = BucketedAmount & { amount: string; partyId: string };

/** The page without a drill-down from sums per party × bucket: equal to agingPage of the documents they sum. */
export function agingPageFromSums(sums: readonly AgingBucketSum[], asOf: string): AgingPage {
  const report = ageBucketed(sums);
  const idOf = new Map(sums.map((s) => [s.party, s.partyId]));
  return { asOf, open: withPartyIds(report.open, idOf), retainage: withPartyIds(report.retainage, idOf), total: report.total, party: null };
}

/** What an export writes: the page (all parties, or the one in `?party=`) and every document behind it. */
/** Rows an aging page shows: the parties of both sections and the drill-down's documents. */
export const agingRowCount = (page: AgingPage) => page.open.rows.length + page.retainage.rows.length + (page.party?.documents.length ?? 0);

export function agingExport(documents: readonly AgingDocument[], asOf: string, party: string | null = null) {
  return { page: agingPage(documents, asOf, party), documents: agingDetails(ofParty(documents, party), asOf) };
}
