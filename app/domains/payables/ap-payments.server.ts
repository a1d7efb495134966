/**
 * Payments out. An approved invoice is paid in one or more payments up to its amount due; when they
 * add up to it the invoice becomes paid. Payments on a retainage release invoice are retainage
 * payable paid out (is_retainage); a progress invoice's payable never includes the retainage held
 * on it. When the organization blocks payments without vendor compliance, a vendor whose insurance
 * has expired by the payment date, or whose required lien waiver has not been received, is not paid.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { apInvoices, apPayments } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { formatMoney } from "./ap-invoice-math";
import { apInvoiceColumns, ApInvoiceRefused, findApInvoice, staleInvoice, statusInWords } from "./ap-invoices.server";
import type { ApPaymentInput } from "./payables.schema";

const paymentColumns = {
  id: apPayments.id,
  apInvoiceId: apPayments.apInvoiceId,
  paidOn: apPayments.paidOn,
  amount: apPayments.amount,
  method: apPayments.method,
  reference: apPayments.reference,
  isRetainage: apPayments.isRetainage,
  createdAt: apPayments.createdAt,
};

/** The invoice's payments, oldest first. */
export function listApPayments(tx: Tx, invoiceId: string) {
  return tx.select(paymentColumns).from(apPayments).where(eq(apPayments.apInvoiceId, invoiceId)).orderBy(asc(apPayments.paidOn), asc(apPayments.createdAt));
}

/** Paid so far and what is still open (amount due − payments). */
export async function invoiceBalance(tx: Tx, invoice: { id: string; amountDue: string }) {
  const [row] = await tx
    .select({ paid: sql<string>`coalesce(sum(${apPayments.amount}), 0)::numeric(14,2)::text` })
    .from(apPayments)
    .where(eq(apPayments.apInvoiceId, invoice.id));
  return { paid: row.paid, open: dec(invoice.amountDue).minus(row.paid).toFixed(2) };
}

/** Why paying this vendor on `paidOn` is blocked, or null (always null unless the organization blocks payments without compliance). */
export async function paymentComplianceProblem(tx: Tx, vendorId: string, paidOn: string): Promise<string | null> {
  const [row] = await queryRows<{ block: boolean; name: string; expiresOn: string | null; expired: boolean; waiverMissing: boolean }>(tx, sql`
    select o.block_payments_without_compliance as block, v.name, v.insurance_expires_on::text as "expiresOn",
      coalesce(v.insurance_expires_on < ${paidOn}::date, false) as expired,
      v.lien_waiver_required and not v.lien_waiver_received as "waiverMissing"
    from vendors v join organizations o on o.id = v.organization_id
    where v.id = ${vendorId}`);
  if (!row?.block) return null;
  const blocked = `Payments to ${row.name} are blocked until their compliance is complete (organization setting)`;
  if (row.expired) return `${blocked}: their insurance expired on ${row.expiresOn}, before the payment date ${paidOn}.`;
  if (row.waiverMissing) return `${blocked}: the lien waiver they must provide has not been received.`;
  return null;
}

/**
 * Records a payment of an approved invoice read at `version`: more than zero, at most its open
 * balance. The invoice row is claimed first (version bump), so two payments entered at once cannot
 * together pay more than is open: the second gets a conflict and reloads.
 */
export async function recordApPayment(tx: Tx, invoiceId: string, input: Omit<ApPaymentInput, "intent">) {
  const invoice = await findApInvoice(tx, invoiceId);
  if (invoice.status === "paid") throw new ApInvoiceRefused(`Invoice ${invoice.invoiceNumber} is already paid in full.`);
  if (invoice.status !== "approved")
    throw new ApInvoiceRefused(`Invoice ${invoice.invoiceNumber} is ${statusInWords(invoice.status)}: only approved invoices can be paid.`);
  if (invoice.version !== input.version) throw staleInvoice(invoice);
  const problem = await paymentComplianceProblem(tx, invoice.vendorId, input.paidOn);
  if (problem) throw new ApInvoiceRefused(problem);
  const [claimed] = await tx
    .update(apInvoices)
    .set({ version: sql`${apInvoices.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(apInvoices.id, invoice.id), eq(apInvoices.version, input.version), eq(apInvoices.status, "approved")))
    .returning(apInvoiceColumns);
  if (!claimed) throw staleInvoice(invoice);
  const { open } = await invoiceBalance(tx, claimed);
  if (dec(input.amount).greaterThan(open))
    throw new ApInvoiceRefused(
      `A payment of ${formatMoney(input.amount)} is more than the open balance of ${formatMoney(open)} on invoice ${invoice.invoiceNumber}.`,
      "amount",
    );
  const [payment] = await tx
    .insert(apPayments)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      apInvoiceId: claimed.id,
      paidOn: input.paidOn,
      amount: input.amount,
      method: input.method,
      reference: input.reference,
      isRetainage: claimed.kind === "retainage_release",
    })
    .returning(paymentColumns);
  const openBalance = dec(open).minus(input.amount).toFixed(2);
  await recordAudit(tx, { entityType: "ap_payment", entityId: payment.id, action: "created", after: { ...payment, openBalance } });
  if (openBalance !== "0.00") return { payment, invoice: claimed, openBalance };
  const [paid] = await tx.update(apInvoices).set({ status: "paid" }).where(eq(apInvoices.id, claimed.id)).returning(apInvoiceColumns);
  await recordAudit(tx, { entityType: "ap_invoice", entityId: paid.id, action: "paid", before: claimed, after: paid });
  return { payment, invoice: paid, openBalance };
}
