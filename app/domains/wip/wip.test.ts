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
import { ownerConnection } from "../../../tests/support/connections";
import { WipTable } from "./wip-table";
import { sortWipRows, wipSchedule, type WipScheduleRow } from "./wip.server";
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

async function budget(projectId: string, amount: string) {
  await run((tx) => addBudgetLine(tx, projectId, { costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", originalAmount: amount }));
}

const payables = (projectId: string) => payablesFixture(owner, { ...org, projectId });

/** An approved direct-cost invoice of `amount` on the budgeted cost code. */
async function directCost(projectId: string, amount: string) {
  const fx = payables(projectId);
  await fx.approve(await fx.directInvoice(org.owner, [[org.costCodeId, amount]]));
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
