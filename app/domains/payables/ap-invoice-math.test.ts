import { describe, expect, it } from "vitest";
import { billLine, formatMoney, invoiceRetainage, invoiceTotals, overBilled, type RetainageSheetLine } from "./ap-invoice-math";

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

  describe("retainage of a subcontract's lines (invoiceRetainage)", () => {
    const sheetLine = (key: string, fields: Partial<RetainageSheetLine>): RetainageSheetLine => ({
      key,
      ownRate: null,
      ceiling: "50000.00",
      previouslyBilled: "0.00",
      amount: "0.00",
      previouslyHeld: "0.00",
      released: "0.00",
      ...fields,
    });
    const flat = { retainageRate: "0.10", retainageCapRate: null, bands: { basis: null, bands: [] } };

    it("holds each line at its own rate, else the invoice's, per invoice line when the terms are flat", () => {
      const result = invoiceRetainage(flat, [sheetLine("A", { amount: "1000.05" }), sheetLine("B", { amount: "1000.05", ownRate: "0.05" })]);
      expect(result).toEqual([
        { rate: "0.10", retainage: "100.01" },
        { rate: "0.05", retainage: "50.00" },
      ]);
    });

    it("caps a subcontract's retainage at its share of the commitment sum to date, exactly", () => {
      const capped = { ...flat, retainageCapRate: "0.05" };
      // 100,000.00 commitment, cap 5,000.00; earlier invoices held 4,000.00 on A; 20,000.00 more on B would hold 2,000.00
      const result = invoiceRetainage(capped, [
        sheetLine("A", { previouslyBilled: "40000.00", previouslyHeld: "4000.00" }),
        sheetLine("B", { amount: "20000.00" }),
      ]);
      // to date 6,000.00 over the cap → scaled to 5,000.00: A 3,333.33, B 1,666.67; this invoice: A −666.67, B 1,666.67
      expect(result.map((r) => r.retainage)).toEqual(["-666.67", "1666.67"]);
      // below the cap nothing changes: 10% of 10,000.00
      expect(invoiceRetainage(capped, [sheetLine("A", { amount: "10000.00" }), sheetLine("B", {})]).map((r) => r.retainage)).toEqual(["1000.00", "0.00"]);
    });

    it("steps down on the whole amount to date when a band is reached, never holding less than was released", () => {
      const stepped = { ...flat, bands: { basis: "percent_complete" as const, bands: [{ from: "50", rate: "0.05" }] } };
      const before = [sheetLine("A", { previouslyBilled: "40000.00", previouslyHeld: "4000.00" }), sheetLine("B", { amount: "9999.99" })];
      expect(invoiceRetainage(stepped, before).map((r) => r.retainage)).toEqual(["0.00", "1000.00"]);
      const reached = [sheetLine("A", { previouslyBilled: "40000.00", previouslyHeld: "4000.00" }), sheetLine("B", { amount: "10000.00" })];
      // 50% reached: A holds 2,000.00 to date (−2,000.00 on this invoice), B 500.00
      expect(invoiceRetainage(stepped, reached).map((r) => r.retainage)).toEqual(["-2000.00", "500.00"]);
      const released = [sheetLine("A", { previouslyBilled: "40000.00", previouslyHeld: "4000.00", released: "3000.00" }), sheetLine("B", { amount: "10000.00" })];
      expect(invoiceRetainage(stepped, released).map((r) => r.retainage)).toEqual(["-1000.00", "500.00"]);
    });

    it("works out amount bands marginally over the lines at the commitment's rate", () => {
      const bands = { ...flat, bands: { basis: "amount_billed" as const, bands: [{ from: "60000.00", rate: "0.05" }] } };
      const result = invoiceRetainage(bands, [
        sheetLine("A", { previouslyBilled: "50000.00", previouslyHeld: "5000.00" }),
        sheetLine("B", { amount: "30000.00" }),
        sheetLine("C", { amount: "10000.00", ownRate: "0.02" }),
      ]);
      // A + B = 80,000.00: 6,000.00 + 5% × 20,000.00 = 7,000.00 spread 5/8 : 3/8 → A 4,375.00 (−625.00), B 2,625.00; C its own 2%
      expect(result).toEqual([
        { rate: "0.10", retainage: "-625.00" },
        { rate: "0.10", retainage: "2625.00" },
        { rate: "0.02", retainage: "200.00" },
      ]);
    });
  });
});
