import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getChangeOrder } from "~/domains/change-orders/change-orders.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { actOnApproval } from "./approval-actions.server";
import { listApprovalQueue } from "./approval-queue.server";
import { ApprovalConflict, ApprovalRefused, type ApprovalRequestDetail, type DecisionInput } from "./approval-requests.server";
import { policySchema, type StepApprover } from "./approvals.schema";
import { approvalQueueTable } from "./approvals.table";
import { deletePolicy, PolicyRefused, resolveApprovalSteps, savePolicy } from "./policies.server";
import { addTypicalMembers, actorOf, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization, type TestMember } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";
import { opened } from "../../../tests/support/outbox";
import { deliverNotificationEmails } from "../../../tests/support/notifications";

let owner: SqlClient;

beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

const as = <T>(org: FinanceOrganization, member: TestMember, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(org, member), fn);
const byKey = (key: string) => `key:${key}`;
const byUser = (m: TestMember) => `user:${m.userId}`;

/** A policy through the same schema the settings form uses. */
async function addPolicy(org: FinanceOrganization, input: { name: string; minAmount: string; steps: string[]; active?: boolean; documentType?: string }) {
  const parsed = policySchema.parse({
    documentType: input.documentType ?? "change_order",
    name: input.name,
    minAmount: input.minAmount,
    active: input.active ?? true,
    step1: input.steps[0],
    step2: input.steps[1],
    step3: input.steps[2],
  });
  return as(org, org.owner, (tx) => savePolicy(tx, parsed));
}

const decide = (org: FinanceOrganization, member: TestMember, request: { id: string; version: number; currentStep: number }, extra: Partial<DecisionInput> = {}) =>
  as(org, member, (tx) =>
    actOnApproval(tx, { requestId: request.id, version: request.version, stepNumber: request.currentStep, decision: "approved", actor: actorOf(member), ...extra }),
  );

const requestRow = async (id: string) => {
  const [r] = await owner`select id, version, current_step as "currentStep", status from approval_requests where id = ${id}`;
  return r as { id: string; version: number; currentStep: number; status: string };
};

const stepsOf = (request: ApprovalRequestDetail) => request.steps.map((s) => s.permissionKey ?? `user:${s.approverUserId}`);

