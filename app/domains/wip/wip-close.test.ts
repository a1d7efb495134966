import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { actorOf, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { addBudgetLine } from "~/domains/budgets/budget-lines.server";
import { payablesFixture } from "~/domains/payables/test-fixtures";
import { billingFixture } from "~/domains/receivables/billing-test-fixtures";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn } from "../../../tests/support/route-requests";
import { loader as wipLoader } from "./routes/wip";
import { loader as closeLoader, action as closeAction } from "./routes/wip-close";
import { loader as closeExport } from "./routes/wip-close-export";
import { loader as closeJournalExport } from "./routes/wip-close-journal-export";
import { action as closesAction } from "./routes/wip-closes";
import { wipScheduleAsOf } from "./wip-as-of.server";
import { findWipClose, listWipCloses } from "./wip-close-read.server";
import { closeWip, reopenWip, WipCloseRefused } from "./wip-close.server";
import { wipSchedule } from "./wip.server";
import type { SqlClient } from "@db/sql-client";
import type { DatabaseError } from "pg";

/**
 * One job (the organization's own, contract 1,000,000) over three months, with every document
 * dated, and a small job completed in June:
 * - budget 800,000; a prime change order of +100,000 (cost side +50,000) created 20 May, approved 10 June;
 * - direct costs dated 15 May 200,000, 20 June 100,000, 10 July 100,000;
 * - certified applications for periods ending 31 May (line 4: 250,000), 30 June (400,000), 31 July (500,000).
 * Fiscal year from July: June is the previous fiscal year's end.
 */
let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
let job: string;
/** Contract 100,000, budget 80,000; 40,000 of cost in May and 40,000 in June; closed 15 June. */
let small: string;

async function directCost(projectId: string, amount: string, invoiceDate: string) {
  const fx = payablesFixture(owner, { ...org, projectId });
  const id = await fx.directInvoice(org.owner, [[org.costCodeId, amount]]);
  await fx.approve(id);
  await owner`update ap_invoices set invoice_date = ${invoiceDate}, due_date = ${invoiceDate}::date + 30 where id = ${id}`;
}

async function budget(projectId: string, amount: string) {
  await run((tx) => addBudgetLine(tx, projectId, { costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", originalAmount: amount }));
}

const close = (periodEnd: string, as = org.owner) => withTenant(tenantOf(org, as), (tx) => closeWip(tx, { periodEnd, userId: as.userId }));
const rowOf = async (closeId: string, projectId: string) => (await run((tx) => findWipClose(tx, closeId))).rows.find((r) => r.projectId === projectId);
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof WipCloseRefused ? e.message : e));

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "wip-close");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
  await owner`update organizations set fiscal_year_start_month = 7 where id = ${org.organizationId}`;
  const billing = billingFixture(owner, org.organizationId, org.owner.userId, run);

  job = org.projectId;
  await billing.sovLines(job, ["1000000.00"], 1);
  await budget(job, "800000.00");
  const { changeOrderId } = await submittedChangeOrder(org, org.owner, { kind: "prime", lines: [{ amount: "100000.00", budgetAmount: "50000.00" }] });
  const [request] = await owner`select id, version, current_step from approval_requests where document_id = ${changeOrderId} and status = 'pending'`;
  await run((tx) => actOnApproval(tx, { requestId: request.id, version: request.version, stepNumber: request.current_step, decision: "approved", actor: actorOf(org.owner) }));
  await owner`update change_orders set created_at = '2026-05-20T12:00:00Z', decided_at = '2026-06-10T12:00:00Z' where id = ${changeOrderId}`;
  await directCost(job, "200000.00", "2026-05-15");
  await directCost(job, "100000.00", "2026-06-20");
  await directCost(job, "100000.00", "2026-07-10");
  await billing.certified(job, { periodEnd: "2026-05-31", dueDate: "2026-06-30" }, { 1: "250000.00" });
  await billing.certified(job, { periodEnd: "2026-06-30", dueDate: "2026-07-31" }, { 1: "150000.00" });
  await billing.certified(job, { periodEnd: "2026-07-31", dueDate: "2026-08-31" }, { 1: "100000.00" });

  small = await billing.project("Kiosk");
  await billing.contract(small, { originalSum: "100000.00", sov: ["100000.00"] });
  await budget(small, "80000.00");
  await directCost(small, "40000.00", "2026-05-10");
  await billing.certified(small, { periodEnd: "2026-05-31", dueDate: "2026-06-30" }, { 1: "50000.00" });
});
afterAll(() => owner.end());

