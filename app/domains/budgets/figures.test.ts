import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { parseTableQuery } from "~/utils/data-table";
import { queryTable, tableBatches } from "~/utils/data-table.server";
import { queryRows, withTenant } from "~/utils/db.server";
import { sumMoney } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { setForecast } from "./budget-lines.server";
import { budgetTable, FIGURES, type Figures } from "./budgets.table";
import { budgetList } from "./budget-list.server";
import { budgetFigures, budgetTotals, projectFinancialSummary, type FigureRow } from "./figures.server";
import { figuresQuery } from "./figures-query.server";
import { financeFixture } from "./fixtures.server";

type Scenario = Awaited<ReturnType<typeof buildScenario>>;

/**
 * One project exercising every rule: transfers, prime change orders in every status, executed /
 * closed / draft / void commitments, commitment change orders (one negative), a manual FTC, and
 * activity on two cost code × type pairs that have no budget line.
 */
async function buildScenario() {
  const account = await newAccount("budget-figures");
  const ctx = { organizationId: account.organizationId, userId: account.userId };
  const fx = financeFixture(ctx);
  const labor = await fx.costType("TL", "T Labor", 1);
  const material = await fx.costType("TM", "T Material", 2);
  const concrete = await fx.costCode("T03", "T Concrete");
  const c1 = await fx.costCode("T03-100", "Footings", concrete);
  const c2 = await fx.costCode("T03-200", "Slabs", concrete);
  const finishes = await fx.costCode("T09", "T Finishes");
  const c3 = await fx.costCode("T09-100", "Drywall", finishes);
  const projectId = await fx.project();
  await fx.primeContract(projectId, "10000.00");

  const lines = {
    c1Labor: await fx.budgetLine(projectId, c1, labor, "1000.10"),
    c1Material: await fx.budgetLine(projectId, c1, material, "500.05"),
    c2Labor: await fx.budgetLine(projectId, c2, labor, "0.01", "250.00"),
    c3Labor: await fx.budgetLine(projectId, c3, labor, "2000.00"),
  };
  await fx.transfer(projectId, lines.c3Labor, lines.c1Labor, "100.05");

  await fx.changeOrder(projectId, "approved", [
    [c1, labor, "1500.00", "1200.33"],
    [c3, material, "12.00", "10.00"],
  ]);
  await fx.changeOrder(projectId, "pending_approval", [[c1, labor, "100.00", "99.99"]]);
  await fx.changeOrder(projectId, "draft", [[c1, material, "0.50", "0.01"]]);
  await fx.changeOrder(projectId, "rejected", [[c1, labor, "9000.00", "5000.00"]]);
  await fx.changeOrder(projectId, "void", [[c1, labor, "9000.00", "5000.00"]]);

  const executed = await fx.commitment(projectId, "executed", [
    [c1, labor, "800.00"],
    [c1, material, "600.50"],
  ]);
  await fx.commitment(projectId, "closed", [[c2, labor, "0.02"]]);
  await fx.commitment(projectId, "executed", [[c2, material, "300.00"]]);
  const draft = await fx.commitment(projectId, "draft", [[c1, labor, "9999.00"]]);
  await fx.commitment(projectId, "void", [[c1, labor, "9999.00"]]);
  await fx.changeOrder(projectId, "approved", [[c1, labor, "50.25"]], executed);
  await fx.changeOrder(projectId, "pending_approval", [[c1, labor, "-20.10"]], executed);
  await fx.changeOrder(projectId, "rejected", [[c1, labor, "777.00"]], executed);
  await fx.changeOrder(projectId, "approved", [[c1, labor, "888.00"]], draft);

  return { account, ctx, fx, projectId, lines, codes: { c1, c2, c3, concrete }, types: { labor, material } };
}

let s: Scenario;
beforeAll(async () => {
  s = await buildScenario();
});

const figuresOf = (row: FigureRow | Figures) => Object.fromEntries(FIGURES.map((f) => [f.key, row[f.key]]));
const rowsOf = () => withTenant(s.ctx, (tx) => budgetFigures(tx, s.projectId));
const find = (rows: FigureRow[], code: string, type: string) => rows.find((r) => r.costCode === code && r.costType === type)!;

