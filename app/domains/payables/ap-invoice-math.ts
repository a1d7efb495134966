import { applyRate, dec, moneyString, sumMoney, type MoneyInput } from "~/utils/money";
import type { RetainageBandTerms } from "../contracts/retainage-bands";
import { computePayApplication } from "../receivables/pay-app-math";

/**
 * Vendor invoice arithmetic (DOMAIN.md "Subcontractor invoices"), pure and browser-safe. Every
 * line is rounded half-up to the cent on its own; an invoice's totals are the sums of its lines.
 *
 * Retainage of a line against a commitment (invoiceRetainage): at the commitment line's own rate,
 * else the invoice's (the commitment's when it was entered). Flat terms (no bands, no cap): each
 * invoice line holds round(rate × amount), as it always did. With bands or a cap the terms are
 * about amounts to date, so the line's retainage is worked out to date with the pay application
 * math (pay-app-math.ts: C = the line's ceiling, D = billed before, E = this amount; bands,
 * blended amount bands and the cap on Σ ceilings, rounded per line) and this invoice holds the
 * difference from what earlier approved invoices held on the line, which is negative when a
 * step-down is reached (the excess is paid back on this invoice) but never leaves less held than
 * releases already paid out.
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

export type CommitmentRetainageTerms = { retainageRate: string; retainageCapRate: string | null; bands: RetainageBandTerms };

export type RetainageSheetLine = {
  key: string;
  /** The commitment line's own rate; null: the invoice's. */
  ownRate: string | null;
  ceiling: string;
  previouslyBilled: string;
  /** This invoice's amount on the line (this period + stored materials). */
  amount: string;
  /** Retainage held on the line by earlier approved invoices, and released from it so far. */
  previouslyHeld: string;
  released: string;
};

/** Each commitment line's rate and this invoice's retainage on it (see the header). */
export function invoiceRetainage(terms: CommitmentRetainageTerms, lines: RetainageSheetLine[]): { rate: string; retainage: string }[] {
  const rates = lines.map((l) => l.ownRate ?? terms.retainageRate);
  if (terms.retainageCapRate === null && terms.bands.basis === null) return lines.map((l, i) => ({ rate: rates[i], retainage: applyRate(l.amount, rates[i]).toFixed(2) }));
  const toDate = computePayApplication({
    originalContractSum: moneyString(sumMoney(lines.map((l) => l.ceiling))),
    netChangeByChangeOrders: "0",
    previousCertificates: "0",
    terms: { retainageRate: terms.retainageRate, retainageCapRate: terms.retainageCapRate, retainageBandBasis: terms.bands.basis, retainageBands: terms.bands.bands },
    lines: lines.map((l, i) => ({
      key: l.key,
      description: l.key,
      scheduledValue: l.ceiling,
      previousCompleted: l.previouslyBilled,
      previousStored: "0",
      thisPeriod: l.amount,
      storedNow: "0",
      retainageRate: rates[i],
      ownRetainageRate: l.ownRate !== null,
    })),
  });
  return toDate.lines.map((line, i) => {
    const due = dec(line.retainage).minus(lines[i].previouslyHeld);
    const floor = dec(lines[i].released).minus(lines[i].previouslyHeld);
    return { rate: rates[i], retainage: moneyString(due.lt(floor) ? floor : due) };
  });
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
