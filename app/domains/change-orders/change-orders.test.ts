import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { actorOf, changeOrderWithLines, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { parseTableQuery } from "~/utils/data-table";
import type { TablePage } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { addChangeOrderLine, deleteChangeOrderLine, updateChangeOrderLine } from "./change-order-lines.server";
import { convertToChangeOrder, submitChangeOrder, voidChangeOrder, withdrawChangeOrder } from "./change-order-workflow.server";
import { changeOrdersTable } from "./change-orders.table";
import { listChangeOrders } from "./change-orders-list.server";
import { ChangeOrderRefused, createChangeOrder, getChangeOrder, updateChangeOrderHeader } from "./change-orders.server";
import { loader as listLoader } from "./routes/change-orders";
import { loader as exportLoader } from "./routes/change-orders-export";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let pm: TestMember;
let finance: TestMember;
let admin: TestMember;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "co");
  [pm, finance, admin] = [await org.addMember("project_manager"), await org.addMember("finance"), await org.addMember("admin")];
});
afterAll(() => owner.end());

const as = <T>(member: TestMember, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(org, member), fn);
// Rows written in one transaction share a timestamp, so compare the actions as a sorted list.
const auditActions = async (id: string) => (await owner`select action from audit_events where entity_type = 'change_order' and entity_id = ${id}`).map((r) => r.action as string).sort();

async function decide(o: FinanceOrganization, changeOrderId: string, member: TestMember, decision: "approved" | "rejected") {
  const [request] = await owner`select id, version, current_step from approval_requests where document_id = ${changeOrderId} and status = 'pending'`;
  const reason = decision === "rejected" ? "Not in the owner's scope" : null;
  const input = { requestId: request.id, version: request.version, stepNumber: request.current_step, decision, reason, actor: actorOf(member) };
  return withTenant(tenantOf(o, member), (tx) => actOnApproval(tx, input));
}
const approve = (changeOrderId: string, member: TestMember) => decide(org, changeOrderId, member, "approved");

