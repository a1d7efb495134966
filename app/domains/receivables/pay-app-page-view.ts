import { dec, moneyString, sumMoney } from "~/utils/money";

/** What the continuation sheet shows of a stored line (browser-safe: the page's components use the types). */
type StoredLine = {
  id: string;
  lineNumber: number;
  description: string;
  scheduledValue: string;
  previousCompleted: string;
  thisPeriod: string;
  storedNow: string;
  retainage: string;
  released: string;
  correction: boolean;
};

/** G ÷ C as a percentage with 2 decimals; "0.00" when there is nothing to divide. */
const percentOf = (part: string, whole: string) => (dec(whole).isZero() || dec(part).isZero() ? "0.00" : dec(part).dividedBy(whole).times(100).toFixed(2));

/** G = D + E + F, % = G ÷ C, H = C − G of a stored line (DOMAIN.md "Pay application"). */
export function continuationLine(line: StoredLine) {
  const toDate = moneyString(dec(line.previousCompleted).plus(line.thisPeriod).plus(line.storedNow));
  return {
    id: line.id,
    lineNumber: line.lineNumber,
    description: line.description,
    scheduledValue: line.scheduledValue,
    previousCompleted: line.previousCompleted,
    thisPeriod: line.thisPeriod,
    storedNow: line.storedNow,
    totalCompletedAndStored: toDate,
    percentComplete: percentOf(toDate, line.scheduledValue),
    balanceToFinish: moneyString(dec(line.scheduledValue).minus(toDate)),
    retainage: line.retainage,
    released: line.released,
    correction: line.correction,
  };
}
export type ContinuationLine = ReturnType<typeof continuationLine>;

const MONEY_COLUMNS = ["scheduledValue", "previousCompleted", "thisPeriod", "storedNow", "totalCompletedAndStored", "balanceToFinish", "retainage", "released"] as const;

/** Column totals: each the sum of its (already rounded) lines. */
export function continuationTotals(lines: ContinuationLine[]) {
  const totals = Object.fromEntries(MONEY_COLUMNS.map((key) => [key, moneyString(sumMoney(lines.map((l) => l[key])))])) as Record<(typeof MONEY_COLUMNS)[number], string>;
  return { ...totals, percentComplete: percentOf(totals.totalCompletedAndStored, totals.scheduledValue) };
}
export type ContinuationTotals = ReturnType<typeof continuationTotals>;
