/**
 * The figures of an application's change order summary (g702-vocabulary.ts `changeOrderSummary`
 * says what the periods mean): approved prime change orders of the project, each the sum of its
 * lines, split by the calendar day of approval (in the organization's time zone) against the
 * previous application's period end.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { changeOrderSummary, type ChangeOrderFigures } from "./g702-vocabulary";
import type { PayApp } from "./pay-apps.server";

export async function changeOrderFigures(tx: Tx, app: Pick<PayApp, "projectId" | "number" | "certifiedAt">): Promise<ChangeOrderFigures> {
  // A certified application's line 2 was fixed at certification: later approvals belong to later applications.
  const cutoff = app.certifiedAt?.toISOString() ?? null;
  const [row] = await queryRows<ChangeOrderFigures>(tx, sql`
    with previous as (
      select max(period_end) as period_end from pay_applications
      where project_id = ${app.projectId} and number < ${app.number} and status in ('certified', 'paid')),
    approved as (
      select sum(l.amount) as amount, (c.decided_at at time zone o.time_zone)::date as approved_on
      from change_orders c
      join change_order_lines l on l.organization_id = c.organization_id and l.change_order_id = c.id
      join organizations o on o.id = c.organization_id
      where c.project_id = ${app.projectId} and c.kind = 'prime' and c.status = 'approved'
        and (${cutoff}::timestamptz is null or c.decided_at <= ${cutoff}::timestamptz)
      group by c.id, c.decided_at, o.time_zone),
    split as (
      select a.amount, p.period_end is not null and a.approved_on <= p.period_end as earlier, p.period_end
      from approved a cross join previous p)
    select (select period_end::text from previous) as "previousPeriodEnd",
      coalesce(sum(amount) filter (where earlier and amount > 0), 0)::numeric(14,2)::text as "previousAdditions",
      coalesce(-sum(amount) filter (where earlier and amount < 0), 0)::numeric(14,2)::text as "previousDeductions",
      coalesce(sum(amount) filter (where not earlier and amount > 0), 0)::numeric(14,2)::text as "thisAdditions",
      coalesce(-sum(amount) filter (where not earlier and amount < 0), 0)::numeric(14,2)::text as "thisDeductions"
    from split`);
  return row;
}

/** The block as the page, the PDF and the xlsx show it. */
export async function loadChangeOrderSummary(tx: Tx, app: PayApp) {
  return changeOrderSummary(await changeOrderFigures(tx, app), app.line2NetChange);
}