describe("WIP as of a period end", () => {
  it("31 May: the costs, billing and change orders dated by then, none later (an open change order is pending)", async () => {
    const { rows } = await run((tx) => wipScheduleAsOf(tx, "2026-05-31"));
    expect(rows.find((r) => r.projectId === job)).toMatchObject({
      contractSumToDate: "1000000.00",
      // budget 800,000 + the pending cost side 50,000; cost 200,000 → FTC 650,000
      estimatedTotalCost: "850000.00",
      costToDate: "200000.00",
      billedToDate: "250000.00",
      percentComplete: "0.2352941176",
      earnedRevenue: "235294.12",
      overBilling: "14705.88",
      grossProfitToDate: "35294.12",
    });
  });

  it("30 June: the change order approved on 10 June counts; July's cost and billing do not", async () => {
    const { rows } = await run((tx) => wipScheduleAsOf(tx, "2026-06-30"));
    expect(rows.find((r) => r.projectId === job)).toMatchObject({
      contractSumToDate: "1100000.00",
      estimatedTotalCost: "850000.00",
      costToDate: "300000.00",
      billedToDate: "400000.00",
      earnedRevenue: "388235.29",
      overBilling: "11764.71",
    });
  });

  it("as of today it equals the live schedule of the stored figures", async () => {
    const [live, today] = await run(async (tx) => [await wipSchedule(tx), await wipScheduleAsOf(tx, new Date().toISOString().slice(0, 10))]);
    const inputs = (rows: typeof live.rows) =>
      rows.map(({ projectId, contractSumToDate, estimatedTotalCost, costToDate, billedToDate }) => ({ projectId, contractSumToDate, estimatedTotalCost, costToDate, billedToDate }));
    expect(inputs(today.rows)).toEqual(inputs(live.rows));
    expect(inputs(live.rows).find((r) => r.projectId === job)).toEqual({ projectId: job, contractSumToDate: "1100000.00", estimatedTotalCost: "850000.00", costToDate: "400000.00", billedToDate: "500000.00" });
  });
});

