import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { actorOf, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { addBudgetLine } from "~/domains/budgets/budget-lines.server";
import { budgetTotals } from "~/domains/budgets/figures.server";
import { payablesFixture } from "~/domains/payables/test-fixtures";
import { billingFixture } from "~/domains/receivables/billing-test-fixtures";
import { withTenant, type Tx } from "~/utils/db.server";
import { MONEY_FORMAT } from "~/utils/excel.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { loader as wipLoader } from "./routes/wip";
import { loader as wipExport } from "./routes/wip-export";
import { loader as journalLoader } from "./routes/wip-journal";
import { loader as journalExport } from "./routes/wip-journal-export";
import { WipJournalTable } from "./wip-journal-table";
import type { WipJournalEntry } from "./wip-journal.server";
import { ExcludedNote, WipTable } from "./wip-table";
import { sortWipRows, wipSchedule, type WipSchedule, type WipScheduleRow } from "./wip.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
let billing: ReturnType<typeof billingFixture>;
/** Over-billed: contract 900,000 + approved CO 100,000, EAC 850,000, cost 425,000, billed 550,000. */
let profit: string;
/** Under-billed: the same figures, billed 450,000 (and paid). */
let underBilled: string;
/** On hold, projected loss: contract 500,000, EAC 600,000, cost 300,000, billed 250,000. */
let loss: string;
/** Active, nothing yet. */
let empty: string;

const jan = { dueDate: "2025-01-31" };
const feb = { dueDate: "2025-02-28" };

/** The organization a helper writes into: the schedule's own unless told. */
type Books = { org: FinanceOrganization; run: typeof run };
const books = (): Books => ({ org, run });

async function budget(projectId: string, amount: string, into = books()) {
  const { costCodeId, costTypeId } = into.org;
  await into.run((tx) => addBudgetLine(tx, projectId, { costCodeId, costTypeId, description: "", originalAmount: amount }));
}

const payables = (projectId: string, into = books()) => payablesFixture(owner, { ...into.org, projectId });

/** An approved direct-cost invoice of `amount` on the budgeted cost code. */
async function directCost(projectId: string, amount: string, into = books()) {
  const fx = payables(projectId, into);
  await fx.approve(await fx.directInvoice(into.org.owner, [[into.org.costCodeId, amount]]));
}

async function approvedPrimeChange(projectId: string, amount: string, budgetAmount: string) {
  const { changeOrderId } = await submittedChangeOrder({ ...org, projectId }, org.owner, { kind: "prime", lines: [{ amount, budgetAmount }] });
  const [request] = await owner`select id, version, current_step from approval_requests where document_id = ${changeOrderId} and status = 'pending'`;
  await run((tx) => actOnApproval(tx, { requestId: request.id, version: request.version, stepNumber: request.current_step, decision: "approved", actor: actorOf(org.owner) }));
}

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "wip");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
  billing = billingFixture(owner, org.organizationId, org.owner.userId, run);

  // Contract 900,000 + an approved prime CO of 100,000 whose cost side (50,000) joins the 800,000
  // budget: revised 850,000. A 300,000 subcontract billed 200,000 (10% retainage held, still cost)
  // and 225,000 of direct costs: actual 425,000; projected cost 525,000, FTC 325,000 → EAC 850,000.
  profit = await billing.project("Tower");
  await billing.contract(profit, { originalSum: "900000.00", sov: ["900000.00"] });
  await approvedPrimeChange(profit, "100000.00", "50000.00");
  await budget(profit, "800000.00");
  const ap = payables(profit);
  const sub = await ap.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "300000.00"]] });
  const invoice = await ap.draftAgainst(org.owner, sub.commitmentId);
  await ap.bill(org.owner, invoice.id, [[sub.lineIds[0], "200000.00"]]);
  await ap.approve(invoice.id);
  await directCost(profit, "225000.00");
  await ap.directInvoice(org.owner, [[org.costCodeId, "10000.00"]]); // a draft: no cost yet
  await billing.certified(profit, jan, { 1: "300000.00" });
  await billing.certified(profit, feb, { 1: "200000.00", 2: "50000.00" });
  await billing.draft(profit, { dueDate: "2025-03-31" }, { 1: "100000.00" }); // not certified: not billed

  // The organization's own project: its contract is 1,000,000 already.
  underBilled = org.projectId;
  await billing.sovLines(underBilled, ["1000000.00"], 1);
  await budget(underBilled, "850000.00");
  await directCost(underBilled, "425000.00");
  const app = await billing.certified(underBilled, jan, { 1: "450000.00" });
  await billing.receive(app.id, app.line8CurrentPaymentDue); // paid applications count too

  loss = await billing.project("Clinic", "on_hold");
  await billing.contract(loss, { originalSum: "500000.00", sov: ["500000.00"] });
  await budget(loss, "600000.00");
  await directCost(loss, "300000.00");
  await billing.certified(loss, jan, { 1: "250000.00" });

  empty = await billing.project("Kiosk");
  // Bidding and closed projects are not on the schedule, whatever their figures.
  for (const status of ["bidding", "closed"]) {
    const other = await billing.project(`Not ${status}`, status);
    await billing.contract(other, { originalSum: "1000.00", sov: ["1000.00"] });
    await directCost(other, "500.00");
  }
});
afterAll(() => owner.end());

