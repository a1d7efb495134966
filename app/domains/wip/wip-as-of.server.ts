/**
 * The WIP inputs as of a period end, for the month-end close and `/wip?asOf=` (docs/wip-close.md):
 * the figures of budgets/figures-query.server.ts rebuilt from dated source documents, for every
 * project of a scope, in one set-based statement. The live schedule keeps reading the stored
 * figures; this reads the documents, which only a close or an as-of view pays for.
 *
 * A document counts as of the period end D when it was in force at the end of D in the
 * organization's time zone (`cutoff`):
 * - AP progress invoices (approved or paid, as the figures post them) by invoice date ≤ D;
 * - commitments (executed or closed) by executed_at, their approved change orders by decided_at;
 * - prime change orders: approved by decided_at (contract sum, and their budget side); open at D
 *   (created by then, not yet decided, or decided after D) they are pending changes;
 * - budget transfers by created_at;
 * - certified (or paid) pay applications by period_end ≤ D (line 4 of the latest);
 * - undated: the original budget, the prime contract's original sum and a manual forecast to
 *   complete are taken as they stand (neither has a dated history); an approved change order or
 *   executed commitment without its decision date counts from its creation.
 */
import { sql, type SQL } from "drizzle-orm";
import { OPEN_CO } from "~/domains/budgets/figures-query.server";
import { openingCostAsOf } from "~/domains/openings/opening-costs.server";
import type { TableSort } from "~/utils/data-table";
import { queryRows, type Tx } from "~/utils/db.server";
import { DEFAULT_WIP_SORT, scheduleOf, WIP_PROJECT_STATUSES, type WipQueryRow, type WipSchedule } from "./wip.server";

const EXECUTED = sql.raw(`('executed', 'closed')`);
const POSTED_AP = sql.raw(`('approved', 'paid')`);

/**
 * Actual cost as of D per project × cost code × cost type: `direct` (not under a commitment: a
 * direct cost, also part of projected cost) and `posted` (AP against a commitment, already inside
 * committed). Actual = direct + posted. The one place a source of actual cost is added: posted AP
 * by invoice date, and opening entries by their as-of date (project openings are direct, commitment
 * openings posted). Needs the relation `scope (id)` in its query.
 */
export function actualCostAsOf(asOf: string): SQL {
  return sql`
    select project_id, cost_code_id, cost_type_id, sum(direct) as direct, sum(posted) as posted
    from (
      select i.project_id, l.cost_code_id, l.cost_type_id,
        coalesce(sum(l.amount) filter (where i.commitment_id is null), 0) as direct,
        coalesce(sum(l.amount) filter (where i.commitment_id is not null), 0) as posted
      from ap_invoices i
      join scope s on s.id = i.project_id
      join ap_invoice_lines l on l.ap_invoice_id = i.id
      where i.kind = 'progress' and i.status in ${POSTED_AP} and i.invoice_date <= ${asOf}::date
      group by i.project_id, l.cost_code_id, l.cost_type_id
      union all
      -- opening entries of jobs under way, by their as-of date (ADR 0014)
      select o.project_id, o.cost_code_id, o.cost_type_id, o.direct, o.posted
      from (${openingCostAsOf(asOf)}) o join scope s on s.id = o.project_id
    ) costs
    group by project_id, cost_code_id, cost_type_id`;
}

/** Decided (approved) by the cutoff, or still open at it. */
const approvedBy = sql`co.status = 'approved' and coalesce(co.decided_at, co.created_at) < (select at from cutoff)`;
const openAt = sql`co.created_at < (select at from cutoff) and co.status <> 'void'
  and (co.status in ${OPEN_CO} or coalesce(co.decided_at, co.created_at) >= (select at from cutoff))`;

/**
 * Per project: estimated total cost (EAC) and actual cost as of D, by the rules of the figures
 * query applied per cost code × cost type (FTC auto = max(0, projected budget − projected cost)).
 * Needs `scope (id)` and `cutoff (at)` in its query.
 */
