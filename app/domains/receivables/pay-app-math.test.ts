import { describe, expect, it } from "vitest";
import { applyRate, moneyString, sumMoney } from "~/utils/money";
import {
  computePayApplication,
  computeRetainageRelease,
  nextPrevious,
  thisPeriodFromPercent,
  type PayAppInput,
  type PayAppLineInput,
  type PayAppResult,
} from "./pay-app-math";
import { marginalRetainage } from "../contracts/retainage-bands";

const line = (key: string, fields: Partial<PayAppLineInput>): PayAppLineInput => ({
  key,
  description: key,
  scheduledValue: "0.00",
  previousCompleted: "0.00",
  previousStored: "0.00",
  thisPeriod: "0.00",
  storedNow: "0.00",
  retainageRate: "0.05",
  ...fields,
});

/** An application whose original contract sum is the schedule of values total, unless given. */
const apply = (lines: PayAppLineInput[], fields: Partial<PayAppInput> = {}) =>
  computePayApplication({
    originalContractSum: moneyString(sumMoney(lines.map((l) => l.scheduledValue))),
    netChangeByChangeOrders: "0.00",
    previousCertificates: "0.00",
    lines,
    ...fields,
  });

/** The next period's line: previous figures carried by nextPrevious, this period's entries given. */
const carry = (previous: PayAppResult, key: string, fields: Partial<PayAppLineInput> = {}) => {
  const result = previous.lines.find((l) => l.key === key)!;
  return line(key, { scheduledValue: result.scheduledValue, ...nextPrevious(result), ...fields });
};

const figures = (result: PayAppResult, ...keys: (keyof PayAppResult["lines"][number])[]) =>
  result.lines.map((l) => keys.map((k) => l[k]));

