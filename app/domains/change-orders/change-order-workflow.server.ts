/**
 * Change order lifecycle: potential → change order (stage); draft → pending approval → approved |
 * rejected → void (status). Approval and rejection come from the approval engine
 * (change-order-approval.server.ts); everything else happens here, each transition guarded by
 * status and the version the user saw.
 */
import { eq, sql } from "drizzle-orm";
import { primeContracts } from "@db/schema";
import { cancelApprovalRequest, openApprovalRequest } from "~/domains/approvals/approval-requests.server";
import { removeSovLinesForChangeOrder } from "~/domains/contracts/sov.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { describeChangeOrder } from "./change-order-approval.server";
import { ChangeOrderRefused, findChangeOrder, guardChangeOrder, STALE_CHANGE_ORDER } from "./change-orders.server";

type Transition = { changeOrderId: string; version: number };

export async function convertToChangeOrder(tx: Tx, input: Transition) {
  const { before, after } = await guardChangeOrder(tx, {
    ...input,
    statuses: ["draft"],
    set: { stage: "change_order" },
    check: (co) => {
      if (co.stage !== "potential") throw new ChangeOrderRefused(`Change order #${co.number} is already a change order.`);
    },
  });
  await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: "converted", before, after });
  return after;
}

/**
 * Draft → pending approval: needs the change order stage and at least one line (and, for a prime
 * change order, the project's prime contract, whose schedule of values it will extend). Opens the
 * approval request (policy by amount) and mails the first step's approvers.
 */
export async function submitChangeOrder(tx: Tx, input: Transition & { submittedBy: string }) {
  const { before, after } = await guardChangeOrder(tx, {
    ...input,
    statuses: ["draft"],
    set: { status: "pending_approval", submittedAt: sql`now()`, decidedAt: null, rejectionReason: null },
    check: async (co) => {
      if (co.stage !== "change_order") throw new ChangeOrderRefused("Convert the potential change order to a change order before submitting it for approval.");
      const [{ lines }] = await queryRows<{ lines: number }>(tx, sql`select count(*)::int as lines from change_order_lines where change_order_id = ${co.id}`);
      if (lines === 0) throw new ChangeOrderRefused("Add at least one line before submitting the change order.");
      if (co.kind === "prime") {
        const [contract] = await tx.select({ id: primeContracts.id }).from(primeContracts).where(eq(primeContracts.projectId, co.projectId));
        if (!contract) throw new ChangeOrderRefused("This project has no prime contract yet: set it up before submitting a prime change order.");
      }
    },
  });
  const request = await openApprovalRequest(tx, {
    documentType: "change_order",
    documentId: after.id,
    document: describeChangeOrder(before),
    submittedBy: input.submittedBy,
    defaultKey: "change_orders:approve",
  });
  await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: "submitted", before, after: { ...after, approvalRequestId: request.id } });
  return { changeOrder: after, request };
}

/** Pending approval → draft: the open approval request is cancelled (request first, then the change order, like a decision). */
export async function withdrawChangeOrder(tx: Tx, input: Transition) {
  const current = await findChangeOrder(tx, input.changeOrderId);
  if (current.status !== "pending_approval") throw new ChangeOrderRefused(`Change order #${current.number} is not waiting for approval.`);
  if (current.version !== input.version) throw new ChangeOrderRefused(STALE_CHANGE_ORDER);
  await cancelApprovalRequest(tx, { documentType: "change_order", documentId: current.id });
  const { before, after } = await guardChangeOrder(tx, { ...input, statuses: ["pending_approval"], set: { status: "draft", submittedAt: null } });
  await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: "withdrawn", before, after });
  return after;
}

/** Draft, approved or rejected → void. The record stays (and its history); it no longer counts anywhere. */
export async function voidChangeOrder(tx: Tx, input: Transition) {
  const { before, after } = await guardChangeOrder(tx, { ...input, statuses: ["draft", "approved", "rejected"], set: { status: "void" } });
  if (before.kind === "prime" && before.status === "approved") await removeSovLinesForChangeOrder(tx, after.id);
  await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: "voided", before, after });
  return after;
}
