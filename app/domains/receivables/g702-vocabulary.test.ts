import { describe, expect, it } from "vitest";
import { changeOrderSummary, ratePercent, summaryLines, type RetainageTerms } from "./g702-vocabulary";
import type { G702Summary } from "./pay-app-math";

const summary = Object.fromEntries(
  [
    "line1OriginalContractSum",
    "line2NetChangeByChangeOrders",
    "line3ContractSumToDate",
    "line4CompletedAndStoredToDate",
    "line5aRetainageOnCompleted",
    "line5bRetainageOnStored",
    "line5TotalRetainage",
    "line6EarnedLessRetainage",
    "line7PreviousCertificates",
    "line8CurrentPaymentDue",
    "line9BalanceToFinishIncludingRetainage",
  ].map((key, i) => [key, `${i + 1}.00`]),
) as unknown as G702Summary;

const terms = (over: Partial<RetainageTerms>): RetainageTerms => ({
  retainageRate: "0.100000",
  retainageBandBasis: null,
  retainageBands: [],
  retainageCapRate: null,
  contractSumToDate: "1000.00",
  completedAndStoredToDate: "400.00",
  lineRates: [
    { completed: "0.100000", stored: "0.100000" },
    { completed: "0.100000", stored: "0.100000" },
  ],
  ...over,
});
const line = (lines: ReturnType<typeof summaryLines>, number: string) => lines.find((l) => l.number === number)!;
/** The old step-down, as migration 0027 stores it: a band from 50% complete. */
const stepDown: Partial<RetainageTerms> = { retainageBandBasis: "percent_complete", retainageBands: [{ from: "50", rate: "0.050000" }] };

describe("G702 vocabulary", () => {
  it("names the retainage rate on 5a and 5b, the step-down once it applies, and the cap on line 5", () => {
    expect(ratePercent("0.075000")).toBe("7.5%");
    const plain = summaryLines(summary, terms({}));
    expect(line(plain, "5a").label).toBe("Retainage on completed work at 10%");
    expect(line(plain, "5").note).toBe("5a + 5b, column I");
    expect(line(plain, "8")).toMatchObject({ label: "Current payment due", note: "line 6 - line 7", amount: "10.00" });

    // below 50 % complete the step-down does not apply yet; at 50 % it does
    expect(line(summaryLines(summary, terms(stepDown)), "5a").label).toBe("Retainage on completed work at 10%");
    const stepped = summaryLines(summary, terms({ ...stepDown, completedAndStoredToDate: "500.00", retainageCapRate: "0.080000" }));
    expect(line(stepped, "5a").label).toBe("Retainage on completed work at 5% (stepped down from 10% at 50% complete)");
    expect(line(stepped, "5b").label).toBe("Retainage on stored materials at 5% (stepped down from 10% at 50% complete)");
    expect(line(stepped, "5").note).toBe("5a + 5b, column I; capped at 8% of the contract sum to date");
  });

  it("states the band reached on 5a and 5b, and amount bands on 5a", () => {
    const bands: Partial<RetainageTerms> = {
      retainageBandBasis: "percent_complete",
      retainageBands: [
        { from: "25", rate: "0.075000" },
        { from: "75", rate: "0.025000" },
      ],
    };
    expect(line(summaryLines(summary, terms({ ...bands, completedAndStoredToDate: "249.99" })), "5a").label).toBe("Retainage on completed work at 10%");
    expect(line(summaryLines(summary, terms({ ...bands, completedAndStoredToDate: "250.00" })), "5a").label).toBe(
      "Retainage on completed work at 7.5% (stepped down from 10% at 25% complete)",
    );
    expect(line(summaryLines(summary, terms({ ...bands, completedAndStoredToDate: "750.00" })), "5b").label).toBe(
      "Retainage on stored materials at 2.5% (stepped down from 10% at 75% complete)",
    );
    const amount = summaryLines(summary, terms({ retainageBandBasis: "amount_billed", retainageBands: [{ from: "500000.00", rate: "0.050000" }] }));
    expect(line(amount, "5a").label).toBe("Retainage on completed work at 10% on the first 500,000.00, 5% above");
    expect(line(amount, "5b").label).toBe("Retainage on stored materials at 10%");
  });

  it("says when rates vary by line", () => {
    const varied = terms({ lineRates: [{ completed: "0.100000", stored: "0.050000" }, { completed: "0.050000", stored: "0.050000" }] });
    const lines = summaryLines(summary, varied);
    expect(line(lines, "5a").label).toBe("Retainage on completed work at rates that vary by line (column I)");
    expect(line(lines, "5b").label).toBe("Retainage on stored materials at 5%");
  });
});

describe("change order summary", () => {
  const figures = { previousPeriodEnd: null, previousAdditions: "0.00", previousDeductions: "0.00", thisAdditions: "1280.00", thisDeductions: "300.50" };
  it("totals additions and deductions; the net change is line 2; a first application counts everything this month", () => {
    const block = changeOrderSummary(figures, "979.50");
    expect(block.rows.map((r) => [r.label, r.additions, r.deductions])).toEqual([
      ["Approved in previous months", "0.00", "0.00"],
      ["Approved this month", "1280.00", "300.50"],
      ["Totals", "1280.00", "300.50"],
    ]);
    expect(block.net).toEqual({ label: "Net change by change orders (line 2)", note: "total additions - total deductions", amount: "979.50" });
    expect(block.notes).toEqual(["First application: every change order approved up to when its figures were fixed counts in this month."]);
  });

  it("says so when line 2 no longer matches the approved change orders", () => {
    const block = changeOrderSummary({ ...figures, previousPeriodEnd: "2026-01-31", previousAdditions: "10.00" }, "979.50");
    expect(block.net.amount).toBe("989.50");
    expect(block.notes[0]).toContain("on or before 2026-01-31");
    expect(block.notes[1]).toBe("Line 2 (979.50) differs: change orders were approved or voided after this application's figures were computed. Saving the draft updates it.");
  });
});
