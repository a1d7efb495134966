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

export function wipFigures(input: WipInput): WipFigures {
  const contract = roundMoney(input.contractSumToDate);
  const estimate = roundMoney(input.estimatedTotalCost);
  const cost = roundMoney(input.costToDate);
  const billed = roundMoney(input.billedToDate);

  const ratio = completionRatio(estimate, cost);
  const projectedGrossProfit = contract.minus(effectiveEstimate(estimate, cost));
  const margin = marginRatio(projectedGrossProfit, contract);
  const isLoss = projectedGrossProfit.lt(0);
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

/** Each total is the sum of the rows' rounded figures; the percentages come from those sums. */
export function wipTotals(rows: readonly WipRow[]): WipTotals {
  const total = (pick: (row: WipRow) => MoneyInput) => sumMoney(rows.map(pick));
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
