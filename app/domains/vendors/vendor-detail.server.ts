/**
 * The vendor page: the vendor's totals by project, its commitments, latest invoices and payments.
 * RLS scopes every statement to the member's organization, so another organization's vendor is
 * simply not found. Invoice figures come from the stored AP totals (ap_invoice_totals, per
 * project × vendor × status) and the invoice rows' stored columns.
 */
import { sql } from "drizzle-orm";
import { filterParam, type TableRow } from "~/utils/data-table";
import { queryRows, type Tx } from "~/utils/db.server";
import { moneyString, sumMoney } from "~/utils/money";
import type { PaymentMethod } from "~/utils/payment-methods";
import { VENDOR_PROJECT_MONEY } from "./vendor-projects.table";

const EXECUTED = sql.raw(`('executed', 'closed')`);
const POSTED = sql.raw(`('approved', 'paid')`);

/** How many of the vendor's commitments, invoices and payments the page lists (the linked lists have the rest). */
export const VENDOR_PAGE_ROWS = 25;

const listHref = (path: string, filters: Record<string, string>) =>
  `${path}?${new URLSearchParams(Object.entries(filters).map(([key, value]) => [filterParam(key), value])).toString()}`;

export type VendorProjectRow = {
  projectId: string;
  project: string;
  committed: string;
  billed: string;
  paid: string;
  retainage: string;
  openBalance: string;
};

/** One row per project where the vendor has a commitment or an invoice, by job number. */
export async function vendorProjectTotals(tx: Tx, vendorId: string): Promise<VendorProjectRow[]> {
  const rows = await queryRows<VendorProjectRow>(tx, sql`
    with vc as (select id, project_id from commitments where vendor_id = ${vendorId}),
    committed as (
      select vc.project_id, sum(l.amount) as amount
      from commitments c join vc on vc.id = c.id join commitment_lines l on l.organization_id = c.organization_id and l.commitment_id = c.id
      where c.status in ${EXECUTED} group by 1
    ),
    changes as (
      select vc.project_id, sum(l.amount) as amount
      from change_orders co join vc on vc.id = co.commitment_id
      join commitments c on c.id = vc.id
      join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
      where co.kind = 'commitment' and co.status = 'approved' and c.status in ${EXECUTED} group by 1
    ),
    invoiced as (
      select project_id, sum(total) as billed, sum(amount_paid) as paid, sum(retainage) as retainage, sum(amount_due - amount_paid) as open
      from ap_invoice_totals where vendor_id = ${vendorId} and status in ${POSTED} group by 1
    ),
    keys as (select project_id from vc union select project_id from ap_invoice_totals where vendor_id = ${vendorId})
    select p.id as "projectId", p.job_number || ' ' || p.name as project,
      round(coalesce(committed.amount, 0) + coalesce(changes.amount, 0), 2)::text as committed,
      round(coalesce(i.billed, 0), 2)::text as billed, round(coalesce(i.paid, 0), 2)::text as paid,
      round(coalesce(i.retainage, 0), 2)::text as retainage, round(coalesce(i.open, 0), 2)::text as "openBalance"
    from keys k join projects p on p.id = k.project_id
    left join committed on committed.project_id = k.project_id
    left join changes on changes.project_id = k.project_id
    left join invoiced i on i.project_id = k.project_id
    order by p.job_number, p.id`);
  return rows.map((r) => ({ ...r }));
}

/** The totals table's rows (with the links each figure drills down to) and its totals. */
export function vendorProjectTable(vendorName: string, rows: VendorProjectRow[]) {
  const tableRows: TableRow[] = rows.map((r) => ({
    ...r,
    projectHref: `/projects/${r.projectId}`,
    commitmentsHref: listHref(`/projects/${r.projectId}/commitments`, { vendor: vendorName, status: "committed" }),
    payablesHref: listHref("/payables", { vendor: vendorName, project: r.project, status: "posted" }),
  }));
  const totals = Object.fromEntries(VENDOR_PROJECT_MONEY.map((key) => [key, moneyString(sumMoney(rows.map((r) => r[key])))]));
  return { rows: tableRows, totals };
}

export type VendorCommitment = { id: string; projectId: string; project: string; number: string; title: string; status: string; value: string; billed: string };

