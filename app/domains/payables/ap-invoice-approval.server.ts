/**
 * The vendor invoice side of the approval engine: how an invoice is named in approval mail and the
 * queue, and what the final decision does. Approved → approved (from then on it is actual cost in
 * the budget and may be paid); rejected → draft again with the reason, to be fixed and resubmitted.
 */
import { and, eq, sql } from "drizzle-orm";
import { apInvoices } from "@db/schema";
import type { ApprovalDocument } from "~/domains/approvals/approval-actions.server";
import type { ApprovalDocumentRef } from "~/domains/approvals/approval-emails.server";
import { ApprovalConflict } from "~/domains/approvals/approval-requests.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { apInvoiceColumns, findApInvoice, type ApInvoice } from "./ap-invoices.server";
import { assertWithinCeilings, lockCommitmentBilling } from "./commitment-billing.server";
import { AP_INVOICE_KIND_LABELS, apInvoicePath } from "./payables.schema";
import { assertReleasesCovered } from "./retainage.server";

/** An invoice as approval mail and the queue name it; its amount is the invoice total (what the vendor bills). */
export async function describeApInvoice(tx: Tx, invoiceId: string): Promise<ApprovalDocumentRef> {
  const invoice = await findApInvoice(tx, invoiceId);
  const [names] = await queryRows<{ vendor: string; project: string; commitment: string | null }>(tx, sql`
    select v.name as vendor, p.job_number || ' ' || p.name as project, c.number as commitment
    from vendors v, projects p
    left join commitments c on c.id = ${invoice.commitmentId}::uuid
    where v.id = ${invoice.vendorId} and p.id = ${invoice.projectId}`);
  const on = names?.commitment ? ` on ${names.commitment}` : "";
  return {
    label: AP_INVOICE_KIND_LABELS[invoice.kind],
    title: `${invoice.invoiceNumber} · ${names?.vendor ?? ""}${on} (${names?.project ?? ""})`,
    path: apInvoicePath(invoice.id),
    amount: invoice.total,
  };
}

/**
 * What must still hold when an invoice is approved, checked with its commitment locked: other
 * invoices may have been approved, or change orders and releases decided, since it was submitted.
 */
export async function assertPostable(tx: Tx, invoice: ApInvoice) {
  if (!invoice.commitmentId) return;
  await lockCommitmentBilling(tx, invoice.commitmentId);
  if (invoice.kind === "progress") await assertWithinCeilings(tx, invoice);
  else
    await assertReleasesCovered(
      tx,
      invoice.commitmentId,
      `Retainage release ${invoice.invoiceNumber} pays out more retainage than the commitment's approved invoices hold. Void it and enter a smaller release.`,
    );
}

export const apInvoiceApprovalDocument: ApprovalDocument = {
  describe: describeApInvoice,

  async onDecided(tx: Tx, invoiceId: string, outcome: "approved" | "rejected", reason: string | null) {
    const before = await findApInvoice(tx, invoiceId);
    const approved = outcome === "approved";
    if (approved && before.status === "pending_approval") await assertPostable(tx, before);
    const [after] = await tx
      .update(apInvoices)
      .set({
        status: approved ? "approved" : "draft",
        approvedAt: approved ? sql`now()` : null,
        rejectionReason: approved ? null : reason,
        version: sql`${apInvoices.version} + 1`,
        updatedAt: sql`now()`,
      })
      .where(and(eq(apInvoices.id, before.id), eq(apInvoices.status, "pending_approval")))
      .returning(apInvoiceColumns);
    if (!after) throw new ApprovalConflict(`Invoice ${before.invoiceNumber} is no longer waiting for approval. Reload to see where it stands.`);
    await recordAudit(tx, { entityType: "ap_invoice", entityId: after.id, action: outcome, before, after });
  },
};
