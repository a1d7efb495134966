/**
 * The change order side of the approval engine: how a change order is named in approval mail and
 * the queue, and what its final decision does. Approval of a prime change order extends the
 * prime contract's schedule of values (contracts domain) in the same transaction.
 */
import { and, eq, sql } from "drizzle-orm";
import { changeOrders } from "@db/schema";
import type { ApprovalDocument } from "~/domains/approvals/approval-actions.server";
import { ApprovalConflict } from "~/domains/approvals/approval-requests.server";
import type { ApprovalDocumentRef } from "~/domains/approvals/approval-emails.server";
import { addSovLinesForChangeOrder } from "~/domains/contracts/sov.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { changeOrderLabel, findChangeOrder, type ChangeOrder } from "./change-orders.server";

export const describeChangeOrder = (co: ChangeOrder): ApprovalDocumentRef => ({
  label: "Change order",
  title: `${changeOrderLabel(co)} (${co.project.jobNumber} ${co.project.name})`,
  path: `/change-orders/${co.id}`,
  amount: co.amount,
});

export const changeOrderApprovalDocument: ApprovalDocument = {
  async describe(tx, changeOrderId) {
    return describeChangeOrder(await findChangeOrder(tx, changeOrderId));
  },

  async onDecided(tx: Tx, changeOrderId: string, outcome: "approved" | "rejected", reason: string | null) {
    const before = await findChangeOrder(tx, changeOrderId);
    const [after] = await tx
      .update(changeOrders)
      .set({
        status: outcome,
        decidedAt: sql`now()`,
        rejectionReason: outcome === "rejected" ? reason : null,
        version: sql`${changeOrders.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(changeOrders.id, changeOrderId), eq(changeOrders.status, "pending_approval")))
      .returning();
    if (!after) throw new ApprovalConflict(`Change order #${before.number} is no longer waiting for approval. Reload to see where it stands.`);
    await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: outcome, before, after });
    if (outcome === "approved" && after.kind === "prime") await addSovLinesForChangeOrder(tx, after.id);
  },
};
