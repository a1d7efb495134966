import { describe, expect, it } from "vitest";
import { WIP_ACCOUNTS, wipFigures, wipFlag, wipJournal, wipTotals, type WipInput } from "./wip-math";

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

describe("rows without a contract or an estimate", () => {
  const noContract = project({ contractSumToDate: "0.00", estimatedTotalCost: "600000.00", costToDate: "150000.00", billedToDate: "0.00" });
  const noEstimate = project({ estimatedTotalCost: "0.00", costToDate: "0.00", billedToDate: "100000.00" });

  it("are flagged: no contract sum (first when both are missing), no estimate at completion", () => {
    expect(wipFlag(noContract)).toBe("no_contract");
    expect(wipFlag(noEstimate)).toBe("no_estimate");
    expect(wipFlag(project({ contractSumToDate: "0.00", estimatedTotalCost: "0.00" }))).toBe("no_contract");
    expect(wipFlag(project({ contractSumToDate: "-100.00" }))).toBe("no_contract");
    expect(wipFlag(project())).toBeNull();
    expect(wipFlag(project({ contractSumToDate: "0.01", estimatedTotalCost: "0.01" }))).toBeNull();
    // a fraction of a cent is no amount: numeric(14,2) rounds it away
    expect(wipFlag(project({ estimatedTotalCost: "0.004" }))).toBe("no_estimate");
  });

  it("no contract is not a loss and earns nothing, never a negative revenue", () => {
    // Unflagged, contract 0 − EAC 600,000 would be a loss recognised in full: earned 150,000 − 600,000.
    expect(wipFigures(noContract)).toEqual({
      percentComplete: "0.2500000000",
      percentCompleteDisplay: "25.00",
      earnedRevenue: "0.00",
      overBilling: "0.00",
      underBilling: "0.00",
      grossProfitToDate: "-150000.00",
      projectedGrossProfit: "-600000.00",
      projectedMargin: "0.0000000000",
      projectedMarginDisplay: "0.00",
      isLoss: false,
    });
  });

  it("no estimate is not a loss either, even when its cost exceeds the contract", () => {
    expect(wipFigures(noEstimate)).toMatchObject({ earnedRevenue: "0.00", overBilling: "100000.00", isLoss: false });
    // Unflagged, 1,000 − 5,000 would be a loss: earned 5,000 − 4,000 = 1,000.
    const costly = wipFigures(project({ contractSumToDate: "1000.00", estimatedTotalCost: "0.00", costToDate: "5000.00", billedToDate: "0.00" }));
    expect(costly).toMatchObject({ earnedRevenue: "0.00", projectedGrossProfit: "-4000.00", isLoss: false });
  });

  it("are left out of the totals", () => {
    const counted = rowOf(project({ billedToDate: "550000.00" }));
    const totals = wipTotals([rowOf(noContract), counted, rowOf(noEstimate)]);
    expect(totals).toEqual(wipTotals([counted]));
    expect(totals).toEqual({
      contractSumToDate: "1000000.00",
      estimatedTotalCost: "850000.00",
      costToDate: "425000.00",
      earnedRevenue: "500000.00",
      billedToDate: "550000.00",
      overBilling: "50000.00",
      underBilling: "0.00",
      grossProfitToDate: "75000.00",
      projectedGrossProfit: "150000.00",
      percentComplete: "0.5000000000",
      percentCompleteDisplay: "50.00",
      projectedMargin: "0.1500000000",
      projectedMarginDisplay: "15.00",
    });
    expect(wipTotals([rowOf(noContract), rowOf(noEstimate)])).toMatchObject({ contractSumToDate: "0.00", estimatedTotalCost: "0.00", billedToDate: "0.00" });
  });
});

describe("wipJournal", () => {
  const named = (name: string, input: WipInput) => ({ name, ...rowOf(input) });
  const rows = [
    named("over", project({ billedToDate: "550000.00" })), // over-billed 50,000.00
    named("under", project({ estimatedTotalCost: "900000.00", costToDate: "300000.00", billedToDate: "0.00" })), // under-billed 333,333.33
    named("loss", project({ estimatedTotalCost: "1100000.00", costToDate: "550000.00", billedToDate: "500000.00" })), // over-billed 50,000.00
    named("even", project()), // billed what it earned: no lines
    named("cents", project({ contractSumToDate: "1000.01", estimatedTotalCost: "100.00", costToDate: "50.00", billedToDate: "0.00" })), // under 500.01
    named("no estimate", project({ estimatedTotalCost: "0.00", costToDate: "0.00", billedToDate: "10000.00" })), // over 10,000: flagged
    named("no contract", project({ contractSumToDate: "0.00", billedToDate: "25000.00" })), // over 25,000: flagged
  ];

  it("under billing debits the asset and credits revenue; over billing debits revenue and credits the liability; flagged rows have none", () => {
    const journal = wipJournal(rows);
    expect(journal.lines.map((l) => [l.row.name, l.account, l.debit, l.credit])).toEqual([
      ["over", "Contract revenue", "50000.00", null],
      ["over", "Billings in excess of costs and estimated earnings", null, "50000.00"],
      ["under", "Costs and estimated earnings in excess of billings", "333333.33", null],
      ["under", "Contract revenue", null, "333333.33"],
      ["loss", "Contract revenue", "50000.00", null],
      ["loss", "Billings in excess of costs and estimated earnings", null, "50000.00"],
      ["cents", "Costs and estimated earnings in excess of billings", "500.01", null],
      ["cents", "Contract revenue", null, "500.01"],
    ]);
    expect(journal.lines[2].account).toBe(WIP_ACCOUNTS.underBillings);
    expect(journal.lines[1].account).toBe(WIP_ACCOUNTS.overBillings);
  });

  it("balances to the cent: debits = credits = the flagged-out schedule's over + under billings", () => {
    const journal = wipJournal(rows);
    expect(journal.debitTotal).toBe("433833.34");
    expect(journal.creditTotal).toBe("433833.34");
    const totals = wipTotals(rows);
    expect(totals.overBilling).toBe("100000.00");
    expect(totals.underBilling).toBe("333833.34");
  });

  it("no rows or nothing over or under billed: no lines, zero totals", () => {
    expect(wipJournal([])).toEqual({ lines: [], debitTotal: "0.00", creditTotal: "0.00" });
    expect(wipJournal([rowOf(project())])).toEqual({ lines: [], debitTotal: "0.00", creditTotal: "0.00" });
  });
});
