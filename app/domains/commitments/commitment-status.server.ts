/**
 * Commitment lifecycle: draft → pending approval → executed → closed. A draft is executed directly
 * only while no approval policy applies to its amount; otherwise it is submitted, and the approval
 * engine executes it or sends it back to draft (commitment-approval.server.ts). Pending approval →
 * draft when withdrawn; draft, pending approval or executed → void. Closed and void are final.
 *
 * Every transition is guarded by status and the version the page was read at. Leaving pending
 * approval cancels the open request first (request row, then commitment row: the order a decision
 * takes too), so a withdrawal or void racing a decision ends with exactly one of them.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { commitmentLines, commitments } from "@db/schema";
import { cancelApprovalRequest, openApprovalRequest } from "~/domains/approvals/approval-requests.server";
import { resolveApprovalSteps } from "~/domains/approvals/policies.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import type { PermissionKey } from "~/utils/permissions";
import { describeCommitment } from "./commitment-approval.server";
import type { CommitmentStatus, CommitmentTransition } from "./commitments.schema";
import { CommitmentConflict, CommitmentRefused, commitmentColumns, findCommitment, statusInWords, type Commitment } from "./commitments.server";

/** Without a policy for its amount, a submitted commitment still needs one step by someone who may execute. */
export const COMMITMENT_DEFAULT_APPROVER_KEY: PermissionKey = "commitments:execute";

type Rule = { from: CommitmentStatus[]; to: CommitmentStatus; action: string; verb: string };

const TRANSITIONS: Record<CommitmentTransition, Rule> = {
  submit: { from: ["draft"], to: "pending_approval", action: "submitted", verb: "submitted for approval" },
  withdraw: { from: ["pending_approval"], to: "draft", action: "withdrawn", verb: "withdrawn from approval" },
  execute: { from: ["draft"], to: "executed", action: "executed", verb: "executed" },
  close: { from: ["executed"], to: "closed", action: "closed", verb: "closed" },
  void: { from: ["draft", "pending_approval", "executed"], to: "void", action: "voided", verb: "voided" },
};

export const allowedTransitions = (status: CommitmentStatus) =>
  (Object.keys(TRANSITIONS) as CommitmentTransition[]).filter((t) => TRANSITIONS[t].from.includes(status));

/** The active approval policy a commitment of `amount` falls under; null means it may be executed directly. */
export async function commitmentApprovalPolicy(tx: Tx, amount: string) {
  const resolved = await resolveApprovalSteps(tx, "commitment", amount, COMMITMENT_DEFAULT_APPROVER_KEY);
  return resolved.policyId ? { id: resolved.policyId, name: resolved.policyName, steps: resolved.steps.length } : null;
}

async function linesOf(tx: Tx, commitmentId: string) {
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int`, total: sql<string>`coalesce(sum(${commitmentLines.amount}), 0)::numeric(14,2)::text` })
    .from(commitmentLines)
    .where(eq(commitmentLines.commitmentId, commitmentId));
  return row;
}

async function requireLines(tx: Tx, commitment: Commitment, doing: string) {
  const lines = await linesOf(tx, commitment.id);
  if (lines.count === 0) throw new CommitmentRefused(`Add at least one line before ${doing} commitment ${commitment.number}.`);
  return lines;
}

type Fields = { [K in keyof typeof commitments.$inferInsert]?: (typeof commitments.$inferInsert)[K] | SQL };

/** The transition's own rules (throw CommitmentRefused) and the fields it sets besides status. */
const PREPARE: Record<CommitmentTransition, (tx: Tx, c: Commitment) => Promise<Fields>> = {
  async submit(tx, c) {
    await requireLines(tx, c, "submitting");
    return { submittedAt: sql`now()`, rejectionReason: null };
  },
  async withdraw() {
    return { submittedAt: null };
  },
  async execute(tx, c) {
    const { total } = await requireLines(tx, c, "executing");
    const policy = await commitmentApprovalPolicy(tx, total);
    if (policy)
      throw new CommitmentRefused(
        `Commitment ${c.number} falls under the approval policy “${policy.name}”: submit it for approval instead of executing it directly.`,
      );
    return { executedAt: sql`now()`, rejectionReason: null };
  },
  async close() {
    return {};
  },
  async void() {
    return {};
  },
};

const conflict = (c: Commitment) => new CommitmentConflict(`Someone else changed commitment ${c.number} meanwhile. Reload the page and try again.`);

/**
 * Moves the commitment along its lifecycle if nobody changed it since `version` was read.
 * Submitting opens the approval request (steps by the policy for its amount, first approvers
 * mailed); `actorId` is recorded as its submitter.
 */
export async function changeCommitmentStatus(tx: Tx, commitmentId: string, input: { to: CommitmentTransition; version: number; actorId: string }) {
  const rule = TRANSITIONS[input.to];
  const before = await findCommitment(tx, commitmentId);
  if (!rule.from.includes(before.status))
    throw new CommitmentRefused(`Commitment ${before.number} is ${statusInWords(before.status)}: it cannot be ${rule.verb}.`);
  if (before.version !== input.version) throw conflict(before);
  const set = await PREPARE[input.to](tx, before);
  if (before.status === "pending_approval") await cancelApprovalRequest(tx, { documentType: "commitment", documentId: before.id });
  const [after] = await tx
    .update(commitments)
    .set({ ...set, status: rule.to, version: sql`${commitments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(commitments.id, before.id), eq(commitments.version, input.version), eq(commitments.status, before.status)))
    .returning(commitmentColumns);
  if (!after) throw conflict(before);
  const request =
    input.to === "submit"
      ? await openApprovalRequest(tx, {
          documentType: "commitment",
          documentId: after.id,
          document: await describeCommitment(tx, after.id),
          submittedBy: input.actorId,
          defaultKey: COMMITMENT_DEFAULT_APPROVER_KEY,
        })
      : null;
  await recordAudit(tx, { entityType: "commitment", entityId: after.id, action: rule.action, before, after: { ...after, approvalRequestId: request?.id } });
  return after;
}
