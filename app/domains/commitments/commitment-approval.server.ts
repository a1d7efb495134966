/**
 * The commitment side of the approval engine: how a commitment is named in approval mail and the
 * queue, and what the final decision does. Approved → executed (from then on it counts as
 * committed cost); rejected → draft again with the reason, to be fixed and submitted again.
 */
import { and, eq, sql } from "drizzle-orm";
import { commitments } from "@db/schema";
import type { ApprovalDocument } from "~/domains/approvals/approval-actions.server";
import type { ApprovalDocumentRef } from "~/domains/approvals/approval-emails.server";
import { ApprovalConflict } from "~/domains/approvals/approval-requests.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { commitmentTypeLabel } from "./commitments.schema";
import { commitmentColumns, findCommitment, getCommitment } from "./commitments.server";

/** A commitment as approval mail and the queue name it; its amount is the Σ of its lines. */
export async function describeCommitment(tx: Tx, commitmentId: string): Promise<ApprovalDocumentRef> {
  const { commitment, project, vendorName, figures } = await getCommitment(tx, commitmentId);
  return {
    label: commitmentTypeLabel(commitment.type),
    title: `${commitment.number} · ${commitment.title} (${vendorName}; ${project.jobNumber} ${project.name})`,
    path: `/commitments/${commitment.id}`,
    amount: figures.originalValue,
  };
}

export const commitmentApprovalDocument: ApprovalDocument = {
  describe: describeCommitment,

  async onDecided(tx: Tx, commitmentId: string, outcome: "approved" | "rejected", reason: string | null) {
    const before = await findCommitment(tx, commitmentId);
    const approved = outcome === "approved";
    const [after] = await tx
      .update(commitments)
      .set({
        status: approved ? "executed" : "draft",
        executedAt: approved ? sql`now()` : null,
        rejectionReason: approved ? null : reason,
        version: sql`${commitments.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(commitments.id, before.id), eq(commitments.status, "pending_approval")))
      .returning(commitmentColumns);
    if (!after) throw new ApprovalConflict(`Commitment ${before.number} is no longer waiting for approval. Reload to see where it stands.`);
    await recordAudit(tx, { entityType: "commitment", entityId: after.id, action: outcome, before, after });
  },
};