describe("policies and thresholds", () => {
  let org: FinanceOrganization;
  let finance: TestMember;
  beforeAll(async () => {
    org = await financeOrganization(owner, "thresholds");
    finance = await org.addMember("finance");
    await addPolicy(org, { name: "Small", minAmount: "0", steps: [byKey("change_orders:approve")] });
    await addPolicy(org, { name: "Medium", minAmount: "10,000", steps: [byKey("change_orders:approve"), byKey("change_orders:void")] });
    await addPolicy(org, { name: "Large", minAmount: "50000.00", steps: [byKey("change_orders:approve"), byUser(finance), byKey("approvals:manage")] });
    await addPolicy(org, { name: "Retired", minAmount: "20000", steps: [byKey("organization:read")], active: false });
    await addPolicy(org, { name: "Commitments", minAmount: "1000", steps: [byKey("commitments:execute")], documentType: "commitment" });
  });

  it("the highest threshold at or below the amount applies; inactive and other types do not", async () => {
    const pick = (amount: string) => as(org, org.owner, (tx) => resolveApprovalSteps(tx, "change_order", amount, "change_orders:approve"));
    expect((await pick("9999.99")).policyName).toBe("Small");
    expect((await pick("10000.00")).policyName).toBe("Medium");
    expect((await pick("49999.99")).policyName).toBe("Medium");
    expect((await pick("-20000.00")).policyName).toBe("Medium");
    const large = await pick("50000.00");
    expect(large.policyName).toBe("Large");
    expect(large.steps).toEqual<StepApprover[]>([
      { permissionKey: "change_orders:approve", approverUserId: null },
      { permissionKey: null, approverUserId: finance.userId },
      { permissionKey: "approvals:manage", approverUserId: null },
    ]);
  });

  it("submitting snapshots the chosen policy's steps onto the request", async () => {
    const { request } = await submittedChangeOrder(org, org.owner, { lines: [{ amount: "30000.00" }, { amount: "25000.00" }] });
    expect(request).toMatchObject({ amount: "55000.00", totalSteps: 3, currentStep: 1, status: "pending" });
    expect(stepsOf(request)).toEqual(["change_orders:approve", `user:${finance.userId}`, "approvals:manage"]);
    const medium = await submittedChangeOrder(org, org.owner, { lines: [{ amount: "12000.00" }] });
    expect(stepsOf(medium.request)).toEqual(["change_orders:approve", "change_orders:void"]);
  });

  it("with no matching policy one step by anyone who may approve change orders is required", async () => {
    const bare = await financeOrganization(owner, "nopolicy");
    const { request } = await submittedChangeOrder(bare, bare.owner, { lines: [{ amount: "5.00" }] });
    expect(request.policyId).toBeNull();
    expect(stepsOf(request)).toEqual(["change_orders:approve"]);
  });

  it("edits with a version check, refuses a taken threshold and non-member approvers, deletes, and audits", async () => {
    const policy = await addPolicy(org, { name: "Huge", minAmount: "1000000", steps: [byKey("change_orders:approve")] });
    await expect(addPolicy(org, { name: "Clash", minAmount: "1,000,000.00", steps: [byKey("change_orders:approve")] })).rejects.toThrow(/already starts at 1000000.00/);
    const outsider = await financeOrganization(owner, "outsider");
    await expect(addPolicy(org, { name: "Outside", minAmount: "5", steps: [`user:${outsider.owner.userId}`] })).rejects.toThrow(/must be a member/);
    const edit = policySchema.parse({ policyId: policy.id, version: String(policy.version), documentType: "change_order", name: "Huge!", minAmount: "2000000", active: true, step1: byKey("approvals:manage") });
    await as(org, org.owner, (tx) => savePolicy(tx, edit));
    await expect(as(org, org.owner, (tx) => savePolicy(tx, edit))).rejects.toThrow(PolicyRefused);
    await expect(as(org, org.owner, (tx) => deletePolicy(tx, { policyId: policy.id, version: policy.version }))).rejects.toThrow(/changed this policy/);
    await as(org, org.owner, (tx) => deletePolicy(tx, { policyId: policy.id, version: policy.version + 1 }));
    const audit = await owner`select action from audit_events where entity_type = 'approval_policy' and entity_id = ${policy.id}`;
    expect(audit.map((a) => a.action).sort()).toEqual(["created", "deleted", "updated"]);
  });

  it("the form schema needs step 2 before step 3 and a known permission", () => {
    const base = { documentType: "change_order", name: "X", minAmount: "0", step1: byKey("change_orders:approve") };
    expect(policySchema.safeParse({ ...base, step3: byKey("change_orders:approve") }).success).toBe(false);
    expect(policySchema.safeParse({ ...base, step1: "key:made_up:thing" }).success).toBe(false);
    expect(policySchema.safeParse({ ...base, minAmount: "-1" }).success).toBe(false);
  });
});

