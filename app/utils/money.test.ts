import { describe, expect, it } from "vitest";
import { allocate, applyRate, formatAmount, moneyString, parseMoneyInput, percentToRate, rateToPercent, readMoneyText, roundMoney, sumMoney } from "./money";

describe("money", () => {
  it("rounds half-up to the cent, both signs", () => {
    expect(moneyString("0.005")).toBe("0.01");
    expect(moneyString("0.004999")).toBe("0.00");
    expect(moneyString("-0.005")).toBe("-0.01");
    expect(moneyString("1234567890.125")).toBe("1234567890.13");
  });

  it("totals are the sum of rounded lines, not the rounded sum", () => {
    // Three lines of 1/3 of 10.00 at 5%: each 0.166… → 0.17; the total is 0.51, not 0.50.
    const lines = [1, 2, 3].map(() => applyRate("3.333333", "0.05"));
    expect(lines.map(String)).toEqual(["0.17", "0.17", "0.17"]);
    expect(sumMoney(lines).toFixed(2)).toBe("0.51");
    expect(sumMoney(["0.1", "0.2"]).toFixed(2)).toBe("0.30");
    expect(roundMoney("0.1").plus("0.2").toFixed(2)).toBe("0.30");
  });

  it("allocates cents exactly", () => {
    expect(allocate("100.00", [1, 1, 1]).map((d) => d.toFixed(2))).toEqual(["33.34", "33.33", "33.33"]);
    expect(allocate("0.05", [3, 1]).map((d) => d.toFixed(2))).toEqual(["0.04", "0.01"]);
    expect(allocate("10.00", [0, 0]).map((d) => d.toFixed(2))).toEqual(["5.00", "5.00"]);
  });

  it("reads money text exactly, leaving decimals and size to the caller", () => {
    expect(readMoneyText(" -$1,234.567 ")?.toString()).toBe("-1234.567");
    expect(readMoneyText("($1,234.50)")?.toFixed(2)).toBe("-1234.50");
    expect(readMoneyText(".5")?.toFixed(2)).toBe("0.50");
    for (const bad of ["", "$", "(-5)", "1.2.3", "12a", "1e5"]) expect(readMoneyText(bad)).toBeNull();
  });

  it("formats the exact decimal with thousands separators", () => {
    expect(formatAmount("-1234567.5")).toBe("-1,234,567.50");
    expect(formatAmount("999.994")).toBe("999.99");
    expect(formatAmount("-0.001")).toBe("0.00");
  });

  it("parses typed money and percentages, refusing garbage", () => {
    expect(parseMoneyInput("$1,234.50")?.toFixed(2)).toBe("1234.50");
    expect(parseMoneyInput("(1,234.50)")?.toFixed(2)).toBe("-1234.50");
    expect(parseMoneyInput("-12")?.toFixed(2)).toBe("-12.00");
    for (const bad of ["", "abc", "1.234", "1e5", "12345678901234"]) expect(parseMoneyInput(bad)).toBeNull();
    expect(percentToRate("7.5")).toBe("0.075000");
    expect(percentToRate("101")).toBeNull();
    expect(rateToPercent("0.100000")).toBe("10");
  });
});