describe("pay application math", () => {
  it("reproduces the DOMAIN.md worked check over two applications", () => {
    const first = apply([
      line("01 Site work", { scheduledValue: "8000.00", thisPeriod: "8000.00" }),
      line("02 Concrete", { scheduledValue: "12500.00", thisPeriod: "9000.00" }),
      line("03 Framing", { scheduledValue: "10000.00", thisPeriod: "3263.16" }),
      line("04 Finishes", { scheduledValue: "8000.00" }),
    ]);
    expect(first.errors).toEqual([]);
    expect(figures(first, "retainage")).toEqual([["400.00"], ["450.00"], ["163.16"], ["0.00"]]);
    expect(first.summary.line6EarnedLessRetainage).toBe("19250.00");

    const framing = carry(first, "03 Framing");
    const second = apply(
      [
        carry(first, "01 Site work"),
        carry(first, "02 Concrete", { thisPeriod: "3500.00" }),
        { ...framing, thisPeriod: thisPeriodFromPercent(framing, "90") },
        carry(first, "04 Finishes", { thisPeriod: "3020.00" }),
        line("CO-001 Added outlets", { scheduledValue: "800.00", thisPeriod: "800.00" }),
        line("CO-002 Upgraded doors", { scheduledValue: "480.00", thisPeriod: "480.00" }),
      ],
      { originalContractSum: "38500.00", netChangeByChangeOrders: "1280.00", previousCertificates: first.summary.line6EarnedLessRetainage },
    );
    expect(second.errors).toEqual([]);
    expect(figures(second, "previousCompleted", "thisPeriod", "totalCompletedAndStored", "percentComplete", "balanceToFinish", "retainage")).toEqual([
      ["8000.00", "0.00", "8000.00", "100.00", "0.00", "400.00"],
      ["9000.00", "3500.00", "12500.00", "100.00", "0.00", "625.00"],
      ["3263.16", "5736.84", "9000.00", "90.00", "1000.00", "450.00"],
      ["0.00", "3020.00", "3020.00", "37.75", "4980.00", "151.00"],
      ["0.00", "800.00", "800.00", "100.00", "0.00", "40.00"],
      ["0.00", "480.00", "480.00", "100.00", "0.00", "24.00"],
    ]);
    expect(second.summary).toEqual({
      line1OriginalContractSum: "38500.00",
      line2NetChangeByChangeOrders: "1280.00",
      line3ContractSumToDate: "39780.00",
      line4CompletedAndStoredToDate: "33800.00",
      line5aRetainageOnCompleted: "1690.00",
      line5bRetainageOnStored: "0.00",
      line5TotalRetainage: "1690.00",
      line6EarnedLessRetainage: "32110.00",
      line7PreviousCertificates: "19250.00",
      line8CurrentPaymentDue: "12860.00",
      line9BalanceToFinishIncludingRetainage: "7670.00",
    });
    expect(second.percentComplete).toBe("84.97");
  });

  it("carries stored materials as F, bills them as E when installed and never carries F into D", () => {
    const elevator = { scheduledValue: "100000.00", retainageRate: "0.10", storedRetainageRate: "0.15" };
    const first = apply([line("Elevator", { ...elevator, thisPeriod: "10000.00", storedNow: "30000.00" })]);
    expect(figures(first, "completedToDate", "storedNow", "totalCompletedAndStored", "percentComplete", "retainageOnCompleted", "retainageOnStored")).toEqual([
      ["10000.00", "30000.00", "40000.00", "40.00", "1000.00", "4500.00"],
    ]);
    expect(first.summary).toMatchObject({ line4CompletedAndStoredToDate: "40000.00", line5aRetainageOnCompleted: "1000.00", line5bRetainageOnStored: "4500.00", line5TotalRetainage: "5500.00", line8CurrentPaymentDue: "34500.00" });

    // Period 2: 20,000 of the stored material installed plus 5,000 of new work; 10,000 still stored.
    const second = apply([carry(first, "Elevator", { ...elevator, thisPeriod: "25000.00", storedNow: "10000.00" })], { previousCertificates: first.summary.line6EarnedLessRetainage });
    expect(figures(second, "previousCompleted", "previousStored", "thisPeriod", "storedNow", "totalCompletedAndStored", "retainage")).toEqual([
      ["10000.00", "30000.00", "25000.00", "10000.00", "45000.00", "5000.00"],
    ]);
    expect(second.summary).toMatchObject({ line5aRetainageOnCompleted: "3500.00", line5bRetainageOnStored: "1500.00", line6EarnedLessRetainage: "40000.00", line8CurrentPaymentDue: "5500.00" });

    const third = apply([carry(second, "Elevator", { ...elevator, thisPeriod: "10000.00" })], { previousCertificates: second.summary.line6EarnedLessRetainage });
    expect(nextPrevious(second.lines[0])).toEqual({ previousCompleted: "35000.00", previousStored: "10000.00", retainageReleased: "0.00" });
    expect(figures(third, "previousCompleted", "storedNow", "totalCompletedAndStored", "retainage")).toEqual([["35000.00", "0.00", "45000.00", "4500.00"]]);
    expect(third.summary).toMatchObject({ line5bRetainageOnStored: "0.00", line6EarnedLessRetainage: "40500.00", line8CurrentPaymentDue: "500.00" });
  });

  it("rounds retainage per line and totals the rounded lines", () => {
    const result = apply(["A", "B", "C"].map((key) => line(key, { scheduledValue: "333.33", thisPeriod: "333.33" })));
    expect(figures(result, "retainage")).toEqual([["16.67"], ["16.67"], ["16.67"]]);
    expect(applyRate("999.99", "0.05").toFixed(2)).toBe("50.00");
    expect(result.summary).toMatchObject({ line4CompletedAndStoredToDate: "999.99", line5TotalRetainage: "50.01", line6EarnedLessRetainage: "949.98" });
  });

  it("turns a percent-complete entry into this period's amount", () => {
    expect(thisPeriodFromPercent({ scheduledValue: "12345.67", previousCompleted: "1000.00" }, "33.3")).toBe("3111.11");
    expect(thisPeriodFromPercent({ scheduledValue: "1000.01", previousCompleted: "0.00" }, "50")).toBe("500.01");
    expect(thisPeriodFromPercent({ scheduledValue: "8000.00", previousCompleted: "2000.00" }, "62.5")).toBe("3000.00");
    expect(thisPeriodFromPercent({ scheduledValue: "10000.00", previousCompleted: "5000.00" }, "40")).toBe("-1000.00");
    expect(thisPeriodFromPercent({ scheduledValue: "0.00", previousCompleted: "0.00" }, "50")).toBe("0.00");
  });

  describe("validation", () => {
    it("refuses billing past 100%, backwards progress, negative stored material and negative totals, all at once", () => {
      const result = apply([
        line("Roofing", { scheduledValue: "10000.00", previousCompleted: "9000.00", thisPeriod: "1500.00" }),
        line("Paving", { scheduledValue: "8000.00", previousCompleted: "5000.00", thisPeriod: "-500.00" }),
        line("Doors", { scheduledValue: "2000.00", storedNow: "-100.00" }),
        line("Windows", { scheduledValue: "3000.00", previousCompleted: "100.00", thisPeriod: "-150.00", correction: true }),
        line("Allowance", { scheduledValue: "0.00", storedNow: "10.00" }),
        line("Painting", { scheduledValue: "4000.00", thisPeriod: "3000.00", storedNow: "1000.00" }),
      ]);
      expect(result.errors).toEqual([
        {
          key: "Roofing",
          code: "overBilled",
          message:
            'Line "Roofing": completed and stored to date 10,500.00 would exceed its scheduled value 10,000.00 (105.00%). Billing past 100% needs an approved change order on the schedule of values.',
        },
        { key: "Paving", code: "negativeProgress", message: 'Line "Paving": work completed this period is -500.00; progress can go backwards only as an explicit correction.' },
        { key: "Doors", code: "negativeStored", message: 'Line "Doors": materials presently stored cannot be negative (-100.00).' },
        { key: "Windows", code: "negativeCompleted", message: 'Line "Windows": work completed to date would be -50.00, past zero.' },
        {
          key: "Allowance",
          code: "overBilled",
          message: 'Line "Allowance": completed and stored to date 10.00 would exceed its scheduled value 0.00. Billing past 100% needs an approved change order on the schedule of values.',
        },
      ]);
    });

    it("accepts backwards progress as an explicit correction", () => {
      const result = apply([line("Paving", { scheduledValue: "8000.00", previousCompleted: "5000.00", thisPeriod: "-500.00", correction: true })]);
      expect(result.errors).toEqual([]);
      expect(figures(result, "thisPeriod", "totalCompletedAndStored", "retainage")).toEqual([["-500.00", "4500.00", "225.00"]]);
    });

    it("refuses a schedule of values that does not total the contract sum to date", () => {
      const result = apply([line("A", { scheduledValue: "1000.00" })], { netChangeByChangeOrders: "250.00" });
      expect(result.errors).toEqual([
        {
          key: null,
          code: "scheduleMismatch",
          message: "The schedule of values totals 1,000.00 but the contract sum to date is 1,250.00; every approved prime change order must be on the schedule.",
        },
      ]);
    });

    it("mirrors the rules on a deductive change order line and credits its retainage", () => {
      const deduct = (fields: Partial<PayAppLineInput>) =>
        apply([line("Base", { scheduledValue: "10000.00", thisPeriod: "1000.00" }), line("CO-003 Deduct", { scheduledValue: "-500.00", ...fields })], {
          originalContractSum: "10000.00",
          netChangeByChangeOrders: "-500.00",
        });
      const billed = deduct({ thisPeriod: "-500.00" });
      expect(billed.errors).toEqual([]);
      expect(figures(billed, "totalCompletedAndStored", "percentComplete", "balanceToFinish", "retainage")).toEqual([
        ["1000.00", "10.00", "9000.00", "50.00"],
        ["-500.00", "100.00", "0.00", "-25.00"],
      ]);
      expect(billed.summary).toMatchObject({ line3ContractSumToDate: "9500.00", line4CompletedAndStoredToDate: "500.00", line5TotalRetainage: "25.00", line6EarnedLessRetainage: "475.00" });
      expect(figures(deduct({}), "percentComplete", "balanceToFinish", "retainage")[1]).toEqual(["0.00", "-500.00", "0.00"]);
      expect(deduct({ thisPeriod: "-600.00" }).errors.map((e) => e.code)).toEqual(["overBilled"]);
      expect(deduct({ thisPeriod: "100.00" }).errors.map((e) => e.code)).toEqual(["negativeProgress", "negativeCompleted"]);
      expect(deduct({ thisPeriod: "-100.00", storedNow: "50.00" }).errors.map((e) => e.code)).toEqual(["storedOnDeductiveLine"]);
    });
  });

  describe("retainage cap", () => {
    const terms = { retainageCapRate: "0.05" };
    const capped = (a: Partial<PayAppLineInput>, b: Partial<PayAppLineInput>) =>
      apply([line("A", { scheduledValue: "60000.00", retainageRate: "0.10", ...a }), line("B", { scheduledValue: "40000.00", retainageRate: "0.10", ...b })], { terms });

    it("scales line retainage down to exactly the cap", () => {
      const result = capped({ thisPeriod: "40000.00" }, { thisPeriod: "30000.00" });
      expect(result).toMatchObject({ retainageCap: "5000.00", capped: true });
      expect(figures(result, "retainage")).toEqual([["2857.14"], ["2142.86"]]);
      expect(result.summary.line5TotalRetainage).toBe("5000.00");
    });

    it("caps retainage on stored material too, each part at most its uncapped value", () => {
      const result = capped({ thisPeriod: "30000.00", storedNow: "10000.00" }, { thisPeriod: "30000.00" });
      expect(figures(result, "retainageOnCompleted", "retainageOnStored", "retainage")).toEqual([
        ["2142.86", "714.28", "2857.14"],
        ["2142.86", "0.00", "2142.86"],
      ]);
      expect(result.summary).toMatchObject({ line5aRetainageOnCompleted: "4285.72", line5bRetainageOnStored: "714.28", line5TotalRetainage: "5000.00" });
    });

    it("has no effect at or below the cap", () => {
      const below = capped({ thisPeriod: "20000.00" }, { thisPeriod: "10000.00" });
      expect(below).toMatchObject({ retainageCap: "5000.00", capped: false });
      expect(figures(below, "retainage")).toEqual([["2000.00"], ["1000.00"]]);
      const at = capped({ thisPeriod: "30000.00" }, { thisPeriod: "20000.00" });
      expect(at.capped).toBe(false);
      expect(at.summary.line5TotalRetainage).toBe("5000.00");
      expect(apply([line("A", { scheduledValue: "100.00", thisPeriod: "100.00" })]).retainageCap).toBeNull();
    });
  });

  describe("retainage step-down at 50% complete", () => {
    const terms = { retainageStepDownRate: "0.05" };
    const stepped = (a: Partial<PayAppLineInput>, b: Partial<PayAppLineInput> = {}, fields: Partial<PayAppInput> = {}) =>
      apply([line("A", { scheduledValue: "50000.00", retainageRate: "0.10", ...a }), line("B", { scheduledValue: "50000.00", retainageRate: "0.10", ...b })], { terms, ...fields });

    it("keeps the line rate below 50%", () => {
      const result = stepped({ thisPeriod: "49999.99" });
      expect(result).toMatchObject({ steppedDown: false, percentComplete: "50.00" });
      expect(figures(result, "retainageRate", "retainage")).toEqual([["0.1", "5000.00"], ["0.1", "0.00"]]);
    });

    it("uses the step-down rate at exactly 50% and above, never raising a lower line rate", () => {
      const at = stepped({ thisPeriod: "50000.00" });
      expect(at).toMatchObject({ steppedDown: true, percentComplete: "50.00" });
      expect(figures(at, "retainageRate", "retainage")).toEqual([["0.05", "2500.00"], ["0.05", "0.00"]]);
      const above = stepped({ thisPeriod: "50000.00" }, { thisPeriod: "10000.00", retainageRate: "0.02" });
      expect(figures(above, "retainageRate", "retainage")).toEqual([["0.05", "2500.00"], ["0.02", "200.00"]]);
      expect(above.summary.line5TotalRetainage).toBe("2700.00");
    });

    it("pays the stepped-down difference in the application that crosses 50%", () => {
      const first = stepped({ thisPeriod: "40000.00" });
      expect(first.summary).toMatchObject({ line5TotalRetainage: "4000.00", line6EarnedLessRetainage: "36000.00" });
      const second = stepped({ previousCompleted: "40000.00", thisPeriod: "10000.00" }, {}, { previousCertificates: first.summary.line6EarnedLessRetainage });
      expect(second.summary).toMatchObject({ line5TotalRetainage: "2500.00", line6EarnedLessRetainage: "47500.00", line8CurrentPaymentDue: "11500.00" });
    });

    it("counts stored material towards 50% and steps its rate down too", () => {
      const below = stepped({ thisPeriod: "30000.00", storedNow: "19999.99", storedRetainageRate: "0.15" });
      expect(below.steppedDown).toBe(false);
      expect(figures(below, "retainageOnCompleted", "retainageOnStored")[0]).toEqual(["3000.00", "3000.00"]);
      const at = stepped({ thisPeriod: "30000.00", storedNow: "20000.00", storedRetainageRate: "0.15" });
      expect(at.steppedDown).toBe(true);
      expect(figures(at, "storedRetainageRate", "retainageOnCompleted", "retainageOnStored")[0]).toEqual(["0.05", "1500.00", "1000.00"]);
      expect(at.summary).toMatchObject({ line5aRetainageOnCompleted: "1500.00", line5bRetainageOnStored: "1000.00", line5TotalRetainage: "2500.00" });
    });
  });

  describe("retainage bands (retainage-bands.ts)", () => {
    const steps = { retainageBandBasis: "percent_complete", retainageBands: [{ from: "25", rate: "0.075" }, { from: "75", rate: "0.025" }] } as const;
    const banded = (a: Partial<PayAppLineInput>, b: Partial<PayAppLineInput> = {}) =>
      apply([line("A", { scheduledValue: "50000.00", retainageRate: "0.10", ...a }), line("B", { scheduledValue: "50000.00", retainageRate: "0.10", ...b })], {
        terms: { ...steps, retainageBands: [...steps.retainageBands] },
      });

    it("steps down on the whole to-date amount exactly at a % complete threshold, not a cent before", () => {
      const under = banded({ thisPeriod: "24999.99" });
      expect(under).toMatchObject({ steppedDown: false, percentComplete: "25.00" });
      expect(figures(under, "retainageRate", "retainage")[0]).toEqual(["0.1", "2500.00"]);
      const at = banded({ thisPeriod: "25000.00" });
      expect(at.steppedDown).toBe(true);
      expect(figures(at, "retainageRate", "retainage")[0]).toEqual(["0.075", "1875.00"]);
      expect(figures(banded({ thisPeriod: "50000.00" }, { thisPeriod: "24999.99" }), "retainage")).toEqual([["3750.00"], ["1875.00"]]);
      const second = banded({ thisPeriod: "50000.00" }, { thisPeriod: "25000.00" });
      expect(figures(second, "retainageRate", "retainage")).toEqual([["0.025", "1250.00"], ["0.025", "625.00"]]);
      expect(second.summary.line5TotalRetainage).toBe("1875.00");
    });

    it("reads the old step-down rate as the band from 50% (what migration 0027 stores)", () => {
      const lines = [line("A", { scheduledValue: "60000.00", thisPeriod: "30000.00", storedNow: "1000.00", retainageRate: "0.10" }), line("B", { scheduledValue: "40000.00", thisPeriod: "19000.00", retainageRate: "0.10" })];
      const old = apply(lines, { terms: { retainageStepDownRate: "0.05" } });
      const migrated = apply(lines, { terms: { retainageBandBasis: "percent_complete", retainageBands: [{ from: "50", rate: "0.050000" }] } });
      expect(migrated).toEqual(old);
      expect(old).toMatchObject({ steppedDown: true, summary: { line5TotalRetainage: "2500.00" } });
    });

    it("works out amount bands marginally, like tax brackets, and spreads them over the default-rate lines to the cent", () => {
      expect(marginalRetainage("0.10", [{ from: "500000.00", rate: "0.05" }, { from: "1000000.00", rate: "0.025" }], "1500000.00").toFixed(4)).toBe("87500.0000");
      expect(marginalRetainage("0.10", [{ from: "500000.00", rate: "0.05" }], "500000.01").toFixed(4)).toBe("50000.0005");
      expect(marginalRetainage("0.10", [{ from: "500000.00", rate: "0.05" }], "-1000.00").toFixed(2)).toBe("-100.00");

      const terms = { retainageRate: "0.10", retainageBandBasis: "amount_billed" as const, retainageBands: [{ from: "500000.00", rate: "0.05" }] };
      const billed = (b: string, own: Partial<PayAppLineInput> = {}) =>
        apply(
          [
            line("A", { scheduledValue: "400000.00", thisPeriod: "400000.00", retainageRate: "0.10" }),
            line("B", { scheduledValue: "400000.00", thisPeriod: b, retainageRate: "0.10" }),
            line("C", { scheduledValue: "200000.00", thisPeriod: "100000.00", retainageRate: "0.10", ...own }),
          ],
          { terms },
        );
      // A + B + C = 500,000.00 exactly: all at 10%
      expect(figures(billed("0.00"), "retainage")).toEqual([["40000.00"], ["0.00"], ["10000.00"]]);
      // one cent over: 50,000.00 + 5% × 0.01, still 50,000.00 once rounded
      const cent = billed("0.01");
      expect(figures(cent, "retainage")).toEqual([["40000.00"], ["0.00"], ["10000.00"]]);
      expect(cent.summary.line5aRetainageOnCompleted).toBe("50000.00");
      // 600,000.00 billed: 50,000.00 + 5,000.00, spread in proportion (largest remainder), lines sum exactly
      const above = billed("100000.00");
      expect(figures(above, "retainageRate", "retainage")).toEqual([
        ["0.091667", "36666.67"],
        ["0.091667", "9166.67"],
        ["0.091667", "9166.66"],
      ]);
      expect(above.summary.line5TotalRetainage).toBe("55000.00");
      // a line with its own rate keeps it and is left out of the bands' amount
      const own = billed("100000.00", { retainageRate: "0.05", ownRetainageRate: true });
      expect(figures(own, "retainageRate", "retainage")).toEqual([
        ["0.1", "40000.00"],
        ["0.1", "10000.00"],
        ["0.05", "5000.00"],
      ]);
      expect(own.summary.line5TotalRetainage).toBe("55000.00");
    });

    it("applies the cap after bands", () => {
      const terms = { retainageRate: "0.10", retainageCapRate: "0.04", retainageBandBasis: "amount_billed" as const, retainageBands: [{ from: "500000.00", rate: "0.05" }] };
      const result = apply([line("A", { scheduledValue: "1000000.00", thisPeriod: "600000.00", retainageRate: "0.10" })], { terms });
      expect(result).toMatchObject({ retainageCap: "40000.00", capped: true, summary: { line5TotalRetainage: "40000.00" } });
    });
  });

  describe("retainage release", () => {
    const progress = apply(
      [
        line("A", { scheduledValue: "10000.00", thisPeriod: "10000.00" }),
        line("B", { scheduledValue: "10000.00", thisPeriod: "4000.00", storedNow: "1000.00" }),
        line("C", { scheduledValue: "10000.00", thisPeriod: "3333.30" }),
      ].map((l) => ({ ...l, retainageRate: "0.10" })),
    );

    it("holds the retainage the release starts from", () => {
      expect(figures(progress, "retainageOnCompleted", "retainageOnStored")).toEqual([
        ["1000.00", "0.00"],
        ["400.00", "100.00"],
        ["333.33", "0.00"],
      ]);
      expect(progress.summary).toMatchObject({ line4CompletedAndStoredToDate: "18333.30", line5TotalRetainage: "1833.33", line6EarnedLessRetainage: "16499.97" });
    });

    it("releases the amounts entered per line, each at most what its line holds", () => {
      const [a, b] = progress.lines.map((l) => l.key);
      const release = computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: { lines: [{ key: a, amount: "300.00" }, { key: b, amount: "450.00" }], total: "750.00" } });
      expect(release.errors).toEqual([]);
      expect(release.released).toBe("750.00");
      expect(release.lines.map((l) => [l.released, l.releasedOnCompleted, l.releasedOnStored, l.retainage])).toEqual([
        ["300.00", "300.00", "0.00", "700.00"],
        ["450.00", "400.00", "50.00", "50.00"],
        ["0.00", "0.00", "0.00", "333.33"],
      ]);
      expect(release.summary).toMatchObject({ line5TotalRetainage: "1083.33", line8CurrentPaymentDue: "750.00" });

      const exactlyHeld = computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: { lines: [{ key: b, amount: "500.00" }] } });
      expect(exactlyHeld.errors).toEqual([]);
      const refused = (lines: { key: string; amount: string }[], total?: string) =>
        computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: { lines, total } });
      const over = refused([{ key: b, amount: "500.01" }]);
      expect(over.errors).toEqual([{ key: b, code: "releaseExceedsLine", message: 'Line "B": the release of 500.01 is more than the 500.00 of retainage it holds.' }]);
      expect(over.released).toBe("0.00");
      expect(refused([{ key: a, amount: "-1.00" }, { key: b, amount: "5.00" }]).errors.map((e) => [e.key, e.code])).toEqual([[a, "releaseNegative"]]);
      expect(refused([{ key: a, amount: "0.00" }]).errors.map((e) => e.code)).toEqual(["releaseNotPositive"]);
      expect(refused([{ key: a, amount: "10.00" }], "20.00").errors).toEqual([
        { key: null, code: "releaseTotalMismatch", message: "The lines release 10.00 in all but the total entered is 20.00: enter one or make them agree." },
      ]);
    });

    it("releases part of it in proportion to what each line holds, completed work first", () => {
      const release = computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: "1000.00" });
      expect(release.errors).toEqual([]);
      expect(release.released).toBe("1000.00");
      expect(release.lines.map((l) => [l.released, l.releasedOnCompleted, l.releasedOnStored, l.retainage])).toEqual([
        ["545.45", "545.45", "0.00", "454.55"],
        ["272.73", "272.73", "0.00", "227.27"],
        ["181.82", "181.82", "0.00", "151.51"],
      ]);
      expect(release.summary).toEqual({
        line1OriginalContractSum: "30000.00",
        line2NetChangeByChangeOrders: "0.00",
        line3ContractSumToDate: "30000.00",
        line4CompletedAndStoredToDate: "18333.30",
        line5aRetainageOnCompleted: "733.33",
        line5bRetainageOnStored: "100.00",
        line5TotalRetainage: "833.33",
        line6EarnedLessRetainage: "17499.97",
        line7PreviousCertificates: "16499.97",
        line8CurrentPaymentDue: "1000.00",
        line9BalanceToFinishIncludingRetainage: "12500.03",
      });

      // The next progress application does not withhold the released retainage again.
      const next = apply(
        progress.lines.map((l, i) => line(l.key, { scheduledValue: l.scheduledValue, retainageRate: "0.10", storedNow: l.storedNow, ...nextPrevious(l, release.lines[i]) })),
        { previousCertificates: release.summary.line6EarnedLessRetainage },
      );
      expect(figures(next, "retainageReleased", "retainageOnCompleted", "retainageOnStored")).toEqual([
        ["545.45", "454.55", "0.00"],
        ["272.73", "127.27", "100.00"],
        ["181.82", "151.51", "0.00"],
      ]);
      expect(next.summary).toMatchObject({ line5aRetainageOnCompleted: "733.33", line5bRetainageOnStored: "100.00", line6EarnedLessRetainage: "17499.97", line8CurrentPaymentDue: "0.00" });
    });

    it("releases everything held on a final release", () => {
      const release = computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: "final" });
      expect(release.errors).toEqual([]);
      expect(release.lines.map((l) => [l.released, l.releasedOnCompleted, l.releasedOnStored, l.retainage])).toEqual([
        ["1000.00", "1000.00", "0.00", "0.00"],
        ["500.00", "400.00", "100.00", "0.00"],
        ["333.33", "333.33", "0.00", "0.00"],
      ]);
      expect(release.summary).toMatchObject({
        line5TotalRetainage: "0.00",
        line6EarnedLessRetainage: "18333.30",
        line7PreviousCertificates: "16499.97",
        line8CurrentPaymentDue: "1833.33",
        line9BalanceToFinishIncludingRetainage: "11666.70",
      });
    });

    it("refuses a release of nothing, more than is held, or against lines that do not tie to line 5", () => {
      const codes = (fields: Partial<Parameters<typeof computeRetainageRelease>[0]>) =>
        computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: "1.00", ...fields }).errors;
      expect(codes({ release: "0.00" }).map((e) => e.code)).toEqual(["releaseNotPositive"]);
      expect(codes({ release: "1833.34" })).toEqual([
        { key: null, code: "releaseExceedsHeld", message: "The release of 1,833.34 is more than the 1,833.33 of retainage held." },
      ]);
      expect(codes({ lines: progress.lines.slice(1) }).map((e) => e.code)).toEqual(["heldMismatch"]);
      expect(computeRetainageRelease({ previous: progress.summary, lines: progress.lines, release: "0.00" }).summary.line8CurrentPaymentDue).toBe("0.00");
    });
  });

  it("shows 0% and divides by nothing on a zero scheduled value line", () => {
    const result = apply([line("Base", { scheduledValue: "500.00", thisPeriod: "250.00" }), line("Allowance", { scheduledValue: "0.00" })]);
    expect(result.errors).toEqual([]);
    expect(figures(result, "percentComplete", "balanceToFinish", "retainage")).toEqual([
      ["50.00", "250.00", "12.50"],
      ["0.00", "0.00", "0.00"],
    ]);
    const empty = apply([line("Allowance", { scheduledValue: "0.00" })]);
    expect(empty).toMatchObject({ percentComplete: "0.00", errors: [] });
    expect(empty.summary.line9BalanceToFinishIncludingRetainage).toBe("0.00");
  });
});
