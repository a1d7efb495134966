import Decimal from "decimal.js";

/**
 * Exact money (DESIGN.md "Money"): amounts are decimal strings from Postgres numeric; arithmetic
 * in Decimal; rounding half-up to the cent per line; a total is the sum of its rounded lines.
 * Browser-safe. Never use JS numbers for sums.
 */
export type MoneyInput = Decimal.Value;

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });

export const dec = (value: MoneyInput | null | undefined) => new D(value ?? 0);

/** Half-up to the cent (0.005 → 0.01, −0.005 → −0.01). */
export const roundMoney = (value: MoneyInput) => new D(value).toDecimalPlaces(2, D.ROUND_HALF_UP);

/** "1234.50": the canonical string stored in numeric(14,2) columns. */
export const moneyString = (value: MoneyInput) => roundMoney(value).toFixed(2);

/** Sum of already-rounded lines (each line rounded first, so totals tie to their lines). */
export const sumMoney = (values: Iterable<MoneyInput | null | undefined>) => {
  let total = new D(0);
  for (const v of values) total = total.plus(roundMoney(v ?? 0));
  return total;
};

/** Rate × amount, rounded per line: e.g. retainage of one line. */
export const applyRate = (amount: MoneyInput, rate: MoneyInput) => roundMoney(new D(amount).times(rate));

/**
 * Splits `total` across `weights` in cents so the parts sum exactly to the total (largest
 * remainder); weights need not sum to anything in particular.
 */
export function allocate(total: MoneyInput, weights: MoneyInput[]): Decimal[] {
  const cents = roundMoney(total).times(100);
  const w = weights.map((x) => new D(x));
  const sum = w.reduce((a, b) => a.plus(b), new D(0));
  if (w.length === 0) return [];
  if (sum.isZero()) return allocate(total, w.map(() => 1));
  const raw = w.map((x) => cents.times(x).dividedBy(sum));
  const floors = raw.map((r) => r.toDecimalPlaces(0, D.ROUND_FLOOR));
  let left = cents.minus(floors.reduce((a, b) => a.plus(b), new D(0))).toNumber();
  const order = raw.map((r, i) => ({ i, frac: r.minus(floors[i]) })).sort((a, b) => b.frac.comparedTo(a.frac) || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    floors[i] = floors[i].plus(1);
    left -= 1;
  }
  return floors.map((c) => c.dividedBy(100));
}

/**
 * The number in money text: "1234.5", "$1,234.50", "-$1,234.50", ".5", "(1,234.50)" (negative),
 * with any number of decimals; null when it is not one. Callers decide on decimals and size.
 */
export function readMoneyText(text: string): Decimal | null {
  const compact = text.replace(/[\s$]/g, "");
  const parens = /^\((.*)\)$/.exec(compact);
  const body = (parens ? parens[1] : compact).replace(/,/g, "");
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(body) || (parens && body.startsWith("-"))) return null;
  const value = new D(body);
  return parens ? value.negated() : value;
}

/**
 * Money text as a money input shows it back: "4850000" or "4,850,000.5" → "4,850,000.50"; null
 * when the text is not an amount a money field accepts (left as typed, for its message).
 */
export function groupedMoneyText(text: string): string | null {
  const value = text.trim() === "" ? null : parseMoneyInput(text);
  return value === null ? null : formatAmount(value);
}

/** The largest amount a money column (numeric(14,2)) holds, either sign. */
export const MONEY_MAX = new D("999999999999.99");

/** Whether `value`, rounded to the cent, fits a money column. */
export const fitsMoneyColumn = (value: MoneyInput) => roundMoney(value).abs().lte(MONEY_MAX);

/** Parses user input such as "1,234.50", "$1,234.50" or "(1,234.50)" (negative); null if invalid. */
export function parseMoneyInput(text: string): Decimal | null {
  const value = readMoneyText(text);
  return value && value.decimalPlaces() <= 2 && fitsMoneyColumn(value) ? value : null;
}

/**
 * Amounts that each fit can add up to a total that does not: the message refusing the change that
 * would make one of `totals` (what the total is → its amount) too large, or null when all fit.
 */
export function totalOutOfRange(totals: Record<string, MoneyInput>): string | null {
  for (const [what, value] of Object.entries(totals))
    if (!fitsMoneyColumn(value))
      return `This would make ${what} ${formatAmount(value)}, more than the largest amount this system holds (${formatAmount(MONEY_MAX)}). Split it into separate records.`;
  return null;
}

/** "-1234567.5" → "-1,234,567.50": the exact decimal, grouped (messages, documents). */
export function formatAmount(value: MoneyInput): string {
  const [whole, cents] = moneyString(value).replace(/^-(0\.00)$/, "$1").split(".");
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ",")}.${cents}`;
}

/** Percent text ("10", "7.5") → rate fraction string with 6 places ("0.100000"); null if invalid. */
export function percentToRate(text: string): string | null {
  const t = text.trim().replace(/%$/, "");
  if (!/^\d{1,3}(\.\d{1,4})?$/.test(t) || new D(t).gt(100)) return null;
  return new D(t).dividedBy(100).toFixed(6);
}

export const rateToPercent = (rate: MoneyInput) => new D(rate).times(100).toDecimalPlaces(4).toString();
