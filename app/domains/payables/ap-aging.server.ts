/**
 * The open items of AP aging (DOMAIN.md "AR/AP aging"), for app/utils/aging.ts to bucket:
 * - what is still open on approved invoices: progress and direct-cost invoices as open payables,
 *   retainage release invoices as retainage (by the release's due date);
 * - retainage still held on approved or paid progress invoices, not yet paid out by an approved
 *   release: retainage payable, aged by the due date of the invoice that holds it. Approved
 *   releases are taken from a commitment's oldest holding invoices first.
 */
import { sql } from "drizzle-orm";
import type { Tx } from "~/utils/db.server";

export type ApAgingItem = {
  /** The vendor's name. */
  party: string;
  dueDate: string;
  openAmount: string;
  isRetainage: boolean;
  invoiceId: string;
};

export async function apAgingItems(tx: Tx, options: { projectId?: string } = {}): Promise<ApAgingItem[]> {
  const project = options.projectId ? sql`and i.project_id = ${options.projectId}::uuid` : sql``;
  const rows = await tx.execute<ApAgingItem>(sql`
    with open_invoices as (
      select i.id, i.vendor_id, i.due_date, i.kind = 'retainage_release' as is_retainage,
        i.amount_due - coalesce((select sum(p.amount) from ap_payments p where p.organization_id = i.organization_id and p.ap_invoice_id = i.id), 0) as open
      from ap_invoices i
      where i.status = 'approved' ${project}
    ),
    holding as (
      select i.id, i.vendor_id, i.due_date, i.commitment_id, i.retainage,
        sum(i.retainage) over (partition by i.commitment_id order by i.due_date, i.invoice_date, i.id) - i.retainage as held_before
      from ap_invoices i
      where i.kind = 'progress' and i.commitment_id is not null and i.status in ('approved', 'paid') and i.retainage > 0 ${project}
    ),
    released as (
      select i.commitment_id, sum(i.total) as amount
      from ap_invoices i
      where i.kind = 'retainage_release' and i.status in ('approved', 'paid')
      group by i.commitment_id
    ),
    items as (
      select id, vendor_id, due_date, open, is_retainage from open_invoices where open > 0
      union all
      select h.id, h.vendor_id, h.due_date,
        h.retainage - least(h.retainage, greatest(0, coalesce(r.amount, 0) - h.held_before)), true
      from holding h left join released r on r.commitment_id = h.commitment_id
    )
    select v.name as party, it.due_date::text as "dueDate", it.open::numeric(14,2)::text as "openAmount",
      it.is_retainage as "isRetainage", it.id as "invoiceId"
    from items it
    join vendors v on v.id = it.vendor_id
    where it.open > 0
    order by v.name, it.due_date, it.is_retainage, it.id`);
  return rows.map((r) => ({ ...r }));
}
