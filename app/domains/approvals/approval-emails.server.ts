import type { Tx } from "~/utils/db.server";
import { notify } from "~/domains/notifications/notify.server";
import { can, PERMISSIONS, type PermissionKey, type Role } from "~/utils/permissions";
import type { ApprovalDocumentType } from "./approvals.schema";
import { listApproverMembers } from "./policies.server";

/** What an approval is about, as the document's own domain describes it. */
export type ApprovalDocumentRef = { label: string; title: string; path: string; amount: string };

type StepRef = { stepNumber: number; permissionKey: string | null; approverUserId: string | null };

const usd = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", currencySign: "accounting" });
const formatAmount = (amount: string) => usd.format(amount as Intl.StringNumericLiteral);

const isPermissionKey = (key: string | null): key is PermissionKey => key !== null && key in PERMISSIONS;

/** Whether `actor` may decide `step`: they are its named member, or hold its permission key here. */
export function mayActOnStep(step: { permissionKey: string | null; approverUserId: string | null }, actor: { userId: string; role: Role }) {
  if (step.approverUserId) return step.approverUserId === actor.userId;
  return isPermissionKey(step.permissionKey) && can(actor.role, step.permissionKey);
}

/** Who may decide `step`: the named member, or every member whose role holds the key. */
export async function stepApprovers(tx: Tx, step: Omit<StepRef, "stepNumber">) {
  const members = await listApproverMembers(tx);
  return members.filter((m) => mayActOnStep(step, { userId: m.userId, role: m.role }));
}

/** The document an approval is about, as a notification record (its type and id). */
type ApprovalRecord = { documentType: ApprovalDocumentType; documentId: string };

/**
 * Notifies everyone who may decide `step` (except `exceptUserId`, who just acted) in the caller's
 * transaction: an inbox item, and by default an email (the notifications__email job sends it).
 */
export async function notifyStepApprovers(tx: Tx, input: { step: StepRef; totalSteps: number; document: ApprovalDocumentRef; exceptUserId?: string | null } & ApprovalRecord) {
  const { step, totalSteps, document } = input;
  const approvers = (await stepApprovers(tx, step)).filter((a) => a.userId !== input.exceptUserId);
  const notified = await notify(tx, {
    kind: "approval_requested",
    recipientIds: approvers.map((a) => a.userId),
    record: { kind: input.documentType, id: input.documentId, link: document.path },
    title: `Approval needed: ${document.title}`,
    lines: [
      `${document.label} "${document.title}" (${formatAmount(document.amount)}) is waiting for your approval: step ${step.stepNumber} of ${totalSteps}.`,
      "Open it to review the lines, then approve or reject it with a reason.",
    ],
    actionLabel: `Review the ${document.label.toLowerCase()}`,
  });
  return notified.map((n) => n.email);
}

/** Tells the submitter how their document's approval ended (inbox, and by default an email). */
export async function notifySubmitter(
  tx: Tx,
  input: { submitterId: string; document: ApprovalDocumentRef; outcome: "approved" | "rejected"; reason?: string | null } & ApprovalRecord,
) {
  const { document, outcome } = input;
  const lines = [`${document.label} "${document.title}" (${formatAmount(document.amount)}) was ${outcome}.`];
  if (outcome === "rejected" && input.reason) lines.push(`Reason: ${input.reason}`);
  await notify(tx, {
    kind: outcome === "approved" ? "approval_approved" : "approval_rejected",
    recipientIds: [input.submitterId],
    record: { kind: input.documentType, id: input.documentId, link: document.path },
    title: `${document.label} ${outcome}: ${document.title}`,
    lines,
    actionLabel: `Open the ${document.label.toLowerCase()}`,
  });
}
