import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { ApprovalConflict } from "~/domains/approvals/approval-requests.server";
import { actorOf, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { budgetTotals } from "~/domains/budgets/figures.server";
import * as changeOrderRoute from "~/domains/change-orders/routes/change-order";
import { addCommitmentLine } from "~/domains/commitments/commitment-lines.server";
import { changeCommitmentStatus } from "~/domains/commitments/commitment-status.server";
import { addCommitmentLineSchema, newCommitmentSchema } from "~/domains/commitments/commitments.schema";
import { CommitmentConflict, CommitmentRefused, createCommitment, findCommitment } from "~/domains/commitments/commitments.server";
import { withTenant } from "~/utils/db.server";
import { ownerConnection, useAppPoolSize } from "../support/connections";
import { callRoute, signIn, useDevelopmentCookies } from "../support/route-requests";
import { deliverNotificationEmails } from "../support/notifications";
import type { SqlClient } from "@db/sql-client";

/**
 * Twenty users acting on the same record at the same instant, each in their own transaction on
 * their own pooled connection: exactly one of them changes it, the others get the conflict the UI
 * explains ("reload and look again"), and the record carries the effects of one action only.
 */

const RACERS = 20;
let restorePool: () => Promise<void>;
let owner: SqlClient;
let org: FinanceOrganization;
let pm: TestMember;
/** Twenty members who may each decide a change order's approval step (owner, admins, finance). */
let approvers: TestMember[];

useDevelopmentCookies();
beforeAll(async () => {
  // Room for all racers at once, so the database (not the pool's queue) decides who wins.
  restorePool = await useAppPoolSize(RACERS + 5);
  owner = ownerConnection();
  org = await financeOrganization(owner, "race20");
  pm = await org.addMember("project_manager");
  const others = await Promise.all(Array.from({ length: RACERS - 1 }, (_, i) => org.addMember(i % 2 ? "admin" : "finance")));
  approvers = [org.owner, ...others];
}, 60_000);
afterAll(async () => {
  await restorePool();
  await owner.end();
});

const as = <T>(member: TestMember, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(org, member), fn);

const auditActions = async (entityId: string) =>
  (await owner`select action from audit_events where entity_id = ${entityId} order by occurred_at, action`).map((a) => a.action as string);

/** What one approval of a 900.00 budget change does to the project's budget. */
async function budgetChange(submit: () => Promise<unknown>, approve: () => Promise<unknown>) {
  const before = await as(org.owner, (tx) => budgetTotals(tx, org.projectId));
  await submit();
  const pending = await as(org.owner, (tx) => budgetTotals(tx, org.projectId));
  await approve();
  const after = await as(org.owner, (tx) => budgetTotals(tx, org.projectId));
  return { before, pending, after };
}

describe("20 simultaneous approvals of one change order", () => {
  it("exactly one decides the step; 19 get ApprovalConflict; state, budget, contract, audit and mail show one approval", async () => {
    let co!: Awaited<ReturnType<typeof submittedChangeOrder>>;
    let results!: PromiseSettledResult<Awaited<ReturnType<typeof actOnApproval>>>[];
    const budget = await budgetChange(
      async () => (co = await submittedChangeOrder(org, pm, { title: "Race footing", lines: [{ amount: "990.00", budgetAmount: "900.00" }] })),
      async () =>
        (results = await Promise.allSettled(
          approvers.map((member) =>
            as(member, (tx) =>
              actOnApproval(tx, {
                requestId: co.request.id,
                version: co.request.version,
                stepNumber: co.request.currentStep,
                decision: "approved",
                actor: actorOf(member),
              }),
            ),
          ),
        )),
    );
    const { changeOrderId, request } = co;
    expect(request.totalSteps).toBe(1);

    const won = results.flatMap((r, i) => (r.status === "fulfilled" ? [{ member: approvers[i], result: r.value }] : []));
    expect(won).toHaveLength(1);
    expect(won[0].result.outcome).toBe("approved");
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    expect(lost).toHaveLength(RACERS - 1);
    for (const error of lost) {
      expect(error).toBeInstanceOf(ApprovalConflict);
      expect(error.message).toMatch(/^(Someone acted on this approval meanwhile|This approval is already approved)\. Reload to see where it stands\.$/);
    }

    const steps = await owner`select decision, decided_by from approval_request_steps where request_id = ${request.id}`;
    expect(steps).toEqual([{ decision: "approved", decided_by: won[0].member.userId }]);
    expect((await owner`select status, version from approval_requests where id = ${request.id}`)[0]).toEqual({ status: "approved", version: request.version + 1 });
    const [stored] = await owner`select status, version from change_orders where id = ${changeOrderId}`;
    expect(stored).toEqual({ status: "approved", version: co.changeOrder.version + 1 });

    expect(await auditActions(request.id)).toEqual(["created", "step_approved"]);
    expect((await auditActions(changeOrderId)).filter((a) => a === "approved")).toEqual(["approved"]);
    expect(await owner`select scheduled_value::text as amount from sov_lines where change_order_id = ${changeOrderId}`).toEqual([{ amount: "990.00" }]);
    await deliverNotificationEmails(owner); // what the notifications__email jobs do
    const decidedMail = await owner`select "to" from outbound_emails where template = 'approval_approved' and subject like ${"%Race footing%"}`;
    expect(decidedMail).toEqual([{ to: pm.email }]);

    // The budget moved from pending to approved by the change order's 900.00, once.
    expect(budget.pending.pendingChanges).toBe("900.00");
    expect(budget.before.approvedChanges).toBe("0.00");
    expect(budget.after).toMatchObject({ approvedChanges: "900.00", pendingChanges: "0.00", revised: "900.00" });
  }, 60_000);

  it("through the change order page: one POST redirects, 19 re-render the page with a 409 and the conflict message", async () => {
    const sessions = await Promise.all(approvers.map((m) => signIn(m.email, { organizationId: org.organizationId })));
    const { changeOrderId, request } = await submittedChangeOrder(org, pm, { title: "Race by form", lines: [{ amount: "120.00" }] });
    const path = `/change-orders/${changeOrderId}`;
    const answers = await Promise.all(
      sessions.map((s) =>
        callRoute(changeOrderRoute.action, s.post(path, { intent: "approve", requestId: request.id, version: String(request.version), stepNumber: "1" }), { changeOrderId }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses.filter((s) => s === 302 || s === 303)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(RACERS - 1);
    for (const a of answers.filter((x) => x.status === 409)) expect(a.formErrors.join(" ")).toMatch(/Someone acted on this approval meanwhile|already approved/);
    expect(await auditActions(request.id)).toEqual(["created", "step_approved"]);
    expect((await owner`select status from change_orders where id = ${changeOrderId}`)[0].status).toBe("approved");
  }, 60_000);
});

describe("20 simultaneous submissions of one commitment at the same version", () => {
  it("exactly one submits it and opens one approval request; the others are refused", async () => {
    const [vendor] = await owner`select id from vendors where organization_id = ${org.organizationId} limit 1`;
    const draft = await as(pm, async (tx) => {
      const header = newCommitmentSchema.parse({ vendorId: vendor.id, type: "subcontract", number: "SC-RACE", title: "Race package", retainagePercent: "10" });
      const created = await createCommitment(tx, org.projectId, header);
      const { intent: _intent, ...line } = addCommitmentLineSchema.parse({
        intent: "add-line",
        version: String(created.version),
        costCodeId: org.costCodeId,
        costTypeId: org.costTypeId,
        amount: "4200.00",
      });
      await addCommitmentLine(tx, created.id, line);
      return findCommitment(tx, created.id);
    });

    const results = await Promise.allSettled(
      Array.from({ length: RACERS }, () => as(pm, (tx) => changeCommitmentStatus(tx, draft.id, { to: "submit", version: draft.version, actorId: pm.userId }))),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const lost = results.flatMap((r) => (r.status === "rejected" ? [r.reason as Error] : []));
    expect(lost).toHaveLength(RACERS - 1);
    for (const error of lost) {
      // Blocked behind the winner: the version moved (conflict); started after it: no longer a draft (refused).
      expect(error instanceof CommitmentConflict || error instanceof CommitmentRefused).toBe(true);
      expect(error.message).toMatch(/^(Someone else changed commitment SC-RACE meanwhile\. Reload the page and try again\.|Commitment SC-RACE is pending approval: it cannot be submitted for approval\.)$/);
    }

    const [stored] = await owner`select status, version from commitments where id = ${draft.id}`;
    expect(stored).toEqual({ status: "pending_approval", version: draft.version + 1 });
    expect(await owner`select status from approval_requests where document_id = ${draft.id}`).toEqual([{ status: "pending" }]);
    expect((await auditActions(draft.id)).filter((a) => a === "submitted")).toEqual(["submitted"]);
  }, 60_000);
});
