/**
 * The open items of AR aging (DOMAIN.md "AR/AP aging"), for app/utils/aging.ts to bucket, the
 * mirror of AP aging (app/domains/payables/ap-aging.server.ts):
 * - what is still open on certified applications: G702 line 8 (current payment due) less the
 *   payments received, by the application's stored due date. Progress applications are open
 *   receivables; retainage release applications are retainage (released, not yet received). An
 *   opening position (ADR 0013) is labelled as such and due on the last previous certificate's
 *   date, so what the old certificates left open ages from then, not as a new receivable;
 * - retainage still held (line 5 of the latest certified application): retainage receivable, aged
 *   by the due date of the application that held it (an opening position's included). Each
 *   application holds what its line 5 adds to the previous one; releases (and step-downs) are
 *   taken from the oldest first.
 * The customer is the owner named on the prime contract (the project's client when it is blank);
 * owners have no record of their own, so the name is also the drill-down key.
 */
import { sql } from "drizzle-orm";
import type { AgingDocument } from "~/utils/aging-report";
import { queryRows, type Tx } from "~/utils/db.server";

type Row = Omit<AgingDocument, "label" | "href"> & { number: number; kind: "progress" | "retainage_release" | "opening" };

export async function arAgingItems(tx: Tx, options: { projectId?: string } = {}): Promise<AgingDocument[]> {
  const project = options.projectId ? sql`and a.project_id = ${options.projectId}::uuid` : sql``;
  const rows = await queryRows<Row>(tx, sql`
    with closed as (
      select a.id, a.project_id, a.number, a.kind, a.status, a.due_date, a.line5_retainage, a.line8_current_payment_due, a.received_before_onboarding
      from pay_applications a
      where a.status in ('certified', 'paid') ${project}
    ),
    received as (
      select p.pay_application_id as id, sum(p.amount) as amount
      from ar_payments p join closed c on c.id = p.pay_application_id
      group by p.pay_application_id
    ),
    open_applications as (
      select c.id, c.due_date, c.kind = 'retainage_release' as is_retainage, c.line8_current_payment_due - c.received_before_onboarding - coalesce(r.amount, 0) as open
      from closed c left join received r on r.id = c.id
      where c.status = 'certified'
    ),
    increments as (
      select c.id, c.project_id, c.number, c.kind, c.due_date,
        c.line5_retainage - coalesce(lag(c.line5_retainage) over (partition by c.project_id order by c.number), 0) as added,
        first_value(c.line5_retainage) over (partition by c.project_id order by c.number desc) as held_now
      from closed c
    ),
    holding as (
      select i.id, i.due_date, greatest(i.added, 0) as added, i.held_now,
        coalesce(sum(greatest(i.added, 0)) over (partition by i.project_id order by i.number desc rows between unbounded preceding and 1 preceding), 0) as held_after
      from increments i
      where i.kind in ('progress', 'opening')
    ),
    items as (
      select id, due_date, open, is_retainage from open_applications where open > 0
      union all
      select id, due_date, least(added, greatest(held_now - held_after, 0)), true from holding
    )
    select coalesce(nullif(trim(pc.owner_name), ''), nullif(trim(p.client_name), ''), 'Owner not named') as party,
      it.due_date::text as "dueDate", it.open::numeric(14,2)::text as "openAmount", it.is_retainage as "isRetainage",
      a.id as "documentId", a.number, a.kind, p.id as "projectId", p.job_number || ' ' || p.name as project
    from items it
    join pay_applications a on a.id = it.id
    join projects p on p.id = a.project_id
    join prime_contracts pc on pc.id = a.contract_id
    where it.open > 0
    order by party, it.due_date, it.is_retainage, p.job_number, a.number`);
  return rows.map(({ number, kind, ...row }) => ({
    ...row,
    partyId: row.party,
    label: kind === "retainage_release" ? `Retainage release #${number}` : `${kind === "opening" ? "Opening position (to application #" : "Application #"}${number}${kind === "opening" ? ")" : ""}${row.isRetainage ? " (retainage held)" : ""}`,
    href: `/pay-apps/${row.documentId}`,
  }));
}
