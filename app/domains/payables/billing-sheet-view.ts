import { dec, sumMoney } from "~/utils/money";
import type { BillingSheetLine } from "./commitment-billing.server";

/**
 * The continuation sheet as the page shows it: per commitment line, billed to date (before this
 * invoice + this invoice), its share of the revised value and the balance still to bill; totals are
 * sums of the lines.
 */
export function billingSheetView(sheet: BillingSheetLine[]) {
  const rows = sheet.map((line) => {
    const toDate = dec(line.previouslyBilled).plus(line.amount);
    const ceiling = dec(line.ceiling);
    return {
      ...line,
      billedToDate: toDate.toFixed(2),
      percent: ceiling.isZero() ? null : toDate.dividedBy(ceiling).times(100).toDecimalPlaces(1).toFixed(1),
      balance: ceiling.minus(toDate).toFixed(2),
    };
  });
  const sum = (key: "lineAmount" | "approvedChanges" | "ceiling" | "previouslyBilled" | "thisPeriod" | "storedMaterials" | "amount" | "retainage" | "billedToDate" | "balance") =>
    sumMoney(rows.map((r) => r[key])).toFixed(2);
  return {
    rows,
    totals: {
      lineAmount: sum("lineAmount"),
      approvedChanges: sum("approvedChanges"),
      ceiling: sum("ceiling"),
      previouslyBilled: sum("previouslyBilled"),
      thisPeriod: sum("thisPeriod"),
      storedMaterials: sum("storedMaterials"),
      amount: sum("amount"),
      retainage: sum("retainage"),
      billedToDate: sum("billedToDate"),
      balance: sum("balance"),
    },
  };
}

export type BillingSheetView = ReturnType<typeof billingSheetView>;
