import type Decimal from "decimal.js";
import { dec, moneyString, roundMoney, sumMoney, type MoneyInput } from "~/utils/money";

/**
 * WIP schedule, percentage of completion by cost-to-cost (DOMAIN.md "WIP schedule").
 * Browser-safe and pure: callers query the figures and pass decimal strings (numeric(14,2)).
 */
export interface WipInput {
  contractSumToDate: MoneyInput;
  /** Estimate at completion (EAC). */
  estimatedTotalCost: MoneyInput;
  costToDate: MoneyInput;
  billedToDate: MoneyInput;
}

export interface WipFigures {
  /**
   * Cost to date ÷ EAC as a fraction within 0–1, 10 places ("0.5000000000"); for display and
   * storage only: earned revenue uses the exact ratio.
   */
  percentComplete: string;
  /** The same as a percentage with 2 decimals, half-up ("50.00"). */
  percentCompleteDisplay: string;
  earnedRevenue: string;
  overBilling: string;
  underBilling: string;
  grossProfitToDate: string;
  projectedGrossProfit: string;
  /** Projected gross profit ÷ contract sum as a fraction, 10 places ("0" when the contract sum is 0). */
  projectedMargin: string;
  projectedMarginDisplay: string;
  isLoss: boolean;
}

export type WipRow = WipInput & WipFigures;

/**
 * Why a row's figures mean nothing yet. With no contract sum (≤ 0) the projection is a loss of the
 * whole estimate; with no estimate at completion (EAC ≤ 0) there is no % complete, so the whole
 * contract looks like profit. Such a row is flagged, is never a loss, and stays out of the totals
 * and the journal entry.
 */
export const WIP_FLAG_LABELS = { no_contract: "No contract", no_estimate: "No estimate" } as const;
export type WipFlag = keyof typeof WIP_FLAG_LABELS;

export interface WipTotals {
  contractSumToDate: string;
  estimatedTotalCost: string;
  costToDate: string;
  earnedRevenue: string;
  billedToDate: string;
  overBilling: string;
  underBilling: string;
  grossProfitToDate: string;
  projectedGrossProfit: string;
  /** From the sums, by the same rules as a row. */
  percentComplete: string;
  percentCompleteDisplay: string;
  projectedMargin: string;
  projectedMarginDisplay: string;
}

const FRACTION_PLACES = 10;
const fraction = (value: Decimal) => value.toFixed(FRACTION_PLACES);
const percentDisplay = (value: Decimal) => value.times(100).toFixed(2);

/**
 * Cost already spent cannot be un-spent: an EAC below cost to date is stale, so the cost to date
 * stands in for it. That caps % complete at 100%, keeps earned revenue within the contract sum and
 * makes gross profit to date equal the projection once the work is complete.
 */
const effectiveEstimate = (estimate: Decimal, cost: Decimal) => (cost.gt(estimate) ? cost : estimate);

/**
 * Within 0–1. Without an estimate (EAC ≤ 0) nothing is earned yet: 0%, rather than dividing by zero
 * or guessing 100%; a net credit cost to date earns nothing either.
 */
function completionRatio(estimate: Decimal, cost: Decimal) {
  if (estimate.lte(0) || cost.lte(0)) return dec(0);
  return cost.dividedBy(effectiveEstimate(estimate, cost));
}

const marginRatio = (projectedGrossProfit: Decimal, contract: Decimal) =>
  contract.isZero() ? dec(0) : projectedGrossProfit.dividedBy(contract);

function flagOf(contract: Decimal, estimate: Decimal): WipFlag | null {
  if (contract.lte(0)) return "no_contract";
  if (estimate.lte(0)) return "no_estimate";
  return null;
}

/** The row's flag (no contract comes first when both are missing), or null when its figures count. */
export const wipFlag = (input: WipInput): WipFlag | null => flagOf(roundMoney(input.contractSumToDate), roundMoney(input.estimatedTotalCost));

/** Whether a row's figures count in the totals and the journal entry. */
export const countsInTotals = (row: WipInput) => wipFlag(row) === null;

