import { describe, expect, it } from "vitest";
import { addDays, defaultPeriodEnd, figuresSince, fiscalYearStart, monthEnd, previousFiscalYearEnd } from "./wip-period";

describe("WIP period dates", () => {
  it("month ends, leap years included", () => {
    expect(monthEnd("2026-12-07", -1)).toBe("2026-11-30");
    expect(monthEnd("2028-03-15", -1)).toBe("2028-02-29");
    expect(monthEnd("2026-01-10", -1)).toBe("2025-12-31");
    expect(monthEnd("0050-03-31")).toBe("0050-03-31");
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
  });

  it("the proposed period end: last month, or the open period after the latest close", () => {
    expect(defaultPeriodEnd("2026-12-07", null)).toBe("2026-11-30");
    expect(defaultPeriodEnd("2026-12-07", "2026-10-31")).toBe("2026-11-30");
    expect(defaultPeriodEnd("2026-12-07", "2026-11-30")).toBe("2026-12-31");
  });

  it("fiscal years: the previous fiscal year end is the day before the start month", () => {
    expect(fiscalYearStart("2026-06-30", 7)).toBe("2025-07-01");
    expect(fiscalYearStart("2026-07-31", 7)).toBe("2026-07-01");
    expect(previousFiscalYearEnd("2026-07-31", 7)).toBe("2026-06-30");
    expect(previousFiscalYearEnd("2026-03-31", 1)).toBe("2025-12-31");
    expect(fiscalYearStart("0050-03-31", 1)).toBe("0050-01-01");
  });

  it("figures since a baseline: now − baseline, from zero without one, exact to the cent", () => {
    expect(figuresSince({ earnedRevenue: "388235.29", grossProfitToDate: "88235.29" }, { earnedRevenue: "235294.12", grossProfitToDate: "35294.12" })).toEqual({
      earnedRevenue: "152941.17",
      grossProfit: "52941.17",
    });
    expect(figuresSince({ earnedRevenue: "0.10", grossProfitToDate: "-0.20" }, undefined)).toEqual({ earnedRevenue: "0.10", grossProfit: "-0.20" });
  });
});
