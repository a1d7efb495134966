import type { Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { composeEmail, queueEmail } from "~/utils/mail.server";
import { can, PERMISSIONS, type PermissionKey, type Role } from "~/utils/permissions";
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

/** Mails everyone who may decide `step` (except `exceptUserId`, who just acted) in the caller's transaction. */
export async function notifyStepApprovers(tx: Tx, input: { step: StepRef; totalSteps: number; document: ApprovalDocumentRef; exceptUserId?: string | null }) {
  const { step, totalSteps, document } = input;
  const approvers = (await stepApprovers(tx, step)).filter((a) => a.userId !== input.exceptUserId);
  const url = `${appUrl()}${document.path}`;
  for (const approver of approvers) {
    await queueEmail(
      tx,
      composeEmail(
        approver.email,
        `Approval needed: ${document.title}`,
        "approval_requested",
        [
          `Hello ${approver.name},`,
          `${document.label} "${document.title}" (${formatAmount(document.amount)}) is waiting for your approval: step ${step.stepNumber} of ${totalSteps}.`,
          "Open it to review the lines, then approve or reject it with a reason.",
        ],
        { label: `Review the ${document.label.toLowerCase()}`, url },
      ),
    );
  }
  return approvers.map((a) => a.email);
}

/** Tells the submitter how their document's approval ended. */
export async function notifySubmitter(
  tx: Tx,
  input: { submitter: { email: string; name: string }; document: ApprovalDocumentRef; outcome: "approved" | "rejected"; reason?: string | null },
) {
  const { document, outcome } = input;
  const lines = [`Hello ${input.submitter.name},`, `${document.label} "${document.title}" (${formatAmount(document.amount)}) was ${outcome}.`];
  if (outcome === "rejected" && input.reason) lines.push(`Reason: ${input.reason}`);
  await queueEmail(
    tx,
    composeEmail(input.submitter.email, `${document.label} ${outcome}: ${document.title}`, `approval_${outcome}`, lines, {
      label: `Open the ${document.label.toLowerCase()}`,
      url: `${appUrl()}${document.path}`,
    }),
  );
}