const rowOf = (rows: WipScheduleRow[], projectId: string) => rows.find((r) => r.projectId === projectId)!;

describe("WIP schedule", () => {
  it("lists every active and on-hold project, none other", async () => {
    const { rows } = await run((tx) => wipSchedule(tx));
    expect(new Set(rows.map((r) => r.projectId))).toEqual(new Set([profit, underBilled, loss, empty]));
    expect(rowOf(rows, loss).status).toBe("On hold");
    expect(rowOf(rows, profit)).toMatchObject({ status: "Active", href: `/projects/${profit}` });
  });

  it("over-billed: contract 1,000,000, EAC 850,000, cost 425,000 → 50%, earned 500,000; billed 550,000 → over-billed 50,000", async () => {
    const { rows } = await run((tx) => wipSchedule(tx));
    expect(rowOf(rows, profit)).toMatchObject({
      contractSumToDate: "1000000.00",
      estimatedTotalCost: "850000.00",
      costToDate: "425000.00",
      percentComplete: "0.5000000000",
      percentCompleteDisplay: "50.00",
      earnedRevenue: "500000.00",
      billedToDate: "550000.00",
      overBilling: "50000.00",
      underBilling: "0.00",
      grossProfitToDate: "75000.00",
      projectedGrossProfit: "150000.00",
      projectedMarginDisplay: "15.00",
      isLoss: false,
      loss: "",
    });
  });

  it("under-billed: billed 450,000 → under-billed 50,000", async () => {
    const { rows } = await run((tx) => wipSchedule(tx));
    expect(rowOf(rows, underBilled)).toMatchObject({
      contractSumToDate: "1000000.00",
      estimatedTotalCost: "850000.00",
      costToDate: "425000.00",
      earnedRevenue: "500000.00",
      billedToDate: "450000.00",
      overBilling: "0.00",
      underBilling: "50000.00",
    });
  });

  it("a loss project is flagged and its whole projected loss recognised now", async () => {
    const { rows } = await run((tx) => wipSchedule(tx));
    expect(rowOf(rows, loss)).toMatchObject({
      contractSumToDate: "500000.00",
      estimatedTotalCost: "600000.00",
      costToDate: "300000.00",
      percentCompleteDisplay: "50.00",
      // cost to date + projected loss, not 50% of the contract (250,000)
      earnedRevenue: "200000.00",
      billedToDate: "250000.00",
      overBilling: "50000.00",
      grossProfitToDate: "-100000.00",
      projectedGrossProfit: "-100000.00",
      projectedMarginDisplay: "-20.00",
      isLoss: true,
      loss: "Loss",
    });
    expect(rowOf(rows, empty)).toMatchObject({ contractSumToDate: "0.00", estimatedTotalCost: "0.00", percentCompleteDisplay: "0.00", earnedRevenue: "0.00", isLoss: false });
  });

  it("EAC and cost to date are the job cost report's totals (estimate at completion, actual)", async () => {
    const { rows } = await run((tx) => wipSchedule(tx));
    for (const projectId of [profit, underBilled, loss]) {
      const totals = await run((tx) => budgetTotals(tx, projectId));
      expect(rowOf(rows, projectId)).toMatchObject({ estimatedTotalCost: totals.eac, costToDate: totals.actual });
    }
  });

  it("totals are the sums of the rows; their percentages come from the sums", async () => {
    const { totals } = await run((tx) => wipSchedule(tx));
    expect(totals).toEqual({
      contractSumToDate: "2500000.00",
      estimatedTotalCost: "2300000.00",
      costToDate: "1150000.00",
      earnedRevenue: "1200000.00",
      billedToDate: "1250000.00",
      overBilling: "100000.00",
      underBilling: "50000.00",
      grossProfitToDate: "50000.00",
      projectedGrossProfit: "200000.00",
      percentComplete: "0.5000000000",
      percentCompleteDisplay: "50.00",
      projectedMargin: "0.0800000000",
      projectedMarginDisplay: "8.00",
    });
  });

  it("sorts by any column, ties by job number", async () => {
    const { rows } = await run((tx) => wipSchedule(tx, { key: "projectedMarginDisplay", dir: "asc" }));
    expect(rows.map((r) => r.projectId)).toEqual([loss, empty, profit, underBilled]);
    expect(sortWipRows(rows, { key: "project", dir: "desc" }).map((r) => r.jobNumber)).toEqual(rows.map((r) => r.jobNumber).sort().reverse());
  });

  it("sorts percentages as numbers, not text: 9.50% before 12.00%", () => {
    const at = (jobNumber: string, percentCompleteDisplay: string) => ({ jobNumber, percentCompleteDisplay }) as WipScheduleRow;
    const sorted = sortWipRows([at("A", "12.00"), at("B", "9.50"), at("C", "100.00")], { key: "percentCompleteDisplay", dir: "asc" });
    expect(sorted.map((r) => r.jobNumber)).toEqual(["B", "A", "C"]);
  });

  it("refreshes stale budget figures before reading them: a cost approved since the last read counts", async () => {
    await run((tx) => wipSchedule(tx));
    await directCost(underBilled, "10000.00");
    const [state] = await owner`select source_version <> cached_version as stale from budget_figure_state where project_id = ${underBilled}`;
    expect(state.stale).toBe(true);
    const { rows } = await run((tx) => wipSchedule(tx));
    // 435,000 ÷ 850,000 = 51.176470588…% of 1,000,000, half-up to the cent.
    expect(rowOf(rows, underBilled)).toMatchObject({ costToDate: "435000.00", estimatedTotalCost: "850000.00", percentCompleteDisplay: "51.18", earnedRevenue: "511764.71", underBilling: "61764.71" });
    const [after] = await owner`select source_version = cached_version as current from budget_figure_state where project_id = ${underBilled}`;
    expect(after.current).toBe(true);
  });

  it("does not wait for a project whose figures another transaction holds: it sums a fresh computation instead", async () => {
    const { rows: before } = await run((tx) => wipSchedule(tx));
    await owner`update budget_figure_state set source_version = source_version + 1 where project_id = ${underBilled}`; // stale, same figures
    const { rows, stillStale } = await owner.begin(async (holder) => {
      await holder`update budget_figure_state set updated_at = now() where project_id = ${underBilled}`; // as a writer's trigger does
      const read = await Promise.race([
        run((tx) => wipSchedule(tx)),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("WIP waited for the held figures")), 10_000)),
      ]);
      const [state] = await holder`select source_version <> cached_version as stale from budget_figure_state where project_id = ${underBilled}`;
      return { rows: read.rows, stillStale: state.stale as boolean };
    });
    expect(stillStale).toBe(true);
    expect(rows).toEqual(before);
    await run((tx) => wipSchedule(tx)); // the lock gone, the next reader refreshes
    const [after] = await owner`select source_version = cached_version as current from budget_figure_state where project_id = ${underBilled}`;
    expect(after.current).toBe(true);
  });

  it("renders loss rows flagged, project links, sort links and the totals row", async () => {
    const sort = { key: "overBilling", dir: "desc" } as const;
    const { rows, totals } = await run((tx) => wipSchedule(tx, sort));
    const html = renderToString(createElement(WipTable, { rows, totals, sort }));
    const rowHtml = (projectId: string) => html.split("<tr").find((tr) => tr.includes(`href="/projects/${projectId}"`))!;
    expect(rowHtml(loss)).toContain('data-loss="true"');
    expect(rowHtml(loss)).toContain("bg-red-50");
    expect(rowHtml(loss)).toMatch(/>Loss<\/span>/);
    expect(rowHtml(loss)).toContain("-20.00%");
    expect(rowHtml(profit)).not.toContain("data-loss");
    expect(rowHtml(profit)).not.toMatch(/>Loss</);
    expect(html).toContain('href="/wip?sort=overBilling&amp;dir=asc"'); // the sorted column flips
    expect(html).toContain('href="/wip?sort=project&amp;dir=asc"');
    expect(html).toContain('aria-sort="descending"');
    const footer = html.slice(html.indexOf("<tfoot"));
    expect(footer).toContain("$2,500,000.00");
    expect(footer).toContain("8.00%");
  });

  it("shows only the organization's own projects", async () => {
    const other = await financeOrganization(owner, "wip-other");
    const { rows } = await withTenant(tenantOf(other, other.owner), (tx) => wipSchedule(tx));
    expect(rows.map((r) => r.projectId)).toEqual([other.projectId]);
  });
});

