import { describe, expect, it } from "vitest";
import { wipFigures, wipTotals, type WipInput } from "./wip-math";

const project = (overrides: Partial<WipInput> = {}): WipInput => ({
  contractSumToDate: "1000000.00",
  estimatedTotalCost: "850000.00",
  costToDate: "425000.00",
  billedToDate: "500000.00",
  ...overrides,
});

const rowOf = (input: WipInput) => ({ ...input, ...wipFigures(input) });

describe("wipFigures", () => {
  it("earns the contract by cost-to-cost (DOMAIN.md worked check)", () => {
    const figures = wipFigures(project());
    expect(figures).toEqual({
      percentComplete: "0.5000000000",
      percentCompleteDisplay: "50.00",
      earnedRevenue: "500000.00",
      overBilling: "0.00",
      underBilling: "0.00",
      grossProfitToDate: "75000.00",
      projectedGrossProfit: "150000.00",
      projectedMargin: "0.1500000000",
      projectedMarginDisplay: "15.00",
      isLoss: false,
    });
  });

  it("billed 550,000 against 500,000 earned is over-billed 50,000.00", () => {
    const figures = wipFigures(project({ billedToDate: "550000.00" }));
    expect(figures.overBilling).toBe("50000.00");
    expect(figures.underBilling).toBe("0.00");
  });

  it("billed 450,000 against 500,000 earned is under-billed 50,000.00", () => {
    const figures = wipFigures(project({ billedToDate: "450000.00" }));
    expect(figures.underBilling).toBe("50000.00");
    expect(figures.overBilling).toBe("0.00");
  });

  it("recognises a projected loss in full at once", () => {
    const figures = wipFigures(project({ estimatedTotalCost: "1100000.00", costToDate: "550000.00", billedToDate: "500000.00" }));
    expect(figures.isLoss).toBe(true);
    expect(figures.percentComplete).toBe("0.5000000000");
    // earned = cost 550,000 + projected loss (−100,000), not 50% × 1,000,000
    expect(figures.earnedRevenue).toBe("450000.00");
    expect(figures.grossProfitToDate).toBe("-100000.00");
    expect(figures.projectedGrossProfit).toBe("-100000.00");
    expect(figures.projectedMarginDisplay).toBe("-10.00");
    expect(figures.overBilling).toBe("50000.00");
    expect(figures.underBilling).toBe("0.00");
  });

  it("a project that breaks even is not a loss", () => {
    const figures = wipFigures(project({ estimatedTotalCost: "1000000.00", costToDate: "250000.00" }));
    expect(figures.isLoss).toBe(false);
    expect(figures.earnedRevenue).toBe("250000.00");
    expect(figures.grossProfitToDate).toBe("0.00");
  });

  it("earns nothing without an estimate (EAC 0)", () => {
    const notStarted = wipFigures(project({ estimatedTotalCost: "0.00", costToDate: "0.00", billedToDate: "10000.00" }));
    expect(notStarted.percentComplete).toBe("0.0000000000");
    expect(notStarted.earnedRevenue).toBe("0.00");
    expect(notStarted.overBilling).toBe("10000.00");
    expect(notStarted.grossProfitToDate).toBe("0.00");
    expect(notStarted.projectedGrossProfit).toBe("1000000.00");

    const costsWithoutEstimate = wipFigures(project({ estimatedTotalCost: "0.00", costToDate: "1000.00", billedToDate: "0.00" }));
    expect(costsWithoutEstimate.percentComplete).toBe("0.0000000000");
    expect(costsWithoutEstimate.earnedRevenue).toBe("0.00");
    expect(costsWithoutEstimate.grossProfitToDate).toBe("-1000.00");
    expect(costsWithoutEstimate.isLoss).toBe(false);
  });

  it("caps % complete at 100% when cost to date exceeds the EAC", () => {
    const figures = wipFigures(project({ estimatedTotalCost: "850000.00", costToDate: "900000.00", billedToDate: "1000000.00" }));
    expect(figures.percentComplete).toBe("1.0000000000");
    expect(figures.percentCompleteDisplay).toBe("100.00");
    expect(figures.earnedRevenue).toBe("1000000.00");
    expect(figures.overBilling).toBe("0.00");
    expect(figures.underBilling).toBe("0.00");
    // the stale EAC gives way to the cost already spent, so the projection matches the result
    expect(figures.grossProfitToDate).toBe("100000.00");
    expect(figures.projectedGrossProfit).toBe("100000.00");
  });

  it("a net credit cost to date earns nothing", () => {
    const figures = wipFigures(project({ costToDate: "-500.00", billedToDate: "0.00" }));
    expect(figures.percentComplete).toBe("0.0000000000");
    expect(figures.earnedRevenue).toBe("0.00");
    expect(figures.grossProfitToDate).toBe("500.00");
  });

  it("a loss whose cost exceeds the EAC never earns more than the contract sum", () => {
    const figures = wipFigures(project({ estimatedTotalCost: "1100000.00", costToDate: "1200000.00" }));
    expect(figures.isLoss).toBe(true);
    expect(figures.percentCompleteDisplay).toBe("100.00");
    expect(figures.earnedRevenue).toBe("1000000.00");
    expect(figures.grossProfitToDate).toBe("-200000.00");
    expect(figures.projectedGrossProfit).toBe("-200000.00");
  });

  it("keeps a repeating % exact until the cent is rounded", () => {
    const third = wipFigures(project({ estimatedTotalCost: "900000.00", costToDate: "300000.00", billedToDate: "0.00" }));
    expect(third.percentComplete).toBe("0.3333333333");
    expect(third.percentCompleteDisplay).toBe("33.33");
    expect(third.earnedRevenue).toBe("333333.33");
    expect(third.underBilling).toBe("333333.33");
    expect(third.grossProfitToDate).toBe("33333.33");

    const twoThirds = wipFigures(project({ contractSumToDate: "1000000.01", estimatedTotalCost: "3.00", costToDate: "2.00" }));
    expect(twoThirds.percentComplete).toBe("0.6666666667");
    expect(twoThirds.percentCompleteDisplay).toBe("66.67");
    // 1,000,000.01 × 2 ÷ 3 = 666,666.67333…
    expect(twoThirds.earnedRevenue).toBe("666666.67");
  });

  it("rounds earned revenue half-up at exactly half a cent", () => {
    // 1,000.01 × 50% = 500.005 → 500.01 (banker's rounding or a float would give 500.00)
    const figures = wipFigures(project({ contractSumToDate: "1000.01", estimatedTotalCost: "100.00", costToDate: "50.00", billedToDate: "0.00" }));
    expect(figures.earnedRevenue).toBe("500.01");
    expect(figures.grossProfitToDate).toBe("450.01");
  });
});

