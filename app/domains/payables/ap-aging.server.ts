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
 * bench/page-catalog.ts). The page without a drill-down reads sums per vendor × bucket
 * (apAgingSums), not 10,000 open items to bucket in JavaScript; the drill-down and the export read
 * the documents, a vendor's only for the drill-down.
 */
import { sql } from "drizzle-orm";
import type { AgingDocument } from "~/utils/aging-report";
import type { AgingBucketSum } from "~/utils/aging-report.server";
import { queryRows, type Tx } from "~/utils/db.server";

type Row = Omit<AgingDocument, "label" | "href"> & { invoiceNumber: string; kind: "progress" | "retainage_release" };

/** The open items (vendor, project, invoice, due date, open amount, retainage or not) as a `with … items` prefix. */
function openItems(projectId?: string) {
  const project = projectId ? sql`and i.project_id = ${projectId}::uuid` : sql``;
  return sql`
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
    )`;
}

/** The open documents by vendor name, due date; `partyId`: one vendor's only (the drill-down; any text, an unknown id finds none). */
export async function apAgingDocuments(tx: Tx, options: { projectId?: string; partyId?: string } = {}): Promise<AgingDocument[]> {
  const party = options.partyId === undefined ? sql`` : sql`where it.vendor_id::text = ${options.partyId}`;
  const rows = await queryRows<Row>(tx, sql`
    ${openItems(options.projectId)}
    select v.name as party, v.id as "partyId", it.due_date::text as "dueDate", it.open::numeric(14,2)::text as "openAmount",
      it.is_retainage as "isRetainage", it.id as "documentId", it.invoice_number as "invoiceNumber", it.kind,
      p.id as "projectId", p.job_number || ' ' || p.name as project
    from items it
    join vendors v on v.id = it.vendor_id
    join projects p on p.id = it.project_id
    ${party}
    order by v.name, it.due_date, it.is_retainage, it.id`);
  return rows.map(({ invoiceNumber, kind, ...row }) => ({
    ...row,
    label: `${kind === "retainage_release" ? "Retainage release" : "Invoice"} ${invoiceNumber}${row.isRetainage && kind === "progress" ? " (retainage held)" : ""}`,
    href: `/payables/${row.documentId}`,
  }));
}

/**
 * The open amounts per vendor × open/retainage × bucket as of `asOf` (days past due as
 * app/utils/aging.ts counts them: calendar days from the due date), ordered by vendor name: what
 * the page shows without a drill-down, in one row per non-empty bucket.
 */
export async function apAgingSums(tx: Tx, asOf: string): Promise<AgingBucketSum[]> {
  return queryRows<AgingBucketSum>(tx, sql`
    ${openItems()},
    sums as (
      select it.vendor_id, it.is_retainage, case when x.days <= 0 then 'current' when x.days <= 30 then '1-30'
          when x.days <= 60 then '31-60' when x.days <= 90 then '61-90' else '90+' end as bucket,
        sum(it.open) as amount
      from items it cross join lateral (select ${asOf}::date - it.due_date as days) x
      group by 1, 2, 3
    )
    select v.name as party, v.id as "partyId", s.is_retainage as "isRetainage", s.bucket, s.amount::numeric(14,2)::text as amount
    from sums s join vendors v on v.id = s.vendor_id
    order by v.name, s.is_retainage, s.bucket`);
}
