/**
 * What a project has billed its owner and collected, from its certified (or paid) pay
 * applications. Drafts and submitted applications count nowhere. The WIP schedule, the project
 * overview and the job cost report all read these figures.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";

export type ProjectBilling = {
  /** G702 line 4 of the latest certified application: completed and stored to date, retainage included. */
  billedToDate: string;
  /** Payments received from the owner (an opening position's received before onboarding included). */
  received: string;
  /** G702 line 5 of the latest certified application: retainage receivable, not yet released. */
  retainageHeld: string;
  /** Certified payments due (Σ line 8, release applications included) not received yet. */
  arOutstanding: string;
  /** The latest certified (or paid) application, if any. */
  latestApplication: { id: string; number: number; periodEnd: string } | null;
};

/**
 * One row per project with a certified application: project_id, billed_to_date, retainage_held,
 * certified_due (Σ line 8), received. Use as `(${billingByProject()}) b`; pass a project id to
 * read one project only.
 */
export function billingByProject(projectId?: string): SQL {
  const only = projectId ? sql`and a.project_id = ${projectId}` : sql``;
  return sql`
    with closed as (
      select a.id, a.project_id, a.number, a.period_end, a.line4_completed_and_stored, a.line5_retainage, a.line8_current_payment_due, a.received_before_onboarding
      from pay_applications a
      where a.status in ('certified', 'paid') ${only}
    ),
    latest as (
      select distinct on (project_id) project_id, id, number, period_end, line4_completed_and_stored, line5_retainage
      from closed order by project_id, number desc
    ),
    received as (
      select p.pay_application_id as id, sum(p.amount) as amount
      from ar_payments p join closed c on c.id = p.pay_application_id
      group by p.pay_application_id
    ),
    totals as (
      select c.project_id, sum(c.line8_current_payment_due) as certified_due, coalesce(sum(r.amount), 0) + sum(c.received_before_onboarding) as received
      from closed c left join received r on r.id = c.id
      group by c.project_id
    )
    select l.project_id, l.id as latest_id, l.number as latest_number, l.period_end as latest_period_end,
      l.line4_completed_and_stored as billed_to_date, l.line5_retainage as retainage_held, t.certified_due, t.received
    from latest l join totals t on t.project_id = l.project_id`;
}

export async function projectBillingSummary(tx: Tx, projectId: string): Promise<ProjectBilling> {
  const [row] = await queryRows<{ billedToDate: string; received: string; retainageHeld: string; arOutstanding: string; id: string; number: number; periodEnd: string }>(tx, sql`
    select b.billed_to_date::numeric(14,2)::text as "billedToDate", b.received::numeric(14,2)::text as received,
      b.retainage_held::numeric(14,2)::text as "retainageHeld", (b.certified_due - b.received)::numeric(14,2)::text as "arOutstanding",
      b.latest_id as id, b.latest_number as number, b.latest_period_end::text as "periodEnd"
    from (${billingByProject(projectId)}) b`);
  if (!row) return { billedToDate: "0.00", received: "0.00", retainageHeld: "0.00", arOutstanding: "0.00", latestApplication: null };
  const { id, number, periodEnd, ...figures } = row;
  return { ...figures, latestApplication: { id, number, periodEnd } };
}