function estimateAsOf(asOf: string): SQL {
  return sql`
    with budget as (
      select b.project_id, b.cost_code_id, b.cost_type_id, b.original_amount, b.ftc_mode, b.ftc_manual
      from budget_lines b join scope s on s.id = b.project_id
    ),
    transfer_changes as (
      select bl.project_id, bl.cost_code_id, bl.cost_type_id, sum(t.delta) as amount
      from (
        select to_line_id as line_id, amount as delta from budget_transfers t join scope s on s.id = t.project_id where t.created_at < (select at from cutoff)
        union all
        select from_line_id, -amount from budget_transfers t join scope s on s.id = t.project_id where t.created_at < (select at from cutoff)
      ) t
      join budget_lines bl on bl.id = t.line_id
      group by bl.project_id, bl.cost_code_id, bl.cost_type_id
    ),
    prime_changes as (
      select co.project_id, l.cost_code_id, l.cost_type_id,
        coalesce(sum(coalesce(l.budget_amount, 0)) filter (where ${approvedBy}), 0) as approved,
        coalesce(sum(coalesce(l.budget_amount, 0)) filter (where ${openAt}), 0) as pending
      from change_orders co
      join scope s on s.id = co.project_id
      join change_order_lines l on l.change_order_id = co.id
      where co.kind = 'prime'
      group by co.project_id, l.cost_code_id, l.cost_type_id
    ),
    executed as (
      select c.id, c.project_id from commitments c join scope s on s.id = c.project_id
      where c.status in ${EXECUTED} and coalesce(c.executed_at, c.created_at) < (select at from cutoff)
    ),
    commitment_values as (
      select c.project_id, l.cost_code_id, l.cost_type_id, sum(l.amount) as amount
      from executed c join commitment_lines l on l.commitment_id = c.id
      group by c.project_id, l.cost_code_id, l.cost_type_id
    ),
    commitment_changes as (
      select co.project_id, l.cost_code_id, l.cost_type_id,
        coalesce(sum(l.amount) filter (where ${approvedBy}), 0) as approved,
        coalesce(sum(l.amount) filter (where ${openAt}), 0) as pending
      from change_orders co
      join executed c on c.id = co.commitment_id
      join change_order_lines l on l.change_order_id = co.id
      where co.kind = 'commitment'
      group by co.project_id, l.cost_code_id, l.cost_type_id
    ),
    actual_cost_as_of as (${actualCostAsOf(asOf)}),
    activity as (
      select project_id, cost_code_id, cost_type_id from budget
      union select project_id, cost_code_id, cost_type_id from prime_changes
      union select project_id, cost_code_id, cost_type_id from commitment_values
      union select project_id, cost_code_id, cost_type_id from commitment_changes
      union select project_id, cost_code_id, cost_type_id from actual_cost_as_of
    ),
    base as (
      select a.project_id, b.ftc_mode, b.ftc_manual,
        coalesce(b.original_amount, 0) + coalesce(tc.amount, 0) + coalesce(pc.approved, 0) + coalesce(pc.pending, 0) as projected_budget,
        coalesce(cv.amount, 0) + coalesce(cc.approved, 0) + coalesce(ac.direct, 0) + coalesce(cc.pending, 0) as projected_cost,
        coalesce(ac.direct, 0) + coalesce(ac.posted, 0) as actual
      from activity a
      left join budget b using (project_id, cost_code_id, cost_type_id)
      left join transfer_changes tc using (project_id, cost_code_id, cost_type_id)
      left join prime_changes pc using (project_id, cost_code_id, cost_type_id)
      left join commitment_values cv using (project_id, cost_code_id, cost_type_id)
      left join commitment_changes cc using (project_id, cost_code_id, cost_type_id)
      left join actual_cost_as_of ac using (project_id, cost_code_id, cost_type_id)
    )
    select project_id,
      sum(round(projected_cost + case when ftc_mode = 'manual' then ftc_manual else greatest(0, projected_budget - projected_cost) end, 2)) as eac,
      sum(round(actual, 2)) as actual
    from base group by project_id`;
}