describe("deciding steps", () => {
  let org: FinanceOrganization;
  let pm: TestMember;
  let finance: TestMember;
  let admin: TestMember;
  let viewer: TestMember;
  beforeAll(async () => {
    org = await financeOrganization(owner, "decide");
    ({ pm, finance, admin, viewer } = await addTypicalMembers(org));
    await addPolicy(org, { name: "Two people", minAmount: "0", steps: [byKey("change_orders:approve"), byKey("change_orders:approve")] });
    await addPolicy(org, { name: "Named", minAmount: "100000", steps: [byKey("change_orders:approve"), byUser(viewer)] });
  });

  it("a member without the step's permission is refused and nothing is recorded", async () => {
    const { request } = await submittedChangeOrder(org, pm, { lines: [{ amount: "100.00" }] });
    await expect(decide(org, pm, request)).rejects.toThrow(ApprovalRefused);
    await expect(decide(org, viewer, request)).rejects.toThrow(/may not decide step 1/);
    expect(await requestRow(request.id)).toMatchObject({ version: 1, currentStep: 1, status: "pending" });
  });

  it("two steps by two users; the CO is approved only after the last one; approvers are mailed", async () => {
    const { request, changeOrderId } = await submittedChangeOrder(org, pm, { lines: [{ amount: "2500.00" }] });
    const link = `${appUrl()}/change-orders/${changeOrderId}`;
    const mails = async (template: string) => {
      await deliverNotificationEmails(owner); // what the notifications__email jobs do
      return (await owner`select "to", text_body, html_body from outbound_emails where template = ${template}`).map(opened).filter((m) => (m.text_body as string).includes(link)).map((m) => m.to as string).sort();
    };
    // Step 1's approvers: everyone whose role holds change_orders:approve (owner, admin, finance), never the PM who submitted.
    expect(await mails("approval_requested")).toEqual([org.owner.email, finance.email, admin.email].sort());

    const first = await decide(org, finance, request);
    expect(first.outcome).toBe("advanced");
    expect((await as(org, pm, (tx) => getChangeOrder(tx, changeOrderId))).status).toBe("pending_approval");
    const mid = await requestRow(request.id);
    expect(mid).toMatchObject({ currentStep: 2, version: 2 });
    // Step 2 mail goes out again, to its approvers except the one who just acted.
    expect((await mails("approval_requested")).filter((to) => to === finance.email)).toHaveLength(1);

    const second = await decide(org, admin, mid);
    expect(second.outcome).toBe("approved");
    const co = await as(org, pm, (tx) => getChangeOrder(tx, changeOrderId));
    expect(co.status).toBe("approved");
    expect(co.decidedAt).toBeInstanceOf(Date);
    expect(await mails("approval_approved")).toEqual([pm.email]);
    const [html] = (await owner`select html_body from outbound_emails where template = 'approval_approved' and "to" = ${pm.email}`).map(opened);
    expect(html.html_body).toContain(`href="${link}"`);
    const decided = await owner`select step_number, decision, decided_by from approval_request_steps where request_id = ${request.id} order by step_number`;
    expect(decided.map((d) => [d.step_number, d.decision, d.decided_by])).toEqual([[1, "approved", finance.userId], [2, "approved", admin.userId]]);
  });

  it("a named member's step is theirs alone, and they are mailed when it comes up", async () => {
    const { request, changeOrderId } = await submittedChangeOrder(org, pm, { lines: [{ amount: "150000.00" }] });
    const step2 = await decide(org, finance, request).then(() => requestRow(request.id));
    await deliverNotificationEmails(owner);
    const [mail] = await owner`select subject from outbound_emails where "to" = ${viewer.email} and template = 'approval_requested'`;
    expect(mail.subject).toMatch(/^Approval needed: CO #\d+/);
    await expect(decide(org, admin, step2)).rejects.toThrow(/Only|may not decide step 2/);
    expect((await decide(org, viewer, step2)).outcome).toBe("approved");
    expect((await as(org, pm, (tx) => getChangeOrder(tx, changeOrderId))).status).toBe("approved");
  });

  it("rejecting needs a reason; the CO is rejected with it and later steps stay undecided", async () => {
    const { request, changeOrderId } = await submittedChangeOrder(org, pm, { lines: [{ amount: "75.00" }] });
    await expect(decide(org, finance, request, { decision: "rejected", reason: "  " })).rejects.toThrow(/reason/);
    const result = await decide(org, finance, request, { decision: "rejected", reason: "Not in the owner's scope" });
    expect(result.outcome).toBe("rejected");
    const co = await as(org, pm, (tx) => getChangeOrder(tx, changeOrderId));
    expect(co).toMatchObject({ status: "rejected", rejectionReason: "Not in the owner's scope" });
    expect((await requestRow(request.id)).status).toBe("rejected");
    const steps = await owner`select decision, reason from approval_request_steps where request_id = ${request.id} order by step_number`;
    expect(steps.map((s) => [s.decision, s.reason])).toEqual([["rejected", "Not in the owner's scope"], [null, null]]);
    await expect(decide(org, admin, { ...request, version: 2 })).rejects.toThrow(ApprovalConflict);
  });

  it("of two simultaneous approvals of the same step exactly one wins", async () => {
    const single = await financeOrganization(owner, "race");
    const [a, b] = [await single.addMember("finance"), await single.addMember("admin")];
    const { request, changeOrderId } = await submittedChangeOrder(single, single.owner, { lines: [{ amount: "990.00", budgetAmount: "900.00" }] });
    const results = await Promise.allSettled([decide(single, a, request), decide(single, b, request)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(ApprovalConflict);
    expect(rejected[0].reason.message).toMatch(/Someone acted on this approval meanwhile|already approved/);

    const steps = await owner`select decision from approval_request_steps where request_id = ${request.id} and decision is not null`;
    expect(steps).toHaveLength(1);
    const audits = await owner`select action from audit_events where entity_id in (${request.id}, ${changeOrderId}) and action in ('step_approved', 'approved')`;
    expect(audits.map((x) => x.action).sort()).toEqual(["approved", "step_approved"]);
    expect(await owner`select id from sov_lines where change_order_id = ${changeOrderId}`).toHaveLength(1);
    expect(await requestRow(request.id)).toMatchObject({ status: "approved", version: 2 });
  });

  it("a stale view (old version or step) is a conflict", async () => {
    const { request } = await submittedChangeOrder(org, pm, { lines: [{ amount: "60.00" }] });
    await decide(org, finance, request);
    await expect(decide(org, admin, request)).rejects.toThrow(ApprovalConflict);
  });
});

describe("the queue and tenancy", () => {
  it("lists what the user may decide now, and hides other organizations' requests", async () => {
    const org = await financeOrganization(owner, "queue");
    const [pm, finance, viewer] = [await org.addMember("project_manager"), await org.addMember("finance"), await org.addMember("viewer")];
    await addPolicy(org, { name: "Named", minAmount: "0", steps: [byKey("change_orders:approve"), byUser(viewer)] });
    const { request, changeOrderId } = await submittedChangeOrder(org, pm, { title: "Queue me", lines: [{ amount: "321.00" }] });
    const queue = (member: TestMember) => as(org, member, (tx) => listApprovalQueue(tx, actorOf(member), parseTableQuery(approvalQueueTable, new URLSearchParams())));

    const financeQueue = await queue(finance);
    expect(financeQueue.rows).toHaveLength(1);
    expect(financeQueue.rows[0]).toMatchObject({ amount: "321.00", step: "Step 1 of 2 · review", documentHref: `/change-orders/${changeOrderId}`, reviewHref: `/approvals?request=${request.id}` });
    expect(financeQueue.totals).toEqual({ amount: "321.00" });
    expect((await queue(pm)).rows).toHaveLength(0);
    expect((await queue(viewer)).rows).toHaveLength(0);

    await decide(org, finance, request);
    expect((await queue(finance)).rows).toHaveLength(0);
    expect((await queue(viewer)).rows.map((r) => r.document)).toEqual([expect.stringMatching(/Queue me$/)]);

    const stranger = await financeOrganization(owner, "queue-stranger");
    expect((await as(stranger, stranger.owner, (tx) => listApprovalQueue(tx, actorOf(stranger.owner), parseTableQuery(approvalQueueTable, new URLSearchParams())))).rows).toHaveLength(0);
    const step2 = await requestRow(request.id);
    await expect(decide(stranger, stranger.owner, step2)).rejects.toThrow(RecordNotFound);
    expect(await requestRow(request.id)).toEqual(step2);
  });
});
