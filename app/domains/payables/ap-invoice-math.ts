import { applyRate, dec, moneyString, sumMoney, type MoneyInput } from "~/utils/money";

/**
 * Vendor invoice arithmetic (DOMAIN.md "Subcontractor invoices"), pure and browser-safe. Every
 * line is rounded half-up to the cent on its own; an invoice's totals are the sums of its lines.
 */

export type BilledLine = { thisPeriod: string; storedMaterials: string; amount: string; retainage: string };

/** One commitment line billed this period: amount = this period + stored, retainage = round(rate × amount). */
export function billLine(thisPeriod: MoneyInput, storedMaterials: MoneyInput, retainageRate: MoneyInput): BilledLine {
  const amount = dec(thisPeriod).plus(storedMaterials);
  return {
    thisPeriod: moneyString(thisPeriod),
    storedMaterials: moneyString(storedMaterials),
    amount: moneyString(amount),
    retainage: applyRate(amount, retainageRate).toFixed(2),
  };
}

export type InvoiceTotals = { total: string; retainage: string; amountDue: string };

/** total = Σ (amount + released); retainage = Σ retainage; amount due = total − retainage. */
export function invoiceTotals(lines: { amount: MoneyInput; retainage: MoneyInput; retainageReleased?: MoneyInput }[]): InvoiceTotals {
  const total = sumMoney(lines.map((l) => l.amount)).plus(sumMoney(lines.map((l) => l.retainageReleased ?? 0)));
  const retainage = sumMoney(lines.map((l) => l.retainage));
  return { total: total.toFixed(2), retainage: retainage.toFixed(2), amountDue: total.minus(retainage).toFixed(2) };
}

/** How far billed to date goes past the ceiling (null when within it; exactly at the ceiling is fine). */
export function overBilled(ceiling: MoneyInput, previouslyBilled: MoneyInput, thisAmount: MoneyInput): { billedToDate: string; over: string } | null {
  const billedToDate = dec(previouslyBilled).plus(thisAmount);
  const over = billedToDate.minus(ceiling);
  return over.greaterThan(0) ? { billedToDate: moneyString(billedToDate), over: moneyString(over) } : null;
}

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

/** "$12,345.60" for messages (formats the exact decimal string, never a float). */
export const formatMoney = (value: MoneyInput) => usd.format(moneyString(value) as Intl.StringNumericLiteral);