describe("month-end close", () => {
  let may: string;
  let june: string;
  let july: string;

  it("stores one frozen row per project equal to the as-of schedule; the first period counts from zero", async () => {
    may = (await close("2026-05-31")).id;
    const stored = await run((tx) => findWipClose(tx, may));
    const asOf = await run((tx) => wipScheduleAsOf(tx, "2026-05-31"));
    const { earnedRevenuePeriod: _a, grossProfitPeriod: _b, earnedRevenueYtd: _c, grossProfitYtd: _d, ...first } = stored.rows.find((r) => r.projectId === job)!;
    expect(first).toEqual(asOf.rows.find((r) => r.projectId === job));
    expect(stored.rows.map((r) => r.projectId).sort()).toEqual(asOf.rows.map((r) => r.projectId).sort());
    expect(await rowOf(may, job)).toMatchObject({ earnedRevenuePeriod: "235294.12", grossProfitPeriod: "35294.12", earnedRevenueYtd: "235294.12" });
  });

  it("period = cumulative − the previous close; year to date from the previous fiscal year end's close (none here: from zero)", async () => {
    await owner`update projects set status = 'closed', end_date = '2026-06-15' where id = ${small}`;
    await directCost(small, "40000.00", "2026-06-12");
    june = (await close("2026-06-30")).id;
    expect(await rowOf(june, job)).toMatchObject({
      earnedRevenue: "388235.29",
      grossProfitToDate: "88235.29",
      earnedRevenuePeriod: "152941.17", // 388,235.29 − 235,294.12
      grossProfitPeriod: "52941.17", // 88,235.29 − 35,294.12
      earnedRevenueYtd: "388235.29", // fiscal year from 1 July 2025: no close at 30 June 2025
      grossProfitYtd: "88235.29",
    });
  });

  it("a job completed in the period stays on that period's schedule, not the next", async () => {
    // Kiosk: cost 80,000 of EAC 80,000 → 100%, earned the whole 100,000; May earned 50,000 (40,000 of 80,000)
    expect(await rowOf(june, small)).toMatchObject({ status: "Closed", statusKey: "closed", costToDate: "80000.00", earnedRevenue: "100000.00", earnedRevenuePeriod: "50000.00" });
    july = (await close("2026-07-31")).id;
    expect(await rowOf(july, small)).toBeUndefined();
  });

  it("year to date from the close of the previous fiscal year end (30 June): July and an empty August", async () => {
    expect(await rowOf(july, job)).toMatchObject({ earnedRevenue: "517647.06", earnedRevenuePeriod: "129411.77", earnedRevenueYtd: "129411.77", grossProfitYtd: "29411.77" });
    const august = (await close("2026-08-31")).id;
    expect(await rowOf(august, job)).toMatchObject({ earnedRevenuePeriod: "0.00", grossProfitPeriod: "0.00", earnedRevenueYtd: "129411.77", grossProfitYtd: "29411.77" });
    const found = await run((tx) => findWipClose(tx, august));
    expect(found).toMatchObject({ previousPeriodEnd: "2026-07-31", fiscalYearStart: "2026-07-01", fiscalYearPeriodEnd: "2026-06-30" });
    expect(found.totals).toMatchObject({ earnedRevenuePeriod: "0.00", earnedRevenueYtd: "129411.77" });
  });

  it("refuses a period already closed, one earlier than the latest closed, and one not ended yet", async () => {
    expect(await refusal(close("2026-07-31"))).toBe("The period ending 2026-07-31 is already closed: reopen it to close it again.");
    expect(await refusal(close("2026-06-15"))).toBe("The later period ending 2026-08-31 is closed: reopen it first to close 2026-06-15.");
    expect(await refusal(close("2099-12-31"))).toMatch(/^2099-12-31 has not ended yet/);
  });

  it("the stored close cannot be changed or deleted at the database, by the app role or the owner", async () => {
    const refused = (query: (tx: Tx) => Promise<unknown>) => run(query).then(() => null, (e: { cause?: DatabaseError; code?: string }) => (e.cause ?? e).code);
    expect(await refused((tx) => tx.execute(sql.raw(`update wip_close_rows set earned_revenue = 0 where close_id = '${july}'`)))).toBe("42501");
    expect(await refused((tx) => tx.execute(sql.raw(`delete from wip_close_rows where close_id = '${july}'`)))).toBe("42501");
    expect(await refused((tx) => tx.execute(sql.raw(`update wip_closes set period_end = '2026-07-30' where id = '${july}'`)))).toBe("23514");
    expect(await refused((tx) => tx.execute(sql.raw(`delete from wip_closes where id = '${july}'`)))).toBe("23001");
    await expect(owner`update wip_close_rows set earned_revenue = 0 where close_id = ${july}`).rejects.toThrow(/cannot be changed/);
    await expect(owner`delete from wip_closes where id = ${july}`).rejects.toThrow(/cannot be deleted/);
    expect((await rowOf(july, job))?.earnedRevenue).toBe("517647.06");
  });

  it("reopen needs a reason, only the latest closed period, and is audited; re-closing adds a version and keeps the history", async () => {
    const august = (await run((tx) => listWipCloses(tx)))[0];
    const reopen = (closeId: string, reason: string) => run((tx) => reopenWip(tx, { closeId, reason, userId: org.owner.userId }));
    expect(await refusal(reopen(august.id, "   "))).toBe("Say why the period is reopened.");
    expect(await refusal(reopen(july, "late invoice"))).toBe("The later period ending 2026-08-31 is closed: reopen it first.");
    await reopen(august.id, "Late subcontractor invoice");
    expect(await refusal(reopen(august.id, "again"))).toBe("This close of 2026-08-31 was reopened already.");
    const [audit] = await owner`select action, before, after from audit_events where entity_type = 'wip_close' and entity_id = ${august.id} and action = 'reopened'`;
    expect(audit.before).toMatchObject({ status: "closed", periodEnd: "2026-08-31" });
    expect(audit.after).toMatchObject({ status: "reopened", reopenReason: "Late subcontractor invoice", reopenedBy: org.owner.userId });

    await directCost(job, "85000.00", "2026-08-20");
    const again = await close("2026-08-31");
    expect(again.version).toBe(2);
    expect(await rowOf(again.id, job)).toMatchObject({ costToDate: "485000.00", earnedRevenue: "627647.06", earnedRevenuePeriod: "110000.00" });
    const history = (await run((tx) => listWipCloses(tx))).filter((c) => c.periodEnd === "2026-08-31");
    expect(history.map((c) => [c.version, c.status, c.reopenReason])).toEqual([
      [2, "closed", null],
      [1, "reopened", "Late subcontractor invoice"],
    ]);
    expect(await rowOf(august.id, job)).toMatchObject({ costToDate: "400000.00", earnedRevenue: "517647.06" });
    const closes = await owner`select action from audit_events where entity_type = 'wip_close' and organization_id = ${org.organizationId} order by occurred_at`;
    expect(closes.map((a) => a.action)).toEqual(["closed", "closed", "closed", "closed", "reopened", "closed"]);
  });
});