describe("projects without a contract or an estimate, and the journal entry", () => {
  let flags: Books;
  let user: SignedIn;
  /** Contract 1,000,000 (the organization's own project), no budget: EAC 0; billed 100,000. */
  let noEstimate: string;
  /** Budget 600,000, cost 150,000, no prime contract. */
  let noContract: string;
  /** Contract 800,000, EAC 600,000, cost 300,000 → earned 400,000; billed 420,000.50 → over-billed 20,000.50. */
  let over: string;
  /** Contract 500,000, EAC 300,000, cost 100,000 → earned 166,666.67; billed 100,000 → under-billed 66,666.67. */
  let under: string;
  /** Contract 300,000, EAC 360,000, cost 180,000 → loss 60,000, earned 120,000; billed 150,000 → over-billed 30,000. */
  let lossy: string;
  let asOf: string;

  const eventsOf = (view: string) =>
    owner`select format, filters, row_count from data_access_events where organization_id = ${flags.org.organizationId} and view = ${view} order by occurred_at, id`;

  async function workbookOf(response: unknown) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (response as Response).arrayBuffer());
    const sheet = workbook.worksheets[0];
    // every row as long as the header: an empty cell (a blank debit or credit) reads as undefined
    const width = sheet.getRow(1).cellCount;
    const rows = sheet.getSheetValues().slice(1).map((r) => Array.from({ length: width }, (_, i) => (Array.isArray(r) ? r[i + 1] : undefined)));
    return { sheet, rows };
  }

  beforeAll(async () => {
    const flagsOrg = await financeOrganization(owner, "wip-flags");
    const flagsRun: typeof run = (fn) => withTenant(tenantOf(flagsOrg, flagsOrg.owner), fn);
    flags = { org: flagsOrg, run: flagsRun };
    const fx = billingFixture(owner, flagsOrg.organizationId, flagsOrg.owner.userId, flagsRun);
    user = await signIn(flagsOrg.owner.email, { organizationId: flagsOrg.organizationId });

    noContract = await fx.project("Warehouse"); // B-1
    await budget(noContract, "600000.00", flags);
    await directCost(noContract, "150000.00", flags);

    const billed = async (projectId: string, contract: string, eac: string, cost: string, billedToDate: string) => {
      await fx.contract(projectId, { originalSum: contract, sov: [contract] });
      await budget(projectId, eac, flags);
      await directCost(projectId, cost, flags);
      await fx.certified(projectId, jan, { 1: billedToDate });
    };
    over = await fx.project("Depot"); // B-2
    await billed(over, "800000.00", "600000.00", "300000.00", "420000.50");
    under = await fx.project("Library"); // B-3
    await billed(under, "500000.00", "300000.00", "100000.00", "100000.00");
    lossy = await fx.project("Clinic"); // B-4
    await billed(lossy, "300000.00", "360000.00", "180000.00", "150000.00");

    noEstimate = flagsOrg.projectId; // J-wip-flags
    await fx.sovLines(noEstimate, ["1000000.00"], 1);
    await fx.certified(noEstimate, jan, { 1: "100000.00" });

    const [today] = await owner`select (now() at time zone time_zone)::date::text as today from organizations where id = ${flagsOrg.organizationId}`;
    asOf = today.today as string;
  });

  it("flags them with a label, never as a loss, and leaves them out of the totals", async () => {
    const { rows, totals, excluded } = await flags.run((tx) => wipSchedule(tx));
    expect(rows.map((r) => r.project)).toEqual(["B-1 Warehouse", "B-2 Depot", "B-3 Library", "B-4 Clinic", "J-wip-flags wip-flags tower"]);
    expect(rowOf(rows, noContract)).toMatchObject({
      contractSumToDate: "0.00",
      estimatedTotalCost: "600000.00",
      costToDate: "150000.00",
      percentCompleteDisplay: "25.00",
      earnedRevenue: "0.00", // not 150,000 − 600,000 as a loss recognised in full
      billedToDate: "0.00",
      isLoss: false,
      loss: "",
      flag: "no_contract",
      flagLabel: "No contract",
    });
    expect(rowOf(rows, noEstimate)).toMatchObject({
      contractSumToDate: "1000000.00",
      estimatedTotalCost: "0.00",
      earnedRevenue: "0.00",
      billedToDate: "100000.00",
      isLoss: false,
      flag: "no_estimate",
      flagLabel: "No estimate",
    });
    expect(rowOf(rows, over)).toMatchObject({ earnedRevenue: "400000.00", overBilling: "20000.50", flag: null, flagLabel: "" });
    expect(rowOf(rows, under)).toMatchObject({ earnedRevenue: "166666.67", underBilling: "66666.67", flag: null });
    expect(rowOf(rows, lossy)).toMatchObject({ earnedRevenue: "120000.00", overBilling: "30000.00", isLoss: true, loss: "Loss", flag: null });
    expect(excluded).toBe(2);
    // Depot, Library and Clinic only.
    expect(totals).toEqual({
      contractSumToDate: "1600000.00",
      estimatedTotalCost: "1260000.00",
      costToDate: "580000.00",
      earnedRevenue: "686666.67",
      billedToDate: "670000.50",
      overBilling: "50000.50",
      underBilling: "66666.67",
      grossProfitToDate: "106666.67",
      projectedGrossProfit: "340000.00",
      percentComplete: "0.4603174603",
      percentCompleteDisplay: "46.03",
      projectedMargin: "0.2125000000",
      projectedMarginDisplay: "21.25",
    });
  });

  it("the page shows the flags and says how many projects the totals leave out", async () => {
    const out = await callRoute(wipLoader, user.get("/wip?sort=flagLabel&dir=desc"));
    expect(out.status).toBe(200);
    const { rows, totals, sort, excluded } = out.data as WipSchedule & { sort: { key: string; dir: "asc" | "desc" } };
    expect(rows.map((r) => r.flagLabel)).toEqual(["No estimate", "No contract", "", "", ""]);
    expect(excluded).toBe(2);
    const html = renderToString(createElement(WipTable, { rows, totals, sort }));
    const rowHtml = (projectId: string) => html.split("<tr").find((tr) => tr.includes(`href="/projects/${projectId}"`))!;
    expect(rowHtml(noContract)).toContain('data-flag="no_contract"');
    expect(rowHtml(noContract)).toMatch(/>No contract<\/span>/);
    expect(rowHtml(noContract)).not.toContain("data-loss");
    expect(rowHtml(noEstimate)).toMatch(/>No estimate<\/span>/);
    expect(rowHtml(over)).not.toContain("data-flag");
    expect(html).toContain(">Not in totals");
    expect(html.slice(html.indexOf("<tfoot"))).toContain("$1,600,000.00");
    const note = renderToString(createElement(ExcludedNote, { count: excluded }));
    expect(note).toContain("2 projects without a contract or an estimate are not in the totals");
    expect(renderToString(createElement(ExcludedNote, { count: 1 }))).toContain("1 project without a contract or an estimate is not in the totals");
    expect(renderToString(createElement(ExcludedNote, { count: 0 }))).toBe("");
  });

  it("the Excel export labels the flags and its totals row says what it leaves out", async () => {
    const before = (await eventsOf("wip")).length;
    const out = await callRoute(wipExport, user.get("/wip/export.xlsx"));
    expect(out.status).toBe(200);
    const { rows } = await workbookOf(out.data);
    const header = rows[0] as string[];
    const cell = (row: unknown[], label: string) => row[header.indexOf(label)];
    expect(header.slice(0, 4)).toEqual(["Project", "Projected loss", "Not in totals", "Status"]);
    const byProject = (name: string) => rows.find((r) => r[0] === name)!;
    expect(cell(byProject("B-1 Warehouse"), "Not in totals")).toBe("No contract");
    expect(cell(byProject("B-1 Warehouse"), "Earned revenue")).toBe(0);
    expect(cell(byProject("J-wip-flags wip-flags tower"), "Not in totals")).toBe("No estimate");
    expect(cell(byProject("B-4 Clinic"), "Projected loss")).toBe("Loss");
    expect(cell(byProject("B-4 Clinic"), "Not in totals")).toBeUndefined();
    const total = rows.at(-1)!;
    expect(total[0]).toBe("Total. 2 projects without a contract or an estimate are not in the totals.");
    expect(cell(total, "Contract sum to date")).toBe(1600000);
    expect(cell(total, "Earned revenue")).toBe(686666.67);
    expect(cell(total, "Over-billing")).toBe(50000.5);
    expect(await eventsOf("wip")).toHaveLength(before + 1);
  });

  const expectedLines = [
    { project: "B-2 Depot", account: "Contract revenue", debit: "20000.50", credit: null },
    { project: "B-2 Depot", account: "Billings in excess of costs and estimated earnings", debit: null, credit: "20000.50" },
    { project: "B-3 Library", account: "Costs and estimated earnings in excess of billings", debit: "66666.67", credit: null },
    { project: "B-3 Library", account: "Contract revenue", debit: null, credit: "66666.67" },
    { project: "B-4 Clinic", account: "Contract revenue", debit: "30000.00", credit: null },
    { project: "B-4 Clinic", account: "Billings in excess of costs and estimated earnings", debit: null, credit: "30000.00" },
  ];

  it("the journal entry page: a balanced entry per over- or under-billed project, none for the flagged ones, recorded as read", async () => {
    const out = await callRoute(journalLoader, user.get("/wip/journal"));
    expect(out.status).toBe(200);
    const entry = out.data as WipJournalEntry;
    expect(entry.rows.map(({ project, account, debit, credit }) => ({ project, account, debit, credit }))).toEqual(expectedLines);
    expect(entry.rows[0]).toMatchObject({ projectId: over, href: `/projects/${over}` });
    expect(entry).toMatchObject({ asOf, debitTotal: "116667.17", creditTotal: "116667.17", excluded: 2 });
    expect(await eventsOf("wip_journal")).toEqual([{ format: "page", filters: { asOf }, row_count: 6 }]);

    const html = renderToString(createElement(WipJournalTable, { entry }));
    expect(html).toContain(`href="/projects/${under}"`);
    const footer = html.slice(html.indexOf("<tfoot"));
    expect(footer.match(/\$116,667\.17/g)).toHaveLength(2);
    expect(html).not.toContain("Warehouse");
  });

  it("the journal entry's Excel export: labels, amounts as money-formatted numbers, balanced totals with the date", async () => {
    const out = await callRoute(journalExport, user.get("/wip/journal.xlsx"));
    expect(out.status).toBe(200);
    expect((out.data as Response).headers.get("Content-Disposition")).toBe(`attachment; filename="wip-journal-${asOf}.xlsx"`);
    const { sheet, rows } = await workbookOf(out.data);
    expect(sheet.name).toBe(`WIP journal ${asOf}`);
    expect(rows).toEqual([
      ["Project", "Account", "Debit", "Credit"],
      ...expectedLines.map((l) => [l.project, l.account, l.debit === null ? undefined : Number(l.debit), l.credit === null ? undefined : Number(l.credit)]),
      [`Total, cumulative as of ${asOf}. 2 projects without a contract or an estimate are not in this entry.`, undefined, 116667.17, 116667.17],
    ]);
    expect(sheet.getCell("C2").numFmt).toBe(MONEY_FORMAT);
    expect(sheet.getCell("D8").numFmt).toBe(MONEY_FORMAT);
    expect(await eventsOf("wip_journal")).toEqual([
      { format: "page", filters: { asOf }, row_count: 6 },
      { format: "xlsx", filters: { asOf }, row_count: 6 },
    ]);
  });
});
