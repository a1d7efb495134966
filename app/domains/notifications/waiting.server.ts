/**
 * "Waiting on me": what needs the signed-in member's action now, across modules. Each module adds
 * one provider (RFIs, submittals, punch items and expiring documents will, once they exist); the
 * header count, the /waiting page, the dashboard section and the daily digest all read this list.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { can, permissionsOf, type PermissionKey, type Role } from "~/utils/permissions";

export type WaitingActor = { userId: string; role: Role };
export type WaitingItem = { title: string; detail: string; href: string; since: string };
export interface WaitingProvider {
  key: string;
  label: string;
  /** The member needs this key for the provider to apply at all. */
  permission?: PermissionKey;
  count(tx: Tx, actor: WaitingActor): Promise<number>;
  list(tx: Tx, actor: WaitingActor, limit: number): Promise<WaitingItem[]>;
}

const APPROVAL_TITLES: Record<string, { title: SQL; join: SQL; href: SQL; read: PermissionKey }> = {
  change_order: {
    title: sql`'CO #' || d.number || ' · ' || d.title`,
    join: sql`join change_orders d on d.id = r.document_id`,
    href: sql`'/change-orders/' || r.document_id`,
    read: "change_orders:read",
  },
  commitment: { title: sql`d.number || ' · ' || d.title`, join: sql`join commitments d on d.id = r.document_id`, href: sql`'/commitments/' || r.document_id`, read: "commitments:read" },
  ap_invoice: {
    title: sql`'Invoice ' || d.invoice_number || ' · ' || (select name from vendors v where v.id = d.vendor_id)`,
    join: sql`join ap_invoices d on d.id = r.document_id`,
    href: sql`'/payables/' || r.document_id`,
    read: "payables:read",
  },
};

/** Pending approval requests of one document type whose current step is the actor's to decide. */
function approvalsProvider(documentType: keyof typeof APPROVAL_TITLES, label: string): WaitingProvider {
  const t = APPROVAL_TITLES[documentType];
  const mine = (actor: WaitingActor) => {
    const keys = permissionsOf(actor.role);
    return sql`r.status = 'pending' and r.document_type = ${documentType} and s.decision is null
      and (s.approver_user_id = ${actor.userId} or s.permission_key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}))`;
  };
  const from = sql`approval_requests r join approval_request_steps s on s.request_id = r.id and s.step_number = r.current_step`;
  return {
    key: `approvals:${documentType}`,
    label,
    permission: t.read,
    async count(tx, actor) {
      const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${from} where ${mine(actor)}`);
      return row.n;
    },
    async list(tx, actor, limit) {
      return queryRows<WaitingItem>(
        tx,
        sql`select ${t.title} as title, 'Step ' || r.current_step || ' of ' || r.total_steps || ' · ' || to_char(r.amount, 'FM999,999,999,990.00') as detail,
          ${t.href} as href, to_char(r.created_at, 'YYYY-MM-DD') as since
        from ${from} ${t.join} where ${mine(actor)} order by r.created_at limit ${limit}`,
      );
    },
  };
}

/** Submitted pay applications, for members who may certify them. */
const payAppsToCertify: WaitingProvider = {
  key: "pay_apps:certify",
  label: "Pay applications to certify",
  permission: "receivables:certify",
  async count(tx) {
    const [row] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from pay_applications where status = 'submitted'`);
    return row.n;
  },
  async list(tx, _actor, limit) {
    return queryRows<WaitingItem>(
      tx,
      sql`select p.job_number || ' ' || p.name || ' · Application #' || a.number as title,
          'Period to ' || a.period_end || ' · due ' || a.due_date as detail,
          '/pay-apps/' || a.id as href, coalesce(to_char(a.submitted_at, 'YYYY-MM-DD'), '') as since
        from pay_applications a join projects p on p.id = a.project_id
        where a.status = 'submitted' order by a.due_date, a.id limit ${limit}`,
    );
  },
};

/** Every provider, in the order the page shows them. Later modules append theirs here. */
export const WAITING_PROVIDERS: WaitingProvider[] = [
  approvalsProvider("change_order", "Change orders to approve"),
  approvalsProvider("commitment", "Commitments to approve"),
  approvalsProvider("ap_invoice", "Vendor invoices to approve"),
  payAppsToCertify,
];

const applies = (p: WaitingProvider, actor: WaitingActor) => !p.permission || can(actor.role, p.permission);

/** How many things wait on the actor (the header badge). */
export async function waitingCount(tx: Tx, actor: WaitingActor, providers = WAITING_PROVIDERS) {
  let total = 0;
  for (const p of providers) if (applies(p, actor)) total += await p.count(tx, actor);
  return total;
}

/** The queue by provider (only those that apply and have items), `limit` items each. */
export async function waitingQueue(tx: Tx, actor: WaitingActor, limit = 25, providers = WAITING_PROVIDERS) {
  const sections: { key: string; label: string; count: number; items: WaitingItem[] }[] = [];
  for (const p of providers) {
    if (!applies(p, actor)) continue;
    const count = await p.count(tx, actor);
    if (count > 0) sections.push({ key: p.key, label: p.label, count, items: await p.list(tx, actor, limit) });
  }
  return sections;
}
