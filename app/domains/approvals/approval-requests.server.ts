/**
 * The approval engine, generic by document type. A document's own domain opens a request when the
 * document is submitted and applies the outcome (approval-actions.server.ts wires the two).
 *
 * Concurrency: a decision first claims the step row (`where decision is null`), then moves the
 * request (`where version = $v and status = 'pending' and current_step = $step`). Of two
 * simultaneous decisions the second blocks on the step row and, once the first commits, matches
 * no row: it gets ApprovalConflict (409) and its transaction rolls back, so nothing is decided
 * twice.
 *
 * The submitter may decide a step they are entitled to (also step 1): the policy's permission keys
 * and named members are the control. Organizations that want a second person configure a step
 * naming them.
 */
import { and, asc, desc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import { approvalRequests, approvalRequestSteps, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { PERMISSIONS, type PermissionKey, type Role } from "~/utils/permissions";
import { mayActOnStep, notifyStepApprovers, notifySubmitter, type ApprovalDocumentRef } from "./approval-emails.server";
import type { ApprovalView } from "./approval-panel";
import type { ApprovalDocumentType } from "./approvals.schema";
import { resolveApprovalSteps } from "./policies.server";
import { isUuid } from "~/utils/ids";


/** Somebody acted first or the view was stale: reload and look again (409). */
export class ApprovalConflict extends Error {}
/** The actor may not decide this step (403), or the decision is incomplete. */
export class ApprovalRefused extends Error {}

export type Actor = { userId: string; role: Role };

export async function getApprovalRequest(tx: Tx, requestId: string) {
  if (!isUuid(requestId)) throw new RecordNotFound("approval request");
  const [request] = await tx
    .select({ ...getTableColumns(approvalRequests), submittedByName: sql<string | null>`(select name from users where id = ${approvalRequests.submittedBy})` })
    .from(approvalRequests)
    .where(eq(approvalRequests.id, requestId));
  if (!request) throw new RecordNotFound("approval request");
  const steps = await tx
    .select({
      stepNumber: approvalRequestSteps.stepNumber,
      permissionKey: approvalRequestSteps.permissionKey,
      approverUserId: approvalRequestSteps.approverUserId,
      approverName: sql<string | null>`(select name from users where id = ${approvalRequestSteps.approverUserId})`,
      decision: approvalRequestSteps.decision,
      decidedBy: approvalRequestSteps.decidedBy,
      decidedByName: users.name,
      decidedAt: approvalRequestSteps.decidedAt,
      reason: approvalRequestSteps.reason,
    })
    .from(approvalRequestSteps)
    .leftJoin(users, eq(users.id, approvalRequestSteps.decidedBy))
    .where(eq(approvalRequestSteps.requestId, request.id))
    .orderBy(asc(approvalRequestSteps.stepNumber));
  return { ...request, steps };
}

export type ApprovalRequestDetail = Awaited<ReturnType<typeof getApprovalRequest>>;

/** The latest approval run of a document (null if it was never submitted). */
export async function latestApprovalFor(tx: Tx, documentType: ApprovalDocumentType, documentId: string) {
  const [latest] = await tx
    .select({ id: approvalRequests.id })
    .from(approvalRequests)
    .where(and(eq(approvalRequests.documentType, documentType), eq(approvalRequests.documentId, documentId)))
    .orderBy(desc(approvalRequests.createdAt))
    .limit(1);
  return latest ? getApprovalRequest(tx, latest.id) : null;
}

/** The current step, when the request is still waiting for someone. */
export const currentStep = (request: ApprovalRequestDetail) =>
  request.status === "pending" ? (request.steps.find((s) => s.stepNumber === request.currentStep && s.decision === null) ?? null) : null;

export const mayDecide = (request: ApprovalRequestDetail, actor: Actor) => {
  const step = currentStep(request);
  return step !== null && mayActOnStep(step, actor);
};

/** A request as the approval panel shows it to `actor`. */
export function approvalView(request: ApprovalRequestDetail, actor: Actor): ApprovalView {
  return {
    id: request.id,
    status: request.status,
    version: request.version,
    currentStep: request.currentStep,
    totalSteps: request.totalSteps,
    submittedByName: request.submittedByName,
    createdAt: request.createdAt.toISOString(),
    steps: request.steps.map((s) => ({
      stepNumber: s.stepNumber,
      requirement: stepRequirement(s),
      decision: s.decision,
      decidedByName: s.decidedByName,
      decidedAt: s.decidedAt?.toISOString() ?? null,
      reason: s.reason,
    })),
    mayDecide: mayDecide(request, actor),
  };
}

/** Who a step waits for, in words. */
export const stepRequirement = (step: { permissionKey: string | null; approverName?: string | null }) =>
  step.permissionKey
    ? `Anyone who may: ${PERMISSIONS[step.permissionKey as PermissionKey]?.label ?? step.permissionKey}`
    : `${step.approverName ?? "A named member"} only`;

/** Snapshots the applicable policy's steps into a new pending request and mails step 1's approvers. */
export async function openApprovalRequest(
  tx: Tx,
  input: { documentType: ApprovalDocumentType; documentId: string; document: ApprovalDocumentRef; submittedBy: string; defaultKey: PermissionKey },
) {
  const resolved = await resolveApprovalSteps(tx, input.documentType, input.document.amount, input.defaultKey);
  const [request] = await tx
    .insert(approvalRequests)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      documentType: input.documentType,
      documentId: input.documentId,
      policyId: resolved.policyId,
      amount: input.document.amount,
      totalSteps: resolved.steps.length,
      submittedBy: input.submittedBy,
    })
    .returning();
  await tx.insert(approvalRequestSteps).values(
    resolved.steps.map((s, i) => ({ organizationId: sql`${currentOrganizationId}`, requestId: request.id, stepNumber: i + 1, ...s })),
  );
  await recordAudit(tx, { entityType: "approval_request", entityId: request.id, action: "created", after: { ...request, policyName: resolved.policyName, steps: resolved.steps } });
  await notifyStepApprovers(tx, { step: { stepNumber: 1, ...resolved.steps[0] }, totalSteps: resolved.steps.length, document: input.document, exceptUserId: input.submittedBy, documentType: input.documentType, documentId: input.documentId });
  return getApprovalRequest(tx, request.id);
}