/** The vendor's commitments (every status), latest first: original lines + approved change orders, billed on posted invoices. */
export async function vendorCommitments(tx: Tx, vendorId: string) {
  const rows = await queryRows<VendorCommitment & { total: number }>(tx, sql`
    with vc as (
      select c.id, c.project_id, c.number, c.title, c.status, c.created_at, count(*) over () as total
      from commitments c where c.vendor_id = ${vendorId} order by c.created_at desc, c.id limit ${VENDOR_PAGE_ROWS}
    )
    select vc.id, vc.project_id as "projectId", p.job_number || ' ' || p.name as project, vc.number, vc.title, vc.status, vc.total::int as total,
      round(coalesce((select sum(l.amount) from commitment_lines l where l.commitment_id = vc.id), 0)
        + coalesce((select sum(l.amount) from change_orders co join change_order_lines l on l.change_order_id = co.id
                    where co.commitment_id = vc.id and co.kind = 'commitment' and co.status = 'approved'), 0), 2)::text as value,
      round(coalesce((select sum(i.total) from ap_invoices i where i.commitment_id = vc.id and i.kind = 'progress' and i.status in ${POSTED}), 0), 2)::text as billed
    from vc join projects p on p.id = vc.project_id
    order by vc.created_at desc, vc.id`);
  return { total: rows[0]?.total ?? 0, rows: rows.map(({ total: _t, ...r }) => r) };
}

export type VendorInvoice = { id: string; number: string; project: string; invoiceDate: string; dueDate: string; status: string; total: string; amountDue: string; balance: string };

/** The vendor's latest invoices (by invoice date), and how many it has. */
export async function vendorInvoices(tx: Tx, vendorId: string) {
  const rows = await queryRows<VendorInvoice & { total_count: number }>(tx, sql`
    select i.id, i.invoice_number as number, p.job_number || ' ' || p.name as project,
      i.invoice_date::text as "invoiceDate", i.due_date::text as "dueDate", i.status,
      i.total::text as total, i.amount_due::text as "amountDue", (i.amount_due - i.amount_paid)::numeric(14,2)::text as balance,
      count(*) over ()::int as total_count
    from ap_invoices i join projects p on p.id = i.project_id
    where i.vendor_id = ${vendorId}
    order by i.invoice_date desc, i.id desc limit ${VENDOR_PAGE_ROWS}`);
  return { total: rows[0]?.total_count ?? 0, rows: rows.map(({ total_count: _t, ...r }) => r) };
}

export type VendorPayment = { id: string; invoiceId: string; invoiceNumber: string; project: string; paidOn: string; method: PaymentMethod; reference: string; amount: string; isRetainage: boolean };

/** The vendor's latest payments (by date paid), and how many there are. */
export async function vendorPayments(tx: Tx, vendorId: string) {
  const rows = await queryRows<VendorPayment & { total_count: number }>(tx, sql`
    select pay.id, i.id as "invoiceId", i.invoice_number as "invoiceNumber", p.job_number || ' ' || p.name as project,
      pay.paid_on::text as "paidOn", pay.method, pay.reference, pay.amount::text as amount, pay.is_retainage as "isRetainage",
      count(*) over ()::int as total_count
    from ap_invoices i join ap_payments pay on pay.organization_id = i.organization_id and pay.ap_invoice_id = i.id
    join projects p on p.id = i.project_id
    where i.vendor_id = ${vendorId}
    order by pay.paid_on desc, pay.created_at desc limit ${VENDOR_PAGE_ROWS}`);
  return { total: rows[0]?.total_count ?? 0, rows: rows.map(({ total_count: _t, ...r }) => r) };
}

export type VendorCompliance = {
  insuranceExpiresOn: string | null;
  /** none: no date on file; expiring: within 30 days of today (organization time zone). */
  insurance: "none" | "valid" | "expiring" | "expired";
  lienWaiver: "not_required" | "received" | "missing";
  /** The organization refuses payments to this vendor today (its compliance setting, with what is on file). */
  paymentsBlocked: boolean;
};

/** What the vendor record holds about compliance, read against today and the organization's payment setting. */
export async function vendorCompliance(tx: Tx, vendorId: string): Promise<VendorCompliance> {
  const [row] = await queryRows<VendorCompliance & { block: boolean }>(tx, sql`
    with today as (select (now() at time zone time_zone)::date as d, block_payments_without_compliance as block from organizations)
    select v.insurance_expires_on::text as "insuranceExpiresOn",
      case when v.insurance_expires_on is null then 'none'
           when v.insurance_expires_on < t.d then 'expired'
           when v.insurance_expires_on <= t.d + 30 then 'expiring'
           else 'valid' end as insurance,
      case when not v.lien_waiver_required then 'not_required' when v.lien_waiver_received then 'received' else 'missing' end as "lienWaiver",
      coalesce(t.block, false) as block
    from vendors v cross join today t where v.id = ${vendorId}`);
  const { block, ...compliance } = row;
  return { ...compliance, paymentsBlocked: block && (compliance.insurance === "expired" || compliance.lienWaiver === "missing") };
}