/**
 * One row per project of `scope` (a relation of project ids): contract_sum_to_date,
 * estimated_total_cost, cost_to_date, billed_to_date as of D, all numeric(14,2).
 */
export function wipInputsAsOf(asOf: string, scope: SQL): SQL {
  return sql`
    with scope as materialized (${scope}),
    cutoff as (select ((${asOf}::date + 1)::timestamp at time zone o.time_zone) as at from organizations o),
    contract_changes as (
      select co.project_id, sum(l.amount) as approved
      from change_orders co
      join scope s on s.id = co.project_id
      join change_order_lines l on l.change_order_id = co.id
      where co.kind = 'prime' and ${approvedBy}
      group by co.project_id
    ),
    cost as (${estimateAsOf(asOf)}),
    billing as (
      select distinct on (a.project_id) a.project_id, a.line4_completed_and_stored as billed_to_date
      from pay_applications a join scope s on s.id = a.project_id
      where a.status in ('certified', 'paid') and a.period_end <= ${asOf}::date
      order by a.project_id, a.number desc
    )
    select s.id as project_id,
      (coalesce(pc.original_sum, 0) + coalesce(ch.approved, 0))::numeric(14,2) as contract_sum_to_date,
      coalesce(c.eac, 0)::numeric(14,2) as estimated_total_cost,
      coalesce(c.actual, 0)::numeric(14,2) as cost_to_date,
      coalesce(b.billed_to_date, 0)::numeric(14,2) as billed_to_date
    from scope s
    left join prime_contracts pc on pc.project_id = s.id
    left join contract_changes ch on ch.project_id = s.id
    left join cost c on c.project_id = s.id
    left join billing b on b.project_id = s.id`;
}

const IN_PROGRESS = sql.raw(`(${WIP_PROJECT_STATUSES.map((s) => `'${s}'`).join(", ")})`);

/** The latest close in force (status closed) with a period end before D. */
export const closeBefore = (asOf: string) =>
  sql`(select c.id from wip_closes c where c.status = 'closed' and c.period_end < ${asOf}::date order by c.period_end desc limit 1)`;

/**
 * The projects on the schedule as of D: those in progress (active or on hold), and the jobs
 * completed in the period, so their last figures land in it: closed projects that were still in
 * progress on the previous close, or whose end date is on or after the period's first day (the
 * day after the previous close, else the first of D's month).
 */
export function projectsAsOf(asOf: string): SQL {
  return sql`
    select p.id from projects p
    where p.status in ${IN_PROGRESS}
      or (p.status = 'closed' and (
        p.id in (select r.project_id from wip_close_rows r where r.close_id = ${closeBefore(asOf)} and r.project_status <> 'closed')
        or p.end_date >= coalesce((select c.period_end + 1 from wip_closes c where c.id = ${closeBefore(asOf)}), date_trunc('month', ${asOf}::date)::date)))`;
}

/** The WIP schedule as of D from the dated documents (the live one reads the stored figures). */
export async function wipScheduleAsOf(tx: Tx, asOf: string, sort: TableSort = DEFAULT_WIP_SORT): Promise<WipSchedule> {
  const inputs = await queryRows<WipQueryRow>(tx, sql`
    select p.id as "projectId", p.job_number as "jobNumber", p.name, p.status,
      w.contract_sum_to_date::text as "contractSumToDate", w.estimated_total_cost::text as "estimatedTotalCost",
      w.cost_to_date::text as "costToDate", w.billed_to_date::text as "billedToDate"
    from (${wipInputsAsOf(asOf, projectsAsOf(asOf))}) w
    join projects p on p.id = w.project_id
    order by p.job_number, p.id`);
  return scheduleOf(inputs, sort);
}
