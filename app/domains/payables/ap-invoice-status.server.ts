/**
 * Vendor invoice lifecycle: draft → pending approval → approved → paid, or void. Submitting opens
 * an approval request (policy by the invoice total); the engine approves the invoice or sends it
 * back to draft (ap-invoice-approval.server.ts); payments make it paid (ap-payments.server.ts).
 * Pending approval → draft when withdrawn; draft, pending approval or approved → void while no
 * payment has been recorded. Paid and void are final.
 *
 * Every transition is guarded by status and the version the page was read at. Leaving pending
 * approval cancels the open request first (request row, then invoice row: the order a decision
 * takes too), so a withdrawal or void racing a decision ends with exactly one of them.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { apInvoiceLines, apInvoices, apPayments } from "@db/schema";
import { cancelApprovalRequest, openApprovalRequest } from "~/domains/approvals/approval-requests.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import type { PermissionKey } from "~/utils/permissions";
import { describeApInvoice } from "./ap-invoice-approval.server";
import { apInvoiceColumns, ApInvoiceRefused, findApInvoice, staleInvoice, statusInWords, type ApInvoice } from "./ap-invoices.server";
import { assertWithinCeilings, lockCommitmentBilling } from "./commitment-billing.server";
import type { ApInvoiceStatus, ApInvoiceTransition } from "./payables.schema";
import { assertReleasesCovered } from "./retainage.server";

/** Without a policy for its total, a submitted invoice still needs one step by someone who may approve invoices. */
export const AP_INVOICE_DEFAULT_APPROVER_KEY: PermissionKey = "payables:approve";

type Rule = { from: ApInvoiceStatus[]; to: ApInvoiceStatus; action: string; verb: string };

const TRANSITIONS: Record<ApInvoiceTransition, Rule> = {
  submit: { from: ["draft"], to: "pending_approval", action: "submitted", verb: "submitted for approval" },
  withdraw: { from: ["pending_approval"], to: "draft", action: "withdrawn", verb: "withdrawn from approval" },
  void: { from: ["draft", "pending_approval", "approved"], to: "void", action: "voided", verb: "voided" },
};

export const allowedApTransitions = (status: ApInvoiceStatus) =>
  (Object.keys(TRANSITIONS) as ApInvoiceTransition[]).filter((t) => TRANSITIONS[t].from.includes(status));

type Fields = { [K in keyof typeof apInvoices.$inferInsert]?: (typeof apInvoices.$inferInsert)[K] | SQL };

async function countOf(tx: Tx, table: typeof apInvoiceLines | typeof apPayments, invoiceId: string) {
  const [row] = await tx.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.apInvoiceId, invoiceId));
  return row.n;
}

/** The transition's own rules (throw ApInvoiceRefused) and the fields it sets besides status. */
const PREPARE: Record<ApInvoiceTransition, (tx: Tx, invoice: ApInvoice) => Promise<Fields>> = {
  async submit(tx, invoice) {
    if ((await countOf(tx, apInvoiceLines, invoice.id)) === 0) throw new ApInvoiceRefused(`Add at least one line before submitting invoice ${invoice.invoiceNumber}.`);
    if (invoice.kind === "progress" && invoice.commitmentId) await assertWithinCeilings(tx, invoice);
    return { submittedAt: sql`now()`, rejectionReason: null };
  },
  async withdraw() {
    return { submittedAt: null };
  },
  async void(tx, invoice) {
    if ((await countOf(tx, apPayments, invoice.id)) > 0)
      throw new ApInvoiceRefused(`Invoice ${invoice.invoiceNumber} has payments recorded: it cannot be voided.`);
    if (invoice.status === "approved" && invoice.kind === "progress" && invoice.commitmentId && dec(invoice.retainage).greaterThan(0)) {
      await lockCommitmentBilling(tx, invoice.commitmentId);
      await assertReleasesCovered(
        tx,
        invoice.commitmentId,
        `Retainage held on invoice ${invoice.invoiceNumber} has been released: void the retainage release invoice first.`,
        invoice.id,
      );
    }
    return {};
  },
};

/**
 * Moves the invoice along its lifecycle if nobody changed it since `version` was read. Submitting
 * opens the approval request (steps by the policy for its total, first approvers mailed);
 * `actorId` is recorded as its submitter.
 */
export async function changeApInvoiceStatus(tx: Tx, invoiceId: string, input: { to: ApInvoiceTransition; version: number; actorId: string }) {
  const rule = TRANSITIONS[input.to];
  const before = await findApInvoice(tx, invoiceId);
  if (!rule.from.includes(before.status))
    throw new ApInvoiceRefused(`Invoice ${before.invoiceNumber} is ${statusInWords(before.status)}: it cannot be ${rule.verb}.`);
  if (before.version !== input.version) throw staleInvoice(before);
  const set = await PREPARE[input.to](tx, before);
  if (before.status === "pending_approval") await cancelApprovalRequest(tx, { documentType: "ap_invoice", documentId: before.id });
  const [after] = await tx
    .update(apInvoices)
    .set({ ...set, status: rule.to, version: sql`${apInvoices.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(apInvoices.id, before.id), eq(apInvoices.version, input.version), eq(apInvoices.status, before.status)))
    .returning(apInvoiceColumns);
  if (!after) throw staleInvoice(before);
  const request =
    input.to === "submit"
      ? await openApprovalRequest(tx, {
          documentType: "ap_invoice",
          documentId: after.id,
          document: await describeApInvoice(tx, after.id),
          submittedBy: input.actorId,
          defaultKey: AP_INVOICE_DEFAULT_APPROVER_KEY,
        })
      : null;
  await recordAudit(tx, { entityType: "ap_invoice", entityId: after.id, action: rule.action, before, after: { ...after, approvalRequestId: request?.id } });
  return after;
}
