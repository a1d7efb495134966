/**
 * The open items of AP aging (DOMAIN.md "AR/AP aging"), for app/utils/aging.ts to bucket, with
 * what the aging page shows and links (vendor id for the `?party=` drill-down, invoice, project):
 * - what is still open on approved invoices: progress and direct-cost invoices as open payables,
 *   retainage release invoices as retainage (by the release's due date);
 * - retainage still held on approved or paid progress invoices, not yet paid out by an approved
 *   release: retainage payable, aged by the due date of the invoice that holds it. Approved
 *   releases are taken from a commitment's oldest holding invoices first.
 * One statement over stored figures: what is open on an invoice is amount due − amount paid, both
 * on the invoice row (amount_paid is kept by a trigger on ap_payments, migration 0020), and the open
 * ones are read from the partial index of open items (approved, amount paid < amount due) instead
 * of summing every payment of the organization (125–265 ms at 10,000 open invoices among 50,000,
 * bench/page-catalog.ts). The vendors are ordered once by name (dense_rank, ties stay ties), so the
 * open items sort on an integer instead of comparing names under the collation 10,000 times.
 */
import { sql } from "drizzle-orm";
import type { AgingDocument } from "~/utils/aging-report";
import { queryRows, type Tx } from "~/utils/db.server";

type Row = Omit<AgingDocument, "label" | "href"> & { invoiceNumber: string; kind: "progress" | "retainage_release" };

export async function apAgingDocuments(tx: Tx, options: { projectId?: string } = {}): Promise<AgingDocument[]> {
  const project = options.projectId ? sql`and i.project_id = ${options.projectId}::uuid` : sql``;
  const rows = await queryRows<Row>(tx, sql`
    with open_invoices as (
      select i.id, i.vendor_id, i.project_id, i.invoice_number, i.kind, i.due_date, i.kind = 'retainage_release' as is_retainage,
        i.amount_due - i.amount_paid as open
      from ap_invoices i
      where i.status = 'approved' and i.amount_paid < i.amount_due ${project}
    ),
    holding as (
      select i.id, i.vendor_id, i.project_id, i.invoice_number, i.kind, i.due_date, i.commitment_id, i.retainage,
        sum(i.retainage) over (partition by i.commitment_id order by i.due_date, i.invoice_date, i.id) - i.retainage as held_before
      from ap_invoices i
      where i.kind = 'progress' and i.commitment_id is not null and i.status in ('approved', 'paid') and i.retainage > 0 ${project}
    ),
    released as (
      select i.commitment_id, sum(i.total) as amount
      from ap_invoices i
      where i.kind = 'retainage_release' and i.status in ('approved', 'paid') and i.commitment_id in (select commitment_id from holding)
      group by i.commitment_id
    ),
    held as (
      select h.id, h.vendor_id, h.project_id, h.invoice_number, h.kind, h.due_date,
        h.retainage - least(h.retainage, greatest(0, coalesce(r.amount, 0) - h.held_before)) as open
      from holding h left join released r on r.commitment_id = h.commitment_id
    ),
    items as (
      select id, vendor_id, project_id, invoice_number, kind, due_date, open, is_retainage from open_invoices
      union all
      select id, vendor_id, project_id, invoice_number, kind, due_date, open, true from held where open > 0
    )
    select v.name as party, v.id as "partyId", it.due_date::text as "dueDate", it.open::numeric(14,2)::text as "openAmount",
      it.is_retainage as "isRetainage", it.id as "documentId", it.invoice_number as "invoiceNumber", it.kind,
      p.id as "projectId", p.job_number || ' ' || p.name as project
    from items it
    join (select id, name, dense_rank() over (order by name) as rank from vendors) v on v.id = it.vendor_id
    join projects p on p.id = it.project_id
    order by v.rank, it.due_date, it.is_retainage, it.id`);
  return rows.map(({ invoiceNumber, kind, ...row }) => ({
    ...row,
    label: `${kind === "retainage_release" ? "Retainage release" : "Invoice"} ${invoiceNumber}${row.isRetainage && kind === "progress" ? " (retainage held)" : ""}`,
    href: `/payables/${row.documentId}`,
  }));
}