describe("creating and numbering", () => {
  it("numbers per project, checks the commitment, and audits", async () => {
    const first = await as(pm, (tx) => createChangeOrder(tx, { projectId: org.projectId, kind: "prime", commitmentId: null, stage: "potential", title: "Rock excavation", description: "" }));
    const second = await as(pm, (tx) =>
      createChangeOrder(tx, { projectId: org.projectId, kind: "commitment", commitmentId: org.commitmentId, stage: "potential", title: "Extra rebar", description: "" }),
    );
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: "draft", stage: "potential", commitmentId: null });
    await expect(
      as(pm, (tx) => createChangeOrder(tx, { projectId: org.projectId, kind: "commitment", commitmentId: org.draftCommitmentId, stage: "potential", title: "Nope", description: "" })),
    ).rejects.toThrow(/executed commitments/);
    expect(await auditActions(first.id)).toEqual(["created"]);
  });

  it("hands out unique consecutive numbers under concurrency", async () => {
    const other = await financeOrganization(owner, "conc");
    const created = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        withTenant(tenantOf(other, other.owner), (tx) => createChangeOrder(tx, { projectId: other.projectId, kind: "prime", commitmentId: null, stage: "potential", title: `Parallel ${i}`, description: "" })),
      ),
    );
    expect(created.map((c) => c.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("lines and transitions of a draft", () => {
  it("adds, edits and deletes lines with exact totals; budget amounts only on prime", async () => {
    const co = await changeOrderWithLines(org, pm, { lines: [{ amount: "1250.10", budgetAmount: "1000.05" }, { amount: "-300", budgetAmount: null }] });
    const detail = await as(pm, (tx) => getChangeOrder(tx, co.id));
    expect(detail).toMatchObject({ amount: "950.10", budgetAmount: "1000.05" });
    expect(detail.lines.map((l) => [l.lineNumber, l.amount, l.budgetAmount])).toEqual([[1, "1250.10", "1000.05"], [2, "-300.00", null]]);

    const [l1, l2] = detail.lines;
    await as(pm, (tx) => updateChangeOrderLine(tx, { changeOrderId: co.id, lineId: l1.id, version: co.version, costCodeId: org.otherCostCodeId, costTypeId: org.costTypeId, description: "Changed", amount: "0.01", budgetAmount: "0.02" }));
    await as(pm, (tx) => deleteChangeOrderLine(tx, { changeOrderId: co.id, lineId: l2.id, version: co.version + 1 }));
    expect(await as(pm, (tx) => getChangeOrder(tx, co.id))).toMatchObject({ amount: "0.01", budgetAmount: "0.02", version: co.version + 2 });

    const commitmentCo = await changeOrderWithLines(org, pm, { kind: "commitment", lines: [{ amount: "500.00", budgetAmount: "999.00" }] });
    expect(await as(pm, (tx) => getChangeOrder(tx, commitmentCo.id))).toMatchObject({ amount: "500.00", budgetAmount: null });
    expect(await auditActions(co.id)).toEqual(["created", "line_added", "line_added", "line_updated", "line_deleted"].sort());
  });

  it("refuses a stale version", async () => {
    const co = await changeOrderWithLines(org, pm, { lines: [{ amount: "10.00" }] });
    await expect(as(pm, (tx) => updateChangeOrderHeader(tx, { changeOrderId: co.id, version: co.version - 1, title: "Late", description: "" }))).rejects.toThrow(/changed this change order meanwhile/);
    await as(pm, (tx) => updateChangeOrderHeader(tx, { changeOrderId: co.id, version: co.version, title: "Renamed", description: "Why" }));
    expect((await as(pm, (tx) => getChangeOrder(tx, co.id))).title).toBe("Renamed");
  });

  it("converts a potential change order, and submits only a change order with lines", async () => {
    const pco = await as(pm, (tx) => createChangeOrder(tx, { projectId: org.projectId, kind: "prime", commitmentId: null, stage: "potential", title: "Maybe", description: "" }));
    await expect(as(pm, (tx) => submitChangeOrder(tx, { changeOrderId: pco.id, version: pco.version, submittedBy: pm.userId }))).rejects.toThrow(/Convert the potential change order/);
    const converted = await as(pm, (tx) => convertToChangeOrder(tx, { changeOrderId: pco.id, version: pco.version }));
    expect(converted.stage).toBe("change_order");
    await expect(as(pm, (tx) => convertToChangeOrder(tx, { changeOrderId: pco.id, version: converted.version }))).rejects.toThrow(/already a change order/);
    await expect(as(pm, (tx) => submitChangeOrder(tx, { changeOrderId: pco.id, version: converted.version, submittedBy: pm.userId }))).rejects.toThrow(/at least one line/);
  });

  it("withdraws a pending change order back to draft and cancels its approval", async () => {
    const { changeOrderId, changeOrder } = await submittedChangeOrder(org, pm, { lines: [{ amount: "40.00" }] });
    await as(pm, (tx) => withdrawChangeOrder(tx, { changeOrderId, version: changeOrder.version }));
    expect((await as(pm, (tx) => getChangeOrder(tx, changeOrderId))).status).toBe("draft");
    const [request] = await owner`select status from approval_requests where document_id = ${changeOrderId}`;
    expect(request.status).toBe("cancelled");
  });
});

describe("approved change orders", () => {
  it("cannot be edited in any way, even by a forged post; a prime approval adds its SOV lines", async () => {
    const { changeOrderId } = await submittedChangeOrder(org, pm, { lines: [{ amount: "12000.00", budgetAmount: "10000.00", description: "Added footing" }, { amount: "800.50" }] });
    await approve(changeOrderId, finance);
    const approved = await as(pm, (tx) => getChangeOrder(tx, changeOrderId));
    expect(approved).toMatchObject({ status: "approved", amount: "12800.50" });
    expect(approved.decidedAt).toBeInstanceOf(Date);

    const sov = await owner`select description, scheduled_value, line_number from sov_lines where change_order_id = ${changeOrderId} order by line_number`;
    expect(sov.map((l) => l.scheduled_value)).toEqual(["12000.00", "800.50"]);
    expect(sov[0].description).toMatch(new RegExp(`^CO #${approved.number}`));

    const v = approved.version;
    const line = approved.lines[0];
    const attempts = [
      () => as(pm, (tx) => updateChangeOrderHeader(tx, { changeOrderId, version: v, title: "Sneaky", description: "" })),
      () => as(pm, (tx) => addChangeOrderLine(tx, { changeOrderId, version: v, costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", amount: "1.00" })),
      () => as(pm, (tx) => updateChangeOrderLine(tx, { changeOrderId, lineId: line.id, version: v, costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", amount: "1.00" })),
      () => as(pm, (tx) => deleteChangeOrderLine(tx, { changeOrderId, lineId: line.id, version: v })),
      () => as(pm, (tx) => submitChangeOrder(tx, { changeOrderId, version: v, submittedBy: pm.userId })),
      () => as(pm, (tx) => withdrawChangeOrder(tx, { changeOrderId, version: v })),
      () => as(pm, (tx) => convertToChangeOrder(tx, { changeOrderId, version: v })),
    ];
    for (const attempt of attempts) await expect(attempt()).rejects.toThrow(ChangeOrderRefused);
    await expect(as(pm, (tx) => addChangeOrderLine(tx, { changeOrderId, version: v, costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", amount: "1.00" }))).rejects.toThrow(
      /is approved: approved change orders cannot be changed/,
    );
    const after = await as(pm, (tx) => getChangeOrder(tx, changeOrderId));
    expect({ ...after, updatedAt: null }).toEqual({ ...approved, updatedAt: null });
    expect(await auditActions(changeOrderId)).toEqual(["created", "line_added", "line_added", "submitted", "approved"].sort());

    expect(await owner`select id from sov_lines where change_order_id = ${changeOrderId}`).not.toHaveLength(0);
    await as(admin, (tx) => voidChangeOrder(tx, { changeOrderId, version: v }));
    expect((await as(pm, (tx) => getChangeOrder(tx, changeOrderId))).status).toBe("void");
    // Voiding takes its lines back out of the schedule of values, so the SOV still ties to the contract sum.
    expect(await owner`select id from sov_lines where change_order_id = ${changeOrderId}`).toHaveLength(0);
  });

  it("a commitment change order changes no schedule of values", async () => {
    const { changeOrderId } = await submittedChangeOrder(org, pm, { kind: "commitment", lines: [{ amount: "2500.00" }] });
    await approve(changeOrderId, finance);
    expect((await as(pm, (tx) => getChangeOrder(tx, changeOrderId))).status).toBe("approved");
    expect(await owner`select id from sov_lines where change_order_id = ${changeOrderId}`).toHaveLength(0);
  });

  it("void only from draft, approved or rejected", async () => {
    const { changeOrderId, changeOrder } = await submittedChangeOrder(org, pm, { lines: [{ amount: "5.00" }] });
    await expect(as(admin, (tx) => voidChangeOrder(tx, { changeOrderId, version: changeOrder.version }))).rejects.toThrow(/waiting for approval/);
  });
});

describe("the change order list", () => {
  it("filters by cost code (id, code or division), open status and kind, with totals", async () => {
    const list = await financeOrganization(owner, "list");
    const a = await changeOrderWithLines(list, list.owner, { title: "Concrete change", lines: [{ amount: "100.00", budgetAmount: "80.00", costCodeId: list.costCodeId }] });
    await changeOrderWithLines(list, list.owner, { title: "Finishes change", lines: [{ amount: "200.00", costCodeId: list.otherCostCodeId }] });
    await changeOrderWithLines(list, list.owner, { kind: "commitment", title: "Sub change", lines: [{ amount: "50.25", costCodeId: list.costCodeId }] });
    const page = (search: string) => withTenant(tenantOf(list, list.owner), (tx) => listChangeOrders(tx, list.projectId, parseTableQuery(changeOrdersTable, new URLSearchParams(search))));

    const all = await page("");
    expect(all.rows).toHaveLength(3);
    expect(all.totals).toBeNull();
    expect(all.totalRows?.map((r) => r.values)).toEqual([{ amount: "300.00", budgetImpact: "80.00" }, { amount: "50.25" }]);
    for (const filter of [`f.costCode=${list.costCodeId}`, "f.costCode=03-3000", "f.costCode=03"]) {
      const rows = (await page(filter)).rows;
      expect(rows.map((r) => r.title).sort()).toEqual(["Concrete change", "Sub change"]);
    }
    expect((await page("f.costCode=03-3000&f.kind=prime")).rows.map((r) => r.title)).toEqual(["Concrete change"]);
    expect((await page("f.status=open")).rows).toHaveLength(3);
    expect((await page("f.status=approved")).rows).toHaveLength(0);
    const row = (await page("f.title=concrete")).rows[0];
    expect(row).toMatchObject({ number: "1", kind: "prime", amount: "100.00", budgetImpact: "80.00", costCode: "03-3000", href: `/change-orders/${a.id}` });
  });
});

describe("the list's totals, on the page and in the export", () => {
  let t: FinanceOrganization;
  let user: SignedIn;
  const PRIME = "Total prime (owner) change orders, excluding rejected and void";
  const COMMITMENT = "Total commitment (subcontract) change orders, excluding rejected and void";

  /**
   * Prime: approved 1,250.10 (budget 800.05), pending 300.33 (200.00), draft -50.01 (-40.00), rejected
   * 9,000.00 (5,000.00), void 7,777.77 (7,000.00). Commitment: approved 2,500.25, pending 125.50,
   * rejected 4,000.00, void after approval 3,333.33. Each through the real workflow.
   */
  beforeAll(async () => {
    t = await financeOrganization(owner, "co-totals");
    const [submitter, approver, voider] = [await t.addMember("project_manager"), await t.addMember("finance"), await t.addMember("admin")];
    user = await signIn(approver.email, { organizationId: t.organizationId });
    const asIn = <T>(member: TestMember, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(t, member), fn);
    const submitted = async (kind: "prime" | "commitment", title: string, amount: string, budgetAmount: string | null, decision?: "approved" | "rejected") => {
      const { changeOrderId } = await submittedChangeOrder(t, submitter, { kind, title, lines: [{ amount, budgetAmount }] });
      if (decision) await decide(t, changeOrderId, approver, decision);
      return changeOrderId;
    };
    const voidIt = async (changeOrderId: string) => {
      const { version } = await asIn(voider, (tx) => getChangeOrder(tx, changeOrderId));
      await asIn(voider, (tx) => voidChangeOrder(tx, { changeOrderId, version }));
    };

    await submitted("prime", "Prime approved", "1250.10", "800.05", "approved");
    await submitted("prime", "Prime pending", "300.33", "200.00");
    await changeOrderWithLines(t, submitter, { title: "Prime draft", lines: [{ amount: "-50.01", budgetAmount: "-40.00" }] });
    await submitted("prime", "Prime rejected", "9000.00", "5000.00", "rejected");
    await voidIt((await changeOrderWithLines(t, submitter, { title: "Prime void", lines: [{ amount: "7777.77", budgetAmount: "7000.00" }] })).id);
    await submitted("commitment", "Sub approved", "2500.25", null, "approved");
    await submitted("commitment", "Sub pending", "125.50", null);
    await submitted("commitment", "Sub rejected", "4000.00", null, "rejected");
    await voidIt(await submitted("commitment", "Sub void", "3333.33", null, "approved"));
  });

  const base = () => `/projects/${t.projectId}/change-orders`;
  const listPage = async (search: string) => {
    const out = await callRoute(listLoader, user.get(`${base()}?${search}`), { projectId: t.projectId });
    expect(out.status).toBe(200);
    return (out.data as { page: TablePage }).page;
  };
  const totalsOf = (page: TablePage) => page.totalRows?.map((r) => [r.label, r.values]);
  const statusesOf = (page: TablePage) => page.rows.map((r) => `${r.title}: ${r.status}`).sort();

  it("lists every change order and totals prime and commitment apart, without rejected and void", async () => {
    const all = await listPage("");
    expect(statusesOf(all)).toEqual([
      "Prime approved: approved",
      "Prime draft: draft",
      "Prime pending: pending_approval",
      "Prime rejected: rejected",
      "Prime void: void",
      "Sub approved: approved",
      "Sub pending: pending_approval",
      "Sub rejected: rejected",
      "Sub void: void",
    ]);
    expect(all.totals).toBeNull();
    expect(totalsOf(all)).toEqual([
      [PRIME, { amount: "1500.42", budgetImpact: "960.05" }],
      [COMMITMENT, { amount: "2625.75" }],
    ]);
  });

  it("filters by status through the URL; the totals follow the filter and still leave out rejected and void", async () => {
    const rejected = await listPage("f.status=rejected");
    expect(statusesOf(rejected)).toEqual(["Prime rejected: rejected", "Sub rejected: rejected"]);
    expect(totalsOf(rejected)).toEqual([
      [PRIME, { amount: "0.00", budgetImpact: "0.00" }],
      [COMMITMENT, { amount: "0.00" }],
    ]);
    expect(statusesOf(await listPage("f.status=void"))).toEqual(["Prime void: void", "Sub void: void"]);
    const open = await listPage("f.status=open");
    expect(statusesOf(open)).toEqual(["Prime draft: draft", "Prime pending: pending_approval", "Sub pending: pending_approval"]);
    expect(totalsOf(open)).toEqual([
      [PRIME, { amount: "250.32", budgetImpact: "160.00" }],
      [COMMITMENT, { amount: "125.50" }],
    ]);
    const approvedSubs = await listPage("f.status=approved&f.kind=commitment");
    expect(statusesOf(approvedSubs)).toEqual(["Sub approved: approved"]);
    expect(totalsOf(approvedSubs)).toEqual([
      [PRIME, { amount: "0.00", budgetImpact: "0.00" }],
      [COMMITMENT, { amount: "2500.25" }],
    ]);
    expect((await listPage("f.status=cancelled")).rows).toHaveLength(9); // not a status: ignored
  });

  it("exports the same rows with status labels and the same two totals", async () => {
    const out = await callRoute(exportLoader, user.get(`${base()}/export.xlsx?sort=number&dir=asc`), { projectId: t.projectId });
    expect(out.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (out.data as Response).arrayBuffer());
    const sheet = workbook.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const column = (label: string) => header.indexOf(label) + 1;
    const [title, status, kind, stage, amount, budget] = ["Title", "Status", "Kind", "Stage", "Amount", "Budget impact"].map(column);
    expect(sheet.rowCount).toBe(1 + 9 + 2);
    const rows = Array.from({ length: 9 }, (_, i) => sheet.getRow(i + 2));
    expect(rows.map((r) => [r.getCell(title).value, r.getCell(kind).value, r.getCell(stage).value, r.getCell(status).value])).toEqual([
      ["Prime approved", "Prime", "Change order", "Approved"],
      ["Prime pending", "Prime", "Change order", "Pending approval"],
      ["Prime draft", "Prime", "Change order", "Draft"],
      ["Prime rejected", "Prime", "Change order", "Rejected"],
      ["Prime void", "Prime", "Change order", "Void"],
      ["Sub approved", "Commitment", "Change order", "Approved"],
      ["Sub pending", "Commitment", "Change order", "Pending approval"],
      ["Sub rejected", "Commitment", "Change order", "Rejected"],
      ["Sub void", "Commitment", "Change order", "Void"],
    ]);
    const [prime, commitment] = [sheet.getRow(11), sheet.getRow(12)];
    expect([prime.getCell(1).value, prime.getCell(amount).value, prime.getCell(budget).value]).toEqual([PRIME, 1500.42, 960.05]);
    expect([commitment.getCell(1).value, commitment.getCell(amount).value, commitment.getCell(budget).value]).toEqual([COMMITMENT, 2625.75, null]);
    expect(prime.font?.bold).toBe(true);

    const filtered = await callRoute(exportLoader, user.get(`${base()}/export.xlsx?f.status=void`), { projectId: t.projectId });
    const voided = new ExcelJS.Workbook();
    await voided.xlsx.load(await (filtered.data as Response).arrayBuffer());
    const voidSheet = voided.worksheets[0];
    expect(voidSheet.rowCount).toBe(1 + 2 + 2);
    expect([4, 5].map((n) => [voidSheet.getRow(n).getCell(1).value, voidSheet.getRow(n).getCell(amount).value])).toEqual([[PRIME, 0], [COMMITMENT, 0]]);
  });
});

describe("tenancy", () => {
  it("another organization's change orders and projects are not found", async () => {
    const co = await changeOrderWithLines(org, pm, { lines: [{ amount: "1.00" }] });
    const stranger = await financeOrganization(owner, "stranger");
    const asStranger = <T>(fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(stranger, stranger.owner), fn);
    await expect(asStranger((tx) => getChangeOrder(tx, co.id))).rejects.toThrow(RecordNotFound);
    await expect(asStranger((tx) => updateChangeOrderHeader(tx, { changeOrderId: co.id, version: co.version, title: "Mine", description: "" }))).rejects.toThrow(RecordNotFound);
    await expect(asStranger((tx) => createChangeOrder(tx, { projectId: org.projectId, kind: "prime", commitmentId: null, stage: "potential", title: "Theirs", description: "" }))).rejects.toThrow(RecordNotFound);
    await expect(asStranger((tx) => getChangeOrder(tx, "not-a-uuid"))).rejects.toThrow(RecordNotFound);
    const theirs = await asStranger((tx) => listChangeOrders(tx, org.projectId, parseTableQuery(changeOrdersTable, new URLSearchParams())));
    expect(theirs.rows).toHaveLength(0);
  });
});