describe("wipTotals", () => {
  it("each total is the sum of the rows' rounded figures, % complete from the sums", () => {
    const inputs = [
      project({ estimatedTotalCost: "900000.00", costToDate: "300000.00", billedToDate: "350000.00" }),
      project({ estimatedTotalCost: "900000.00", costToDate: "300000.00", billedToDate: "300000.00" }),
      project({ estimatedTotalCost: "900000.00", costToDate: "300000.00", billedToDate: "0.00" }),
      project({ estimatedTotalCost: "1100000.00", costToDate: "550000.00", billedToDate: "500000.00" }),
    ];
    const rows = inputs.map(rowOf);
    const totals = wipTotals(rows);

    // Three rows earn 333,333.33 each: the total is 999,999.99 + 450,000.00, not a re-derived 1,000,000.00.
    expect(totals).toEqual({
      contractSumToDate: "4000000.00",
      estimatedTotalCost: "3800000.00",
      costToDate: "1450000.00",
      earnedRevenue: "1449999.99",
      billedToDate: "1150000.00",
      overBilling: "66666.67",
      underBilling: "366666.66",
      grossProfitToDate: "-0.01",
      projectedGrossProfit: "200000.00",
      percentComplete: "0.3815789474",
      percentCompleteDisplay: "38.16",
      projectedMargin: "0.0500000000",
      projectedMarginDisplay: "5.00",
    });
    const cents = (money: string) => BigInt(money.replace(".", ""));
    for (const key of ["earnedRevenue", "overBilling", "underBilling", "grossProfitToDate"] as const) {
      expect(cents(totals[key])).toBe(rows.reduce((sum, row) => sum + cents(row[key]), 0n));
    }
  });

  it("totals of no rows are zero", () => {
    expect(wipTotals([])).toMatchObject({ contractSumToDate: "0.00", earnedRevenue: "0.00", percentComplete: "0.0000000000", projectedMargin: "0.0000000000" });
  });
});
