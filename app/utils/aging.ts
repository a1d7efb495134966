import type Decimal from "decimal.js";
import { dec, moneyString, roundMoney, type MoneyInput } from "./money";

/**
 * AR/AP aging (DOMAIN.md "AR/AP aging"): open amounts bucketed by days past their due date as of
 * a chosen date. Browser-safe and pure; receivables and payables both use it.
 */
export const AGING_BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const AGING_BUCKET_LABELS: Record<AgingBucket, string> = {
  current: "Current",
  "1-30": "1–30 days",
  "31-60": "31–60 days",
  "61-90": "61–90 days",
  "90+": "Over 90 days",
};

const DAY_MS = 86_400_000;

/** "YYYY-MM-DD" → UTC midnight in ms, from the date parts (never `new Date(text)`); throws on a non-date. */
function utcDayMs(isoDate: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new RangeError(`Expected a date as YYYY-MM-DD, got "${isoDate}"`);
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day); // unlike Date.UTC, keeps years 0–99 as written
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new RangeError(`No such date: "${isoDate}"`);
  }
  return date.getTime();
}

/** Calendar days from the due date to `asOf` (negative when not yet due). */
export const daysPastDue = (dueDate: string, asOf: string) => Math.round((utcDayMs(asOf) - utcDayMs(dueDate)) / DAY_MS);

export function agingBucket(days: number): AgingBucket {
  if (days <= 0) return "current";
  if (days <= 30) return "1-30";
  if (days <= 60) return "31-60";
  if (days <= 90) return "61-90";
  return "90+";
}

export interface AgingItem {
  /** Customer (AR) or vendor (AP); rows group by this exact string. */
  party: string;
  dueDate: string;
  openAmount: MoneyInput;
  isRetainage: boolean;
}

export interface AgingAmounts {
  buckets: Record<AgingBucket, string>;
  /** Sum of the five buckets. */
  total: string;
}

export interface AgingRow extends AgingAmounts {
  party: string;
}

export interface AgingSection {
  /** One row per party, in the order parties first appear in the items (the caller's ordering). */
  rows: AgingRow[];
  /** Each bucket is the sum of the rows' amounts in it. */
  totals: AgingAmounts;
}

export interface AgingReport {
  /** Open amounts other than retainage. */
  open: AgingSection;
  /**
   * Retainage is not due until it is released, so it stays out of the open buckets and is aged on
   * its own by its own due date (the release date when known).
   */
  retainage: AgingSection;
  /** Everything still open: open total + retainage total. */
  total: string;
}

type BucketSums = Record<AgingBucket, Decimal>;

const emptySums = (): BucketSums => ({ current: dec(0), "1-30": dec(0), "31-60": dec(0), "61-90": dec(0), "90+": dec(0) });

function toAmounts(sums: BucketSums): AgingAmounts {
  const buckets = {} as Record<AgingBucket, string>;
  let total = dec(0);
  for (const bucket of AGING_BUCKETS) {
    buckets[bucket] = moneyString(sums[bucket]);
    total = total.plus(sums[bucket]);
  }
  return { buckets, total: moneyString(total) };
}

/** An amount already placed in its bucket: an item aged as of a date, or a sum of such (AgingBucketSum). */
export interface BucketedAmount {
  party: string;
  isRetainage: boolean;
  bucket: AgingBucket;
  amount: MoneyInput;
}

function section(amounts: readonly BucketedAmount[]): AgingSection {
  const byParty = new Map<string, BucketSums>();
  const grand = emptySums();
  for (const { party, bucket, amount: raw } of amounts) {
    const sums = byParty.get(party) ?? emptySums();
    byParty.set(party, sums);
    const amount = roundMoney(raw);
    sums[bucket] = sums[bucket].plus(amount);
    grand[bucket] = grand[bucket].plus(amount);
  }
  const rows = [...byParty].map(([party, sums]) => ({ party, ...toAmounts(sums) }));
  return { rows, totals: toAmounts(grand) };
}

/**
 * The report from amounts already bucketed (the database sums open items per party × bucket as of
 * a date, so a page does not fetch every open item): rows in the order parties first appear.
 */
export function ageBucketed(amounts: readonly BucketedAmount[]): AgingReport {
  const open = section(amounts.filter((a) => !a.isRetainage));
  const retainage = section(amounts.filter((a) => a.isRetainage));
  return { open, retainage, total: moneyString(dec(open.totals.total).plus(retainage.totals.total)) };
}

/** Ages open items as of `asOf` ("YYYY-MM-DD"); every sum is exact (Decimal, cents half-up per item). */
export function ageItems(items: readonly AgingItem[], asOf: string): AgingReport {
  return ageBucketed(
    items.map((item) => ({ party: item.party, isRetainage: item.isRetainage, bucket: agingBucket(daysPastDue(item.dueDate, asOf)), amount: item.openAmount })),
  );
}