describe("budget figures (DOMAIN.md Budget / job cost)", () => {
  it("computes every column of a line exactly: transfers, prime COs by status, commitments and their COs", async () => {
    const row = find(await rowsOf(), "T03-100", "T Labor");
    expect(figuresOf(row)).toEqual({
      original: "1000.10",
      approvedChanges: "1300.38", // + transfer 100.05 + approved prime CO budget 1200.33
      revised: "2300.48",
      pendingChanges: "99.99", // pending approval; rejected and void ignored
      projectedBudget: "2400.47",
      committed: "850.25", // executed 800.00 + approved commitment CO 50.25; draft/void commitments ignored
      directCosts: "0.00",
      openingCost: "0.00",
      actual: "0.00",
      pendingCostChanges: "-20.10",
      projectedCost: "830.15",
      ftc: "1570.32", // max(0, 2400.47 − 830.15)
      eac: "2400.47",
      costToComplete: "2400.47",
      overUnder: "0.00",
    });
    expect(row).toMatchObject({ ftcMode: "auto", lineId: s.lines.c1Labor, divisionCode: "T03", divisionName: "T Concrete", description: "Footings" });
  });

  it("counts draft change orders as pending and floors the automatic FTC at zero (an overrun shows negative)", async () => {
    expect(figuresOf(find(await rowsOf(), "T03-100", "T Material"))).toMatchObject({
      pendingChanges: "0.01",
      projectedBudget: "500.06",
      committed: "600.50",
      projectedCost: "600.50",
      ftc: "0.00",
      eac: "600.50",
      overUnder: "-100.44",
    });
  });

  it("uses a manual FTC as entered, and switches between manual and automatic", async () => {
    expect(figuresOf(find(await rowsOf(), "T03-200", "T Labor"))).toMatchObject({
      original: "0.01",
      committed: "0.02", // a closed commitment still counts
      projectedCost: "0.02",
      ftc: "250.00",
      eac: "250.02",
      costToComplete: "250.02",
      overUnder: "-250.01",
    });
    const version = find(await rowsOf(), "T03-100", "T Labor").version!;
    await withTenant(s.ctx, (tx) => setForecast(tx, s.projectId, { lineId: s.lines.c1Labor, version, ftcMode: "manual", ftcManual: "100.00" }));
    const manual = find(await rowsOf(), "T03-100", "T Labor");
    expect(manual).toMatchObject({ ftcMode: "manual", ftcManual: "100.00", ftc: "100.00", eac: "930.15", costToComplete: "930.15", overUnder: "1470.32" });
    await withTenant(s.ctx, (tx) => setForecast(tx, s.projectId, { lineId: s.lines.c1Labor, version: manual.version!, ftcMode: "auto" }));
    expect(find(await rowsOf(), "T03-100", "T Labor")).toMatchObject({ ftcMode: "auto", ftcManual: null, ftc: "1570.32" });
  });

  it("shows activity without a budget line as unbudgeted rows", async () => {
    const rows = await rowsOf();
    expect(figuresOf(find(rows, "T03-200", "T Material"))).toMatchObject({ original: "0.00", committed: "300.00", ftc: "0.00", eac: "300.00", overUnder: "-300.00" });
    expect(find(rows, "T03-200", "T Material")).toMatchObject({ lineId: null, ftcMode: "unbudgeted", description: "Slabs" });
    expect(figuresOf(find(rows, "T09-100", "T Material"))).toMatchObject({ approvedChanges: "10.00", revised: "10.00", ftc: "10.00", overUnder: "0.00" });
    expect(find(rows, "T09-100", "T Labor")).toMatchObject({ approvedChanges: "-100.05", revised: "1899.95", ftc: "1899.95" });
    expect(rows.map((r) => `${r.costCode} ${r.costType}`)).toEqual([
      "T03-100 T Labor",
      "T03-100 T Material",
      "T03-200 T Labor",
      "T03-200 T Material",
      "T09-100 T Labor",
      "T09-100 T Material",
    ]);
  });

  it("totals are the sums of the rounded lines", async () => {
    const [rows, totals] = await withTenant(s.ctx, (tx) => Promise.all([budgetFigures(tx, s.projectId), budgetTotals(tx, s.projectId)]));
    for (const { key } of FIGURES) expect(totals[key], key).toBe(sumMoney(rows.map((r) => r[key])).toFixed(2));
    expect(totals).toMatchObject({
      original: "3500.16",
      approvedChanges: "1210.33", // transfers net to zero: only the approved prime COs' budget
      revised: "4710.49",
      pendingChanges: "100.00",
      projectedBudget: "4810.49",
      committed: "1750.77",
      pendingCostChanges: "-20.10",
      projectedCost: "1730.67",
      ftc: "3730.27",
      eac: "5460.94",
      overUnder: "-650.45",
    });
  });

  it("filters rows by cost code, cost type or division", async () => {
    const rows = await withTenant(s.ctx, (tx) => budgetFigures(tx, s.projectId, {}));
    expect(rows).toHaveLength(6);
    const concrete = rows[0].divisionId;
    const filtered = await withTenant(s.ctx, (tx) => budgetFigures(tx, s.projectId, { divisionId: concrete, costTypeId: s.types.labor }));
    expect(filtered.map((r) => r.costCode)).toEqual(["T03-100", "T03-200"]);
    const one = await withTenant(s.ctx, (tx) => budgetFigures(tx, s.projectId, { costCodeId: s.codes.c3 }));
    expect(one.map((r) => r.costType)).toEqual(["T Labor", "T Material"]);
  });

  it("summarizes the contract (original + approved prime COs) and the budget for the overview", async () => {
    const summary = await withTenant(s.ctx, (tx) => projectFinancialSummary(tx, s.projectId));
    expect(summary.contract).toEqual({
      exists: true,
      originalSum: "10000.00",
      approvedChanges: "1512.00",
      contractSumToDate: "11512.00",
      pendingChanges: "100.50",
    });
    expect(summary.budget.revised).toBe("4710.49");
    expect(summary.openChangeOrders).toBe(2); // the open prime ones; the open commitment change order is not in pendingChanges
    const empty = await s.fx.project("No contract yet");
    const none = await withTenant(s.ctx, (tx) => projectFinancialSummary(tx, empty));
    expect(none.contract).toEqual({ exists: false, originalSum: "0.00", approvedChanges: "0.00", contractSumToDate: "0.00", pendingChanges: "0.00" });
    expect(none.budget.eac).toBe("0.00");
  });

  it("works as a DataTable source: filter, sort, keyset batches and SQL totals", async () => {
    const list = (search: string) => withTenant(s.ctx, (tx) => budgetList(tx, s.projectId, parseTableQuery(budgetTable, new URLSearchParams(search))));
    const page = async (search: string) => {
      const { table, query } = await list(search);
      return withTenant(s.ctx, (tx) => queryTable(tx, table, query));
    };
    const sorted = await page("f.costCode=T03-1&sort=overUnder&dir=asc");
    expect(sorted.rows.map((r) => `${r.costCode} ${r.costType} ${r.overUnder}`)).toEqual(["T03-100 T Material -100.44", "T03-100 T Labor 0.00"]);
    expect(sorted.totals).toMatchObject({ original: "1500.15", committed: "1450.75" });
    // a whole code or type name matches exactly (the job cost drill-down), part of one matches by contains
    expect((await page("f.costCode=T03-100&f.costType=T Labor")).rows.map((r) => r.rowKey)).toEqual([`${s.codes.c1}:${s.types.labor}`]);
    expect((await page("f.costType=Mater")).rows).toHaveLength(3);
    expect((await page("f.costType=Material")).rows).toHaveLength(0); // the template's "Material" type: exact
    expect((await page("f.division=T09")).rows).toHaveLength(2);
    expect((await page("f.ftcMode=unbudgeted")).rows.map((r) => `${r.costCode} ${r.costType}`)).toEqual(["T03-200 T Material", "T09-100 T Material"]);
    const all = await list("");
    const batches: string[] = [];
    for await (const batch of tableBatches((fn) => withTenant(s.ctx, fn), all.table, all.query, 4)) batches.push(batch.map((r) => `${r.costCode} ${r.costType}`).join(", "));
    expect(batches).toEqual(["T03-100 T Labor, T03-100 T Material, T03-200 T Labor, T03-200 T Material", "T09-100 T Labor, T09-100 T Material"]);
  });

  it("restricted to some cost code × cost type keys, gives exactly those keys' rows of the whole computation", async () => {
    const query = (keys?: [string, string][]) =>
      withTenant(s.ctx, (tx) =>
        queryRows<Record<string, unknown>>(
          tx,
          sql`select * from (${figuresQuery(
            s.projectId,
            keys && sql`select * from (values ${sql.join(keys.map(([code, type]) => sql`(${code}::uuid, ${type}::uuid)`), sql`, `)}) k(cost_code_id, cost_type_id)`,
          )}) f order by f."sortKey"`,
        ),
      );
    const whole = await query();
    const keyOf = (row: Record<string, unknown>): [string, string] => [row.costCodeId as string, row.costTypeId as string];
    expect(whole.length).toBeGreaterThan(5);
    // Each row alone (transfers, change orders of every kind and status, commitments, unbudgeted activity).
    for (const row of whole) expect(await query([keyOf(row)])).toEqual([row]);
    const some = [whole[0], whole[2], whole[whole.length - 1]];
    expect(await query(some.map(keyOf))).toEqual(some);
    // A key without any activity (the division itself) has no row; the keys of every row give the whole computation.
    expect(await query([[s.codes.concrete, s.types.labor]])).toEqual([]);
    expect(await query(whole.map(keyOf))).toEqual(whole);
  });

  it("another organization's project (or a malformed id) is not found", async () => {
    const other = await newAccount("budget-stranger");
    const theirs = { organizationId: other.organizationId, userId: other.userId };
    await expect(withTenant(theirs, (tx) => budgetFigures(tx, s.projectId))).rejects.toThrow(RecordNotFound);
    await expect(withTenant(theirs, (tx) => budgetTotals(tx, s.projectId))).rejects.toThrow(RecordNotFound);
    await expect(withTenant(theirs, (tx) => projectFinancialSummary(tx, s.projectId))).rejects.toThrow(RecordNotFound);
    await expect(withTenant(s.ctx, (tx) => budgetFigures(tx, "not-a-uuid"))).rejects.toThrow(RecordNotFound);
  });
});
