import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { withTenant } from "~/utils/db.server";
import { sumMoney } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { FIGURES } from "./budgets.table";
import { figureHrefs } from "./drill-down";
import { budgetTotals } from "./figures.server";
import { financeFixture } from "./fixtures.server";
import { jobCostWorkbook } from "./job-cost-excel.server";
import { jobCostReport, type JobCostReport } from "./job-cost.server";

let ctx: { organizationId: string; userId: string };
let projectId: string;
let report: JobCostReport;

beforeAll(async () => {
  const account = await newAccount("job-cost");
  ctx = { organizationId: account.organizationId, userId: account.userId };
  const fx = financeFixture(ctx);
  const labor = await fx.costType("TL", "T Labor", 1);
  const sub = await fx.costType("TS", "T Subcontract", 2);
  const sitework = await fx.costCode("T31", "T Earthwork");
  const electrical = await fx.costCode("T26", "T Electrical");
  const grading = await fx.costCode("T31-100", "Grading", sitework);
  const wiring = await fx.costCode("T26-100", "Wiring", electrical);
  projectId = await fx.project();
  await fx.budgetLine(projectId, grading, labor, "1000.33");
  await fx.budgetLine(projectId, grading, sub, "2500.00");
  await fx.budgetLine(projectId, electrical, labor, "100.01"); // budgeted at division level
  await fx.budgetLine(projectId, wiring, sub, "4000.00", "10.00");
  await fx.commitment(projectId, "executed", [
    [grading, sub, "2600.67"],
    [wiring, labor, "45.00"], // unbudgeted
  ]);
  await fx.changeOrder(projectId, "pending_approval", [[wiring, sub, "300.00", "250.50"]]);
  report = await withTenant(ctx, (tx) => jobCostReport(tx, projectId));
});

