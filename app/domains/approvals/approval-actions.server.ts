import { changeOrderApprovalDocument } from "~/domains/change-orders/change-order-approval.server";
import { commitmentApprovalDocument } from "~/domains/commitments/commitment-approval.server";
import { apInvoiceApprovalDocument } from "~/domains/payables/ap-invoice-approval.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import type { ApprovalDocumentRef } from "./approval-emails.server";
import { decideApprovalStep, getApprovalRequest, type DecisionInput } from "./approval-requests.server";
import type { ApprovalDocumentType } from "./approvals.schema";

/** What the engine needs from a document's domain: how to name it and how to apply the outcome. */
export interface ApprovalDocument {
  describe(tx: Tx, documentId: string): Promise<ApprovalDocumentRef>;
  onDecided(tx: Tx, documentId: string, outcome: "approved" | "rejected", reason: string | null): Promise<void>;
}

const DOCUMENTS: Partial<Record<ApprovalDocumentType, ApprovalDocument>> = {
  change_order: changeOrderApprovalDocument,
  commitment: commitmentApprovalDocument,
  ap_invoice: apInvoiceApprovalDocument,
};

export function approvalDocument(type: ApprovalDocumentType): ApprovalDocument {
  const document = DOCUMENTS[type];
  if (!document) throw new Error(`No approval handler for ${type} documents`);
  return document;
}

/**
 * One approver approves or rejects the current step, from the queue or the document page. The
 * final decision is applied to the document in the same transaction (a change order becomes
 * approved or rejected, a commitment executed or draft again), so the request and its document
 * never disagree.
 */
export async function actOnApproval(tx: Tx, input: DecisionInput, from?: { documentType: ApprovalDocumentType; documentId: string }) {
  const request = await getApprovalRequest(tx, input.requestId);
  // Posted from a document's own page: the request must be that document's.
  if (from && (request.documentType !== from.documentType || request.documentId !== from.documentId)) throw new RecordNotFound("approval request");
  const handler = approvalDocument(request.documentType);
  const document = await handler.describe(tx, request.documentId);
  const result = await decideApprovalStep(tx, { ...input, document });
  if (result.outcome !== "advanced") await handler.onDecided(tx, request.documentId, result.outcome, input.reason?.trim() || null);
  return { ...result, document };
}

/** A request with its document's description, for the queue's review panel. */
export async function approvalForReview(tx: Tx, requestId: string) {
  const request = await getApprovalRequest(tx, requestId);
  const document = await approvalDocument(request.documentType).describe(tx, request.documentId);
  return { request, document };
}