describe("the close pages", () => {
  const sheetOf = async (response: unknown) => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (response as Response).arrayBuffer());
    return workbook.worksheets[0].getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []));
  };

  it("/wip?asOf= shows the schedule as of that day; a malformed date is reported, not a 500", async () => {
    const user = await signIn(org.owner.email, { organizationId: org.organizationId });
    const asOf = await callRoute(wipLoader, user.get("/wip?asOf=2026-05-31"));
    expect(asOf.data).toMatchObject({ asOf: "2026-05-31", asOfError: null });
    expect((asOf.data as { rows: { projectId: string; costToDate: string }[] }).rows.find((r) => r.projectId === job)?.costToDate).toBe("200000.00");
    const bad = await callRoute(wipLoader, user.get("/wip?asOf=2026-02-30"));
    expect(bad.status).toBe(200);
    expect(bad.data).toMatchObject({ asOf: null, asOfError: '"2026-02-30" is not a date (YYYY-MM-DD): the schedule below is as of now.' });
  });

  it("closing and reopening need wip:close; a bad date or an empty reason is a 400 with the message", async () => {
    const pm = await org.addMember("project_manager");
    const pmUser = await signIn(pm.email, { organizationId: org.organizationId });
    expect((await callRoute(closesAction, pmUser.post("/wip/closes", { intent: "close", periodEnd: "2026-09-30" }))).status).toBe(403);
    const user = await signIn(org.owner.email, { organizationId: org.organizationId });
    const bad = await callRoute(closesAction, user.post("/wip/closes", { intent: "close", periodEnd: "2026-13-01" }));
    expect(bad).toMatchObject({ status: 400, fieldErrors: { periodEnd: ["Enter the period end as YYYY-MM-DD"] } });
    const [latest] = await run((tx) => listWipCloses(tx));
    const noReason = await callRoute(closeAction, user.post(`/wip/closes/${latest.id}`, { intent: "reopen", reason: "  " }), { closeId: latest.id });
    expect(noReason).toMatchObject({ status: 400, fieldErrors: { reason: ["Say why the period is reopened."] } });
    const refused = await callRoute(closesAction, user.post("/wip/closes", { intent: "close", periodEnd: latest.periodEnd }));
    expect(refused).toMatchObject({ status: 409, fieldErrors: { periodEnd: [`The period ending ${latest.periodEnd} is already closed: reopen it to close it again.`] } });
  });

  it("another organization's close is a 404; the exports carry the period columns and the entry", async () => {
    const [latest] = await run((tx) => listWipCloses(tx));
    const other = await financeOrganization(owner, "wip-close-other");
    const stranger = await signIn(other.owner.email, { organizationId: other.organizationId });
    expect((await callRoute(closeLoader, stranger.get(`/wip/closes/${latest.id}`), { closeId: latest.id })).status).toBe(404);
    expect((await callRoute(closeExport, stranger.get(`/wip/closes/${latest.id}/export.xlsx`), { closeId: latest.id })).status).toBe(404);

    const user = await signIn(org.owner.email, { organizationId: org.organizationId });
    const out = await callRoute(closeExport, user.get(`/wip/closes/${latest.id}/export.xlsx`), { closeId: latest.id });
    expect((out.data as Response).headers.get("Content-Disposition")).toBe('attachment; filename="wip-closed-v2-2026-08-31.xlsx"');
    const rows = await sheetOf(out.data);
    const header = rows[0] as string[];
    expect(header.slice(-4)).toEqual(["Revenue earned this period", "Gross profit this period", "Revenue earned year to date", "Gross profit year to date"]);
    const jobRow = rows.find((r) => String(r[0]).startsWith("J-wip-close"))!;
    expect(jobRow[header.indexOf("Revenue earned this period")]).toBe(110000);
    expect(rows.at(-1)![0]).toBe("Total as of 2026-08-31.");
    const journal = await sheetOf((await callRoute(closeJournalExport, user.get(`/wip/closes/${latest.id}/journal.xlsx`), { closeId: latest.id })).data);
    expect(journal.slice(1, 3).map((r) => r.slice(1))).toEqual([
      ["Costs and estimated earnings in excess of billings", 127647.06],
      ["Contract revenue", undefined, 127647.06],
    ]);
  });
});
