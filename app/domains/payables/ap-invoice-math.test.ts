import { describe, expect, it } from "vitest";
import { billLine, formatMoney, invoiceTotals, overBilled } from "./ap-invoice-math";

describe("vendor invoice math", () => {
  it("holds retainage per line at the rate, rounded half-up to the cent", () => {
    expect(billLine("1000.05", "0", "0.10")).toEqual({ thisPeriod: "1000.05", storedMaterials: "0.00", amount: "1000.05", retainage: "100.01" });
    expect(billLine("333.33", "0.02", "0.10")).toEqual({ thisPeriod: "333.33", storedMaterials: "0.02", amount: "333.35", retainage: "33.34" });
    expect(billLine("100.10", "0", "0.075")).toMatchObject({ retainage: "7.51" });
    expect(billLine("250.00", "0", "0")).toMatchObject({ amount: "250.00", retainage: "0.00" });
  });

  it("totals are the sums of the rounded lines; amount due = total − retainage (+ released retainage)", () => {
    const lines = [billLine("1000.05", "0", "0.10"), billLine("333.33", "0.02", "0.10")];
    expect(invoiceTotals(lines)).toEqual({ total: "1333.40", retainage: "133.35", amountDue: "1200.05" });
    expect(invoiceTotals([{ amount: "0", retainage: "0", retainageReleased: "600.00" }, { amount: "0", retainage: "0", retainageReleased: "300.00" }])).toEqual({
      total: "900.00",
      retainage: "0.00",
      amountDue: "900.00",
    });
    expect(invoiceTotals([])).toEqual({ total: "0.00", retainage: "0.00", amountDue: "0.00" });
  });

  it("billing exactly to the ceiling is fine; a cent over is over", () => {
    expect(overBilled("10000.00", "6000.00", "4000.00")).toBeNull();
    expect(overBilled("10000.00", "6000.00", "4000.01")).toEqual({ billedToDate: "10000.01", over: "0.01" });
    expect(overBilled("0.00", "0.00", "0.01")).toEqual({ billedToDate: "0.01", over: "0.01" });
  });

  it("formats exact amounts for messages", () => {
    expect(formatMoney("1234567.5")).toBe("$1,234,567.50");
    expect(formatMoney("0.01")).toBe("$0.01");
  });
});