describe("job cost report", () => {
  it("groups rows by division (in code order) with cost code × cost type rows", () => {
    expect(report.divisions.map((d) => `${d.code} ${d.name}`)).toEqual(["T26 T Electrical", "T31 T Earthwork"]);
    expect(report.divisions[0].lines!.map((l) => `${l.costCode} ${l.costType}`)).toEqual(["T26 T Labor", "T26-100 T Labor", "T26-100 T Subcontract"]);
    expect(report.divisions[1].lines!.map((l) => `${l.costCode} ${l.costType}`)).toEqual(["T31-100 T Labor", "T31-100 T Subcontract"]);
    expect(report.divisions[1].lines![1]).toMatchObject({ original: "2500.00", committed: "2600.67", ftc: "0.00", overUnder: "-100.67" });
  });

  it("division subtotals are the sums of their rows and the grand total is the project total", async () => {
    for (const division of report.divisions)
      for (const { key } of FIGURES) expect(division.subtotal[key], `${division.code} ${key}`).toBe(sumMoney(division.lines!.map((l) => l[key])).toFixed(2));
    for (const { key } of FIGURES) expect(report.total[key], key).toBe(sumMoney(report.divisions.map((d) => d.subtotal[key])).toFixed(2));
    expect(report.divisions[0].subtotal).toMatchObject({ original: "4100.01", pendingChanges: "250.50", committed: "45.00", ftc: "110.01", eac: "155.01" });
    expect(report.total).toEqual(await withTenant(ctx, (tx) => budgetTotals(tx, projectId)));
    expect(report.total).toMatchObject({ original: "7600.34", projectedBudget: "7850.84", committed: "2645.67", overUnder: "4094.83" });
  });

  it("shows the rows of the expanded divisions only; subtotals and total stay whole", async () => {
    const [electrical, earthwork] = report.divisions;
    const one = await withTenant(ctx, (tx) => jobCostReport(tx, projectId, [earthwork.id]));
    expect(one.divisions.map((d) => d.lines?.length ?? null)).toEqual([null, 2]);
    expect(one.divisions.map((d) => d.lineCount)).toEqual([3, 2]);
    expect(one.divisions[0].subtotal).toEqual(electrical.subtotal);
    expect(one.total).toEqual(report.total);
    expect(one.lineCount).toBe(5);
    const none = await withTenant(ctx, (tx) => jobCostReport(tx, projectId, ["not-a-division"]));
    expect(none.divisions.every((d) => d.lines === null)).toBe(true);
    const auto = await withTenant(ctx, (tx) => jobCostReport(tx, projectId, "auto"));
    expect(auto).toEqual(report); // 5 rows: a small report opens whole
  });

  it("an empty project has no divisions and a zero total", async () => {
    const empty = await financeFixture(ctx).project("Empty");
    const none = await withTenant(ctx, (tx) => jobCostReport(tx, empty));
    expect(none.divisions).toEqual([]);
    expect(none.total.eac).toBe("0.00");
  });

  it("exports the same grouping and totals to Excel", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await jobCostWorkbook(report, "T-1 Job cost")) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Job cost")!;
    const col = (key: string) => 4 + FIGURES.findIndex((f) => f.key === key);
    const firstCells = sheet.getColumn(1).values.slice(1);
    expect(firstCells).toEqual([
      "T-1 Job cost",
      "Cost code",
      "T26 T Electrical",
      "T26",
      "T26-100",
      "T26-100",
      "Subtotal T26 T Electrical",
      "T31 T Earthwork",
      "T31-100",
      "T31-100",
      "Subtotal T31 T Earthwork",
      "Total",
    ]);
    expect(sheet.getRow(7).getCell(col("original")).value).toBe(4100.01);
    expect(sheet.getRow(12).getCell(col("overUnder")).value).toBe(4094.83);
    expect(sheet.getRow(10).getCell(col("overUnder")).value).toBe(-100.67);
    expect(sheet.getRow(12).getCell(col("overUnder")).numFmt).toContain("[Red]");
  });

  it("carries the owner billing the page shows, after the report", async () => {
    const billing = { billedToDate: "125000.00", received: "100000.50", retainageHeld: "12500.00", arOutstanding: "12499.50", latestApplication: { id: "x", number: 4, periodEnd: "2026-10-31" } };
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await jobCostWorkbook(report, "T-1 Job cost", billing)) as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet("Job cost")!;
    const rows = [14, 15, 16, 17, 18, 19].map((n) => [sheet.getRow(n).getCell(1).value, sheet.getRow(n).getCell(4).value]);
    expect(rows).toEqual([
      ["Owner billing", null],
      ["Through application #4 (period ending 2026-10-31).", null],
      ["Billed to date", 125000],
      ["Received", 100000.5],
      ["Retainage held", 12500],
      ["AR outstanding", 12499.5],
    ]);
    expect(sheet.getRow(16).getCell(4).numFmt).toContain("$");
  });

  it("links each figure to the rows it sums", () => {
    const line = report.divisions[1].lines![1];
    const links = figureHrefs(projectId, { costCodeId: "cc-id", costCode: line.costCode, costType: line.costType });
    expect(links.committed).toBe(`/projects/${projectId}/commitments?f.costCode=cc-id`);
    expect(links.pendingChanges).toBe(`/projects/${projectId}/change-orders?f.kind=prime&f.status=open&f.costCode=cc-id`);
    expect(links.original).toBe(`/projects/${projectId}/budget?f.costCode=T31-100&f.costType=T+Subcontract`);
    expect(links.actual).toBeUndefined();
    expect(figureHrefs(projectId, { divisionCode: "T31", division: "T31 T Earthwork" }).committed).toBe(`/projects/${projectId}/commitments?f.costCode=T31`);
  });

  it("another organization's project is not found", async () => {
    const stranger = await newAccount("job-cost-stranger");
    await expect(withTenant({ organizationId: stranger.organizationId, userId: stranger.userId }, (tx) => jobCostReport(tx, projectId))).rejects.toThrow(RecordNotFound);
  });
});
