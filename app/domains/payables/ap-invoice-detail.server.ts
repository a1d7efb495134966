import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { listApInvoiceLines } from "./ap-invoice-lines.server";
import { findApInvoice } from "./ap-invoices.server";
import { invoiceBalance, listApPayments } from "./ap-payments.server";
import { billingSheet } from "./commitment-billing.server";

/**
 * An invoice page: header, vendor, project, commitment, its lines (and, against a commitment, the
 * whole continuation sheet with ceilings and billed to date), payments and balance. Another
 * tenant's invoice is RecordNotFound.
 */
export async function getApInvoice(tx: Tx, invoiceId: string) {
  const invoice = await findApInvoice(tx, invoiceId);
  const [names] = await queryRows<{ vendorName: string; jobNumber: string; projectName: string; commitmentNumber: string | null; commitmentTitle: string | null }>(tx, sql`
    select v.name as "vendorName", p.job_number as "jobNumber", p.name as "projectName", c.number as "commitmentNumber", c.title as "commitmentTitle"
    from ap_invoices i
    join vendors v on v.organization_id = i.organization_id and v.id = i.vendor_id
    join projects p on p.organization_id = i.organization_id and p.id = i.project_id
    left join commitments c on c.organization_id = i.organization_id and c.id = i.commitment_id
    where i.id = ${invoice.id}`);
  return {
    invoice,
    ...names,
    lines: await listApInvoiceLines(tx, invoice.id),
    sheet: invoice.kind === "progress" ? await billingSheet(tx, invoice) : [],
    payments: await listApPayments(tx, invoice.id),
    balance: await invoiceBalance(tx, invoice),
  };
}