export function wipFigures(input: WipInput): WipFigures {
  const contract = roundMoney(input.contractSumToDate);
  const estimate = roundMoney(input.estimatedTotalCost);
  const cost = roundMoney(input.costToDate);
  const billed = roundMoney(input.billedToDate);

  const ratio = completionRatio(estimate, cost);
  const projectedGrossProfit = contract.minus(effectiveEstimate(estimate, cost));
  const margin = marginRatio(projectedGrossProfit, contract);
  // A flagged row's negative projection is the missing contract, not a loss: it earns contract × %
  // complete like any row (0 without a contract), never a negative revenue.
  const isLoss = flagOf(contract, estimate) === null && projectedGrossProfit.lt(0);
  // A projected loss is recognised in full at once, as contractors' WIP schedules do: earned
  // revenue is cost to date + the projected loss, so gross profit to date is the whole loss
  // whatever the % complete (a deep loss can make earned revenue negative, i.e. over-billed).
  // Otherwise earned = contract × % complete, from the exact ratio, rounded half-up to the cent.
  const earned = isLoss ? cost.plus(projectedGrossProfit) : roundMoney(contract.times(ratio));
  const billedOverEarned = billed.minus(earned);

  return {
    percentComplete: fraction(ratio),
    percentCompleteDisplay: percentDisplay(ratio),
    earnedRevenue: moneyString(earned),
    overBilling: moneyString(billedOverEarned.gt(0) ? billedOverEarned : 0),
    underBilling: moneyString(billedOverEarned.lt(0) ? billedOverEarned.negated() : 0),
    grossProfitToDate: moneyString(earned.minus(cost)),
    projectedGrossProfit: moneyString(projectedGrossProfit),
    projectedMargin: fraction(margin),
    projectedMarginDisplay: percentDisplay(margin),
    isLoss,
  };
}

/**
 * Each total is the sum of the rows' rounded figures; the percentages come from those sums.
 * Flagged rows (no contract or no estimate) are left out.
 */
export function wipTotals(rows: readonly WipRow[]): WipTotals {
  const counted = rows.filter(countsInTotals);
  const total = (pick: (row: WipRow) => MoneyInput) => sumMoney(counted.map(pick));
  const contract = total((r) => r.contractSumToDate);
  const estimate = total((r) => r.estimatedTotalCost);
  const cost = total((r) => r.costToDate);
  const projectedGrossProfit = total((r) => r.projectedGrossProfit);
  const ratio = completionRatio(estimate, cost);
  const margin = marginRatio(projectedGrossProfit, contract);

  return {
    contractSumToDate: moneyString(contract),
    estimatedTotalCost: moneyString(estimate),
    costToDate: moneyString(cost),
    earnedRevenue: moneyString(total((r) => r.earnedRevenue)),
    billedToDate: moneyString(total((r) => r.billedToDate)),
    overBilling: moneyString(total((r) => r.overBilling)),
    underBilling: moneyString(total((r) => r.underBilling)),
    grossProfitToDate: moneyString(total((r) => r.grossProfitToDate)),
    projectedGrossProfit: moneyString(projectedGrossProfit),
    percentComplete: fraction(ratio),
    percentCompleteDisplay: percentDisplay(ratio),
    projectedMargin: fraction(margin),
    projectedMarginDisplay: percentDisplay(margin),
  };
}

export const WIP_ACCOUNTS = {
  underBillings: "Costs and estimated earnings in excess of billings",
  contractRevenue: "Contract revenue",
  overBillings: "Billings in excess of costs and estimated earnings",
} as const;

export interface WipJournalLine<Row> {
  row: Row;
  account: (typeof WIP_ACCOUNTS)[keyof typeof WIP_ACCOUNTS];
  /** The line's amount on its side; null on the other. */
  debit: string | null;
  credit: string | null;
}

export interface WipJournal<Row> {
  lines: WipJournalLine<Row>[];
  debitTotal: string;
  creditTotal: string;
}

/**
 * The adjusting entry that books the rows' over and under billings (cumulative, as of the figures'
 * date), in the rows' order: an under-billed row debits the asset and credits contract revenue, an
 * over-billed one debits contract revenue and credits the liability. Each line pair carries the
 * same rounded amount, so the entry balances to the cent. Flagged rows have no entry.
 */
export function wipJournal<Row extends WipRow>(rows: readonly Row[]): WipJournal<Row> {
  const lines: WipJournalLine<Row>[] = [];
  const pair = (row: Row, amount: string, debit: WipJournalLine<Row>["account"], credit: WipJournalLine<Row>["account"]) =>
    lines.push({ row, account: debit, debit: amount, credit: null }, { row, account: credit, debit: null, credit: amount });
  for (const row of rows.filter(countsInTotals)) {
    const under = roundMoney(row.underBilling);
    const over = roundMoney(row.overBilling);
    if (under.gt(0)) pair(row, moneyString(under), WIP_ACCOUNTS.underBillings, WIP_ACCOUNTS.contractRevenue);
    if (over.gt(0)) pair(row, moneyString(over), WIP_ACCOUNTS.contractRevenue, WIP_ACCOUNTS.overBillings);
  }
  return {
    lines,
    debitTotal: moneyString(sumMoney(lines.map((l) => l.debit))),
    creditTotal: moneyString(sumMoney(lines.map((l) => l.credit))),
  };
}