export type DecisionInput = {
  requestId: string;
  version: number;
  stepNumber: number;
  decision: "approved" | "rejected";
  reason?: string | null;
  actor: Actor;
};

const STALE = "Someone acted on this approval meanwhile. Reload to see where it stands.";

/** Records one approver's decision: the next step, or the request's final outcome. */
export async function decideApprovalStep(tx: Tx, input: DecisionInput & { document: ApprovalDocumentRef }) {
  const request = await getApprovalRequest(tx, input.requestId);
  if (request.status !== "pending") throw new ApprovalConflict(`This approval is already ${request.status}. Reload to see where it stands.`);
  const step = request.steps.find((s) => s.stepNumber === input.stepNumber);
  if (!step) throw new ApprovalConflict(STALE);
  if (!mayActOnStep(step, input.actor)) throw new ApprovalRefused(`You may not decide step ${step.stepNumber}. ${stepRequirement(step)}.`);
  const reason = input.reason?.trim() || null;
  if (input.decision === "rejected" && !reason) throw new ApprovalRefused("Give the reason for rejecting.");
  if (request.version !== input.version || request.currentStep !== input.stepNumber) throw new ApprovalConflict(STALE);

  const claimed = await tx
    .update(approvalRequestSteps)
    .set({ decision: input.decision, decidedBy: input.actor.userId, decidedAt: sql`now()`, reason })
    .where(and(eq(approvalRequestSteps.requestId, request.id), eq(approvalRequestSteps.stepNumber, input.stepNumber), isNull(approvalRequestSteps.decision)))
    .returning({ stepNumber: approvalRequestSteps.stepNumber });
  if (claimed.length === 0) throw new ApprovalConflict(STALE);

  const outcome = input.decision === "rejected" ? "rejected" : input.stepNumber >= request.totalSteps ? "approved" : "advanced";
  const [moved] = await tx
    .update(approvalRequests)
    .set({
      ...(outcome === "advanced" ? { currentStep: input.stepNumber + 1 } : { status: outcome }),
      version: sql`${approvalRequests.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(approvalRequests.id, request.id),
        eq(approvalRequests.version, input.version),
        eq(approvalRequests.status, "pending"),
        eq(approvalRequests.currentStep, input.stepNumber),
      ),
    )
    .returning();
  if (!moved) throw new ApprovalConflict(STALE);

  const action = input.decision === "rejected" ? "step_rejected" : "step_approved";
  await recordAudit(tx, { entityType: "approval_request", entityId: request.id, action, before: request, after: { ...moved, stepNumber: input.stepNumber, reason } });
  if (outcome === "advanced") {
    const next = request.steps.find((s) => s.stepNumber === input.stepNumber + 1)!;
    await notifyStepApprovers(tx, { step: next, totalSteps: request.totalSteps, document: input.document, exceptUserId: input.actor.userId, documentType: request.documentType, documentId: request.documentId });
  } else if (moved.submittedBy && moved.submittedBy !== input.actor.userId) {
    await notifySubmitter(tx, { submitterId: moved.submittedBy, document: input.document, outcome, reason, documentType: request.documentType, documentId: request.documentId });
  }
  return { outcome, request: moved } as const;
}

/** Ends a pending request without a decision (the document was withdrawn). */
export async function cancelApprovalRequest(tx: Tx, input: { documentType: ApprovalDocumentType; documentId: string }) {
  const [cancelled] = await tx
    .update(approvalRequests)
    .set({ status: "cancelled", version: sql`${approvalRequests.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(approvalRequests.documentType, input.documentType), eq(approvalRequests.documentId, input.documentId), eq(approvalRequests.status, "pending")))
    .returning();
  if (!cancelled) throw new ApprovalConflict("This approval was decided meanwhile. Reload to see where it stands.");
  await recordAudit(tx, { entityType: "approval_request", entityId: cancelled.id, action: "cancelled", after: cancelled });
  return cancelled;
}
