import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { listApprovalQueue } from "~/domains/approvals/approval-queue.server";
import { ApprovalConflict, ApprovalRefused, latestApprovalFor, type DecisionInput } from "~/domains/approvals/approval-requests.server";
import { policySchema } from "~/domains/approvals/approvals.schema";
import { approvalQueueTable } from "~/domains/approvals/approvals.table";
import { savePolicy } from "~/domains/approvals/policies.server";
import { addTypicalMembers, actorOf, financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { budgetTotals } from "~/domains/budgets/figures.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { dec } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { addCommitmentLine } from "./commitment-lines.server";
import { changeCommitmentStatus, commitmentApprovalPolicy } from "./commitment-status.server";
import { addCommitmentLineSchema, commitmentHeaderSchema, newCommitmentSchema, pagePermission, type CommitmentTransition } from "./commitments.schema";
import { CommitmentConflict, CommitmentRefused, createCommitment, findCommitment, updateCommitmentHeader } from "./commitments.server";
import type { SqlClient } from "@db/sql-client";
import { opened } from "../../../tests/support/outbox";
import { deliverNotificationEmails } from "../../../tests/support/notifications";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

const as = <T>(org: FinanceOrganization, member: TestMember, fn: (tx: Tx) => Promise<T>) => withTenant(tenantOf(org, member), fn);

/** A policy for commitments through the same schema the settings form uses. */
function addPolicy(org: FinanceOrganization, input: { name: string; minAmount: string; steps: string[]; documentType?: string }) {
  const parsed = policySchema.parse({
    documentType: input.documentType ?? "commitment",
    name: input.name,
    minAmount: input.minAmount,
    active: true,
    step1: input.steps[0],
    step2: input.steps[1],
    step3: input.steps[2],
  });
  return as(org, org.owner, (tx) => savePolicy(tx, parsed));
}

let numbers = 0;

/** A draft commitment with one line per amount (as the forms post them); returns its id and current version. */
async function draftWith(org: FinanceOrganization, member: TestMember, amounts: string[]) {
  const [vendor] = await owner`select id from vendors where organization_id = ${org.organizationId} limit 1`;
  return as(org, member, async (tx) => {
    const header = newCommitmentSchema.parse({ vendorId: vendor.id, type: "subcontract", number: `SC-A${++numbers}`, title: "Mechanical package", retainagePercent: "10" });
    const created = await createCommitment(tx, org.projectId, header);
    let version = created.version;
    for (const amount of amounts) {
      const { intent: _intent, ...line } = addCommitmentLineSchema.parse({ intent: "add-line", version: String(version), costCodeId: org.costCodeId, costTypeId: org.costTypeId, amount });
      await addCommitmentLine(tx, created.id, line);
      version += 1;
    }
    return { id: created.id, version };
  });
}

const move = (org: FinanceOrganization, member: TestMember, c: { id: string; version: number }, to: CommitmentTransition) =>
  as(org, member, (tx) => changeCommitmentStatus(tx, c.id, { to, version: c.version, actorId: member.userId }));

const current = (org: FinanceOrganization, id: string) => as(org, org.owner, (tx) => findCommitment(tx, id));
const approvalOf = (org: FinanceOrganization, id: string) => as(org, org.owner, async (tx) => (await latestApprovalFor(tx, "commitment", id))!);
const stepsOf = (request: { steps: { permissionKey: string | null; approverUserId: string | null }[] }) =>
  request.steps.map((s) => s.permissionKey ?? `user:${s.approverUserId}`);

/** `member` decides the current step of the commitment's open request, as they saw it. */
async function decide(org: FinanceOrganization, member: TestMember, commitmentId: string, extra: Partial<DecisionInput> = {}) {
  const request = await approvalOf(org, commitmentId);
  return as(org, member, (tx) =>
    actOnApproval(
      tx,
      { requestId: request.id, version: request.version, stepNumber: request.currentStep, decision: "approved", actor: actorOf(member), ...extra },
      { documentType: "commitment", documentId: commitmentId },
    ),
  );
}

const committed = async (org: FinanceOrganization) => (await as(org, org.owner, (tx) => budgetTotals(tx, org.projectId))).committed;
const auditActions = async (id: string) => (await owner`select action from audit_events where entity_id = ${id} order by occurred_at, id`).map((r) => r.action);

describe("commitment approval", () => {
  let org: FinanceOrganization;
  let pm: TestMember;
  let finance: TestMember;
  let admin: TestMember;
  let viewer: TestMember;
  beforeAll(async () => {
    org = await financeOrganization(owner, "commit-approval");
    ({ pm, finance, admin, viewer } = await addTypicalMembers(org));
    await addPolicy(org, { name: "Commitments of $100,000 or more", minAmount: "100,000", steps: ["key:commitments:execute", `user:${org.owner.userId}`] });
    await addPolicy(org, { name: "Commitments of $1M or more", minAmount: "1000000", steps: ["key:commitments:execute", "key:approvals:manage", `user:${org.owner.userId}`] });
    // A change order policy from 0 must not catch commitments.
    await addPolicy(org, { name: "Every change order", minAmount: "0", steps: ["key:change_orders:approve"], documentType: "change_order" });
  });

  it("submitting needs at least one line, and writes nothing when refused", async () => {
    const empty = await draftWith(org, pm, []);
    await expect(move(org, pm, empty, "submit")).rejects.toThrow("Add at least one line before submitting commitment");
    expect(await current(org, empty.id)).toMatchObject({ status: "draft", version: 1, submittedAt: null });
    expect(await as(org, pm, (tx) => latestApprovalFor(tx, "commitment", empty.id))).toBeNull();
  });

  it("the policy threshold picks the steps; below every threshold one step by anyone who may execute", async () => {
    const pick = (amount: string) => as(org, pm, (tx) => commitmentApprovalPolicy(tx, amount));
    expect(await pick("99999.99")).toBeNull();
    expect(await pick("100000.00")).toMatchObject({ name: "Commitments of $100,000 or more", steps: 2 });
    expect(await pick("1000000.00")).toMatchObject({ name: "Commitments of $1M or more", steps: 3 });

    const large = await draftWith(org, pm, ["600000.00", "650000.00"]);
    await move(org, pm, large, "submit");
    expect(stepsOf(await approvalOf(org, large.id))).toEqual(["commitments:execute", "approvals:manage", `user:${org.owner.userId}`]);
    const small = await draftWith(org, pm, ["5000.00"]);
    await move(org, pm, small, "submit");
    const request = await approvalOf(org, small.id);
    expect(request).toMatchObject({ policyId: null, amount: "5000.00", totalSteps: 1, status: "pending" });
    expect(stepsOf(request)).toEqual(["commitments:execute"]);
  });

  it("direct execution is refused when a policy applies and allowed when none does", async () => {
    const big = await draftWith(org, finance, ["100000.00"]);
    await expect(move(org, finance, big, "execute")).rejects.toThrow(/approval policy “Commitments of \$100,000 or more”: submit it for approval/);
    expect(await current(org, big.id)).toMatchObject({ status: "draft", version: big.version });
    const small = await draftWith(org, finance, ["99999.99"]);
    expect(await move(org, finance, small, "execute")).toMatchObject({ status: "executed", version: small.version + 1 });
  });

  it("two steps by two people: executed only after the last, and only then committed in the budget", async () => {
    const before = await committed(org);
    const c = await draftWith(org, pm, ["100000.00", "50000.50"]);
    const submitted = await move(org, pm, c, "submit");
    expect(submitted).toMatchObject({ status: "pending_approval", version: c.version + 1, rejectionReason: null });
    expect(submitted.submittedAt).toBeInstanceOf(Date);
    expect(await committed(org)).toBe(before);

    const link = `${appUrl()}/commitments/${c.id}`;
    await deliverNotificationEmails(owner); // what the notifications__email jobs do
    const mailed = (await owner`select "to", text_body from outbound_emails where template = 'approval_requested'`).map(opened).filter((m) => (m.text_body as string).includes(link));
    expect(mailed.map((m) => m.to).sort()).toEqual([org.owner.email, finance.email, admin.email].sort());

    expect((await decide(org, finance, c.id)).outcome).toBe("advanced");
    expect(await current(org, c.id)).toMatchObject({ status: "pending_approval" });
    expect(await committed(org)).toBe(before);

    await expect(decide(org, admin, c.id)).rejects.toThrow(ApprovalRefused);
    const result = await decide(org, org.owner, c.id);
    expect(result.outcome).toBe("approved");
    const executed = await current(org, c.id);
    expect(executed).toMatchObject({ status: "executed", version: c.version + 2 });
    expect(executed.executedAt).toBeInstanceOf(Date);
    expect(await committed(org)).toBe(dec(before).plus("150000.50").toFixed(2));
    expect(await auditActions(c.id)).toEqual(["created", "submitted", "approved"]);
    await deliverNotificationEmails(owner);
    const [done] = (await owner`select "to", text_body from outbound_emails where template = 'approval_approved'`).map(opened).filter((m) => (m.text_body as string).includes(link));
    expect(done.to).toBe(pm.email);
  });

  it("rejection returns it to draft with the reason; it can be fixed and submitted again", async () => {
    const c = await draftWith(org, pm, ["120000.00"]);
    await move(org, pm, c, "submit");
    await expect(decide(org, finance, c.id, { decision: "rejected", reason: " " })).rejects.toThrow(/reason/);
    expect((await decide(org, finance, c.id, { decision: "rejected", reason: "Scope overlaps SC-001" })).outcome).toBe("rejected");
    const rejected = await current(org, c.id);
    expect(rejected).toMatchObject({ status: "draft", rejectionReason: "Scope overlaps SC-001", executedAt: null });
    expect((await approvalOf(org, c.id)).status).toBe("rejected");

    const header = commitmentHeaderSchema.parse({ intent: "save-header", vendorId: rejected.vendorId, type: "subcontract", number: rejected.number, title: "Mechanical, without SC-001 scope", retainagePercent: "10", version: String(rejected.version) });
    const { intent: _intent, ...edit } = header;
    const edited = await as(org, pm, (tx) => updateCommitmentHeader(tx, c.id, edit));
    const resubmitted = await move(org, pm, edited, "submit");
    expect(resubmitted).toMatchObject({ status: "pending_approval", rejectionReason: null });
    const again = await approvalOf(org, c.id);
    expect(again).toMatchObject({ status: "pending", currentStep: 1, totalSteps: 2 });
    expect(await auditActions(c.id)).toEqual(["created", "submitted", "rejected", "updated", "submitted"]);
  });

  it("while pending the header and lines are read-only; withdrawing cancels the request and makes it editable", async () => {
    const c = await draftWith(org, pm, ["250000.00"]);
    const pending = await move(org, pm, c, "submit");
    const line = addCommitmentLineSchema.parse({ intent: "add-line", version: String(pending.version), costCodeId: org.costCodeId, costTypeId: org.costTypeId, amount: "1.00" });
    await expect(as(org, pm, (tx) => addCommitmentLine(tx, c.id, line))).rejects.toThrow(/waiting for approval: withdraw it from approval to edit it/);
    await expect(move(org, pm, c, "withdraw")).rejects.toThrow(CommitmentConflict);

    const withdrawn = await move(org, pm, pending, "withdraw");
    expect(withdrawn).toMatchObject({ status: "draft", submittedAt: null, version: pending.version + 1 });
    expect((await approvalOf(org, c.id)).status).toBe("cancelled");
    await expect(decide(org, finance, c.id)).rejects.toThrow(ApprovalConflict);
    await as(org, pm, (tx) => addCommitmentLine(tx, c.id, { ...line, version: withdrawn.version }));
    expect(await auditActions(c.id)).toEqual(["created", "submitted", "withdrawn"]);
  });

  it("voiding a pending commitment cancels its request", async () => {
    const c = await draftWith(org, pm, ["300000.00"]);
    const pending = await move(org, pm, c, "submit");
    expect(await move(org, finance, pending, "void")).toMatchObject({ status: "void" });
    const request = await approvalOf(org, c.id);
    expect(request.status).toBe("cancelled");
    const [audit] = await owner`select action from audit_events where entity_id = ${request.id} and action = 'cancelled'`;
    expect(audit).toBeDefined();
  });

  it("only the step's approvers may decide; the page's permission for each post", async () => {
    const c = await draftWith(org, pm, ["110000.00"]);
    await move(org, pm, c, "submit");
    await expect(decide(org, pm, c.id)).rejects.toThrow(/may not decide step 1/);
    await expect(decide(org, viewer, c.id)).rejects.toThrow(ApprovalRefused);
    expect(await approvalOf(org, c.id)).toMatchObject({ version: 1, currentStep: 1, status: "pending" });

    expect(pagePermission("transition", "submit")).toBe("commitments:manage");
    expect(pagePermission("transition", "withdraw")).toBe("commitments:manage");
    expect(pagePermission("transition", "execute")).toBe("commitments:execute");
    expect(pagePermission("transition", "void")).toBe("commitments:execute");
    expect(pagePermission("transition", "__proto__")).toBe("commitments:execute");
    expect(pagePermission("approve", null)).toBe("commitments:read");
    expect(pagePermission("add-line", null)).toBe("commitments:manage");
  });

  it("a decision posted from another document's page is not found", async () => {
    const a = await draftWith(org, pm, ["101000.00"]);
    const b = await draftWith(org, pm, ["102000.00"]);
    await move(org, pm, a, "submit");
    const request = await approvalOf(org, a.id);
    const input = { requestId: request.id, version: 1, stepNumber: 1, decision: "approved" as const, actor: actorOf(finance) };
    await expect(as(org, finance, (tx) => actOnApproval(tx, input, { documentType: "commitment", documentId: b.id }))).rejects.toThrow(RecordNotFound);
    await expect(as(org, finance, (tx) => actOnApproval(tx, input, { documentType: "change_order", documentId: a.id }))).rejects.toThrow(RecordNotFound);
  });

  it("the queue lists commitment requests with a link to the commitment", async () => {
    const c = await draftWith(org, pm, ["130000.00"]);
    const { number } = await move(org, pm, c, "submit");
    const queue = (member: TestMember) => as(org, member, (tx) => listApprovalQueue(tx, actorOf(member), parseTableQuery(approvalQueueTable, new URLSearchParams("f.documentType=commitment"))));
    const row = (await queue(finance)).rows.find((r) => r.documentHref === `/commitments/${c.id}`);
    expect(row).toMatchObject({ documentType: "commitment", document: `${number} · Mechanical package`, amount: "130000.00", step: "Step 1 of 2 · review" });
    expect(row?.project).toMatch(/^J-commit-approval /);
    expect((await queue(pm)).rows).toHaveLength(0);
  });
});

describe("concurrency", () => {
  it("of two simultaneous approvals of the same final step exactly one wins, and the commitment is executed once", async () => {
    const org = await financeOrganization(owner, "commit-race");
    const [a, b, pm] = [await org.addMember("finance"), await org.addMember("admin"), await org.addMember("project_manager")];
    const c = await draftWith(org, pm, ["4200.00"]);
    const pending = await move(org, pm, c, "submit");
    const results = await Promise.allSettled([decide(org, a, c.id), decide(org, b, c.id)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost.reason).toBeInstanceOf(ApprovalConflict);
    expect(await current(org, c.id)).toMatchObject({ status: "executed", version: pending.version + 1 });
    expect(await owner`select id from approval_request_steps where request_id = ${(await approvalOf(org, c.id)).id} and decision is not null`).toHaveLength(1);
    expect(await auditActions(c.id)).toEqual(["created", "submitted", "approved"]);
  });

  it("a withdrawal racing an approval: exactly one of them happens", async () => {
    const org = await financeOrganization(owner, "commit-race-withdraw");
    const [finance, pm] = [await org.addMember("finance"), await org.addMember("project_manager")];
    const c = await draftWith(org, pm, ["4200.00"]);
    const pending = await move(org, pm, c, "submit");
    const results = await Promise.allSettled([decide(org, finance, c.id), move(org, pm, pending, "withdraw")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const [lost] = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(lost.reason instanceof ApprovalConflict || lost.reason instanceof CommitmentConflict || lost.reason instanceof CommitmentRefused).toBe(true);
    const after = await current(org, c.id);
    const request = await approvalOf(org, c.id);
    expect([after.status, request.status]).toEqual(results[0].status === "fulfilled" ? ["executed", "approved"] : ["draft", "cancelled"]);
    expect(after.version).toBe(pending.version + 1);
  });
});
