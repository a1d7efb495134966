/**
 * The budget engine: DOMAIN.md "Budget / job cost" for one project, per cost code × cost type, in
 * ONE SQL statement over exact numerics. Every page, report, export and summary reads these rows.
 *
 * Status rules (one place, so every figure agrees):
 * - Commitments count once executed: status executed or closed (draft and void never do).
 * - Change orders are approved (→ approved changes / committed) or open (draft or pending
 *   approval, any stage → pending changes / pending cost changes). Drafts count as pending: a
 *   potential change order is priced exposure the projected figures must show before it is
 *   submitted. Rejected and void change orders count nowhere.
 * - Commitment change orders count only on executed/closed commitments, like their lines.
 * - AP progress invoices count once approved or paid (draft, pending approval and void never do).
 * - Opening cost (ADR 0014): a project's opening cost to date is a direct cost (cost not under a
 *   commitment); a commitment line's opening billed to date is posted cost under the commitment and
 *   counts, like its lines, while the commitment is executed or closed. "openingCost" shows both,
 *   the part of actual cost that predates the app.
 */
import { sql, type SQL } from "drizzle-orm";

export const OPEN_CO = sql.raw(`('draft', 'pending_approval')`);
const EXECUTED = sql.raw(`('executed', 'closed')`);
const POSTED_AP = sql.raw(`('approved', 'paid')`);

/**
 * The figures of one project as a relation (use as `(${figuresQuery(id)}) f`). With `keys` (a
 * relation of cost_code_id, cost_type_id pairs), only the rows of those keys: every row depends on
 * the inputs of its own key alone (and on the names of its cost code, division and cost type), so
 * the rows of a subset are exactly those of the whole computation.
 */
export function figuresQuery(projectId: string, keys?: SQL): SQL {
  const only = (alias: string) => (keys ? sql`and (${sql.raw(alias)}.cost_code_id, ${sql.raw(alias)}.cost_type_id) in (select cost_code_id, cost_type_id from keys)` : sql``);
  return sql`
    with ${keys ? sql`keys as materialized (${keys}),` : sql``}
    budget as (
      select id as line_id, cost_code_id, cost_type_id, description, original_amount, ftc_mode, ftc_manual, version
      from budget_lines b where project_id = ${projectId} ${only("b")}
    ),
    transfer_changes as (
      select bl.cost_code_id, bl.cost_type_id, sum(t.delta) as amount
      from (
        select to_line_id as line_id, amount as delta from budget_transfers where project_id = ${projectId}
        union all
        select from_line_id, -amount from budget_transfers where project_id = ${projectId}
      ) t
      join budget_lines bl on bl.id = t.line_id ${only("bl")}
      group by bl.cost_code_id, bl.cost_type_id
    ),
    prime_changes as (
      select l.cost_code_id, l.cost_type_id,
        sum(coalesce(l.budget_amount, 0)) filter (where co.status = 'approved') as approved,
        sum(coalesce(l.budget_amount, 0)) filter (where co.status in ${OPEN_CO}) as pending
      from change_orders co
      join change_order_lines l on l.change_order_id = co.id
      where co.project_id = ${projectId} and co.kind = 'prime' and (co.status = 'approved' or co.status in ${OPEN_CO}) ${only("l")}
      group by l.cost_code_id, l.cost_type_id
    ),
    commitment_values as (
      select l.cost_code_id, l.cost_type_id, sum(l.amount) as amount
      from commitments c
      join commitment_lines l on l.commitment_id = c.id
      where c.project_id = ${projectId} and c.status in ${EXECUTED} ${only("l")}
      group by l.cost_code_id, l.cost_type_id
    ),
    commitment_changes as (
      select l.cost_code_id, l.cost_type_id,
        sum(l.amount) filter (where co.status = 'approved') as approved,
        sum(l.amount) filter (where co.status in ${OPEN_CO}) as pending
      from change_orders co
      join commitments c on c.id = co.commitment_id
      join change_order_lines l on l.change_order_id = co.id
      where co.project_id = ${projectId} and co.kind = 'commitment' and c.status in ${EXECUTED}
        and (co.status = 'approved' or co.status in ${OPEN_CO}) ${only("l")}
      group by l.cost_code_id, l.cost_type_id
    ),
    -- Approved (and paid) AP progress invoices: without a commitment they are direct costs, against
    -- one they are posted AP costs (already inside committed). Both are actual cost; retainage
    -- release invoices pay out cost already counted, so they count nowhere.
    ap_costs as (
      select l.cost_code_id, l.cost_type_id,
        sum(l.amount) filter (where i.commitment_id is null) as direct,
        sum(l.amount) filter (where i.commitment_id is not null) as posted
      from ap_invoices i
      join ap_invoice_lines l on l.ap_invoice_id = i.id
      where i.project_id = ${projectId} and i.kind = 'progress' and i.status in ${POSTED_AP} ${only("l")}
      group by l.cost_code_id, l.cost_type_id
    ),
    project_openings as (
      select o.cost_code_id, o.cost_type_id, sum(o.amount) as amount
      from opening_costs o where o.project_id = ${projectId} ${only("o")}
      group by o.cost_code_id, o.cost_type_id
    ),
    commitment_openings as (
      select l.cost_code_id, l.cost_type_id, sum(o.billed_to_date) as amount
      from commitments c
      join commitment_line_openings o on o.commitment_id = c.id
      join commitment_lines l on l.id = o.commitment_line_id
      where c.project_id = ${projectId} and c.status in ${EXECUTED} ${only("l")}
      group by l.cost_code_id, l.cost_type_id
    ),
    direct_costs (cost_code_id, cost_type_id, amount) as (select cost_code_id, cost_type_id, direct from ap_costs where direct is not null),
    posted_ap_costs (cost_code_id, cost_type_id, amount) as (select cost_code_id, cost_type_id, posted from ap_costs where posted is not null),
    activity as (
      select cost_code_id, cost_type_id from budget
      union select cost_code_id, cost_type_id from prime_changes
      union select cost_code_id, cost_type_id from commitment_values
      union select cost_code_id, cost_type_id from commitment_changes
      union select cost_code_id, cost_type_id from direct_costs
      union select cost_code_id, cost_type_id from posted_ap_costs
      union select cost_code_id, cost_type_id from project_openings
      union select cost_code_id, cost_type_id from commitment_openings
    ),
    base as (
      select a.cost_code_id, a.cost_type_id, b.line_id, b.version, b.description, b.ftc_mode, b.ftc_manual,
        coalesce(b.original_amount, 0) as original,
        coalesce(tc.amount, 0) + coalesce(pc.approved, 0) as approved_changes,
        coalesce(pc.pending, 0) as pending_changes,
        coalesce(cv.amount, 0) + coalesce(cc.approved, 0) as committed,
        coalesce(dc.amount, 0) + coalesce(po.amount, 0) as direct_costs,
        coalesce(ap.amount, 0) + coalesce(co.amount, 0) as posted_ap,
        coalesce(po.amount, 0) + coalesce(co.amount, 0) as opening_cost,
        coalesce(cc.pending, 0) as pending_cost_changes
      from activity a
      left join budget b on b.cost_code_id = a.cost_code_id and b.cost_type_id = a.cost_type_id
      left join transfer_changes tc on tc.cost_code_id = a.cost_code_id and tc.cost_type_id = a.cost_type_id
      left join prime_changes pc on pc.cost_code_id = a.cost_code_id and pc.cost_type_id = a.cost_type_id
      left join commitment_values cv on cv.cost_code_id = a.cost_code_id and cv.cost_type_id = a.cost_type_id
      left join commitment_changes cc on cc.cost_code_id = a.cost_code_id and cc.cost_type_id = a.cost_type_id
      left join direct_costs dc on dc.cost_code_id = a.cost_code_id and dc.cost_type_id = a.cost_type_id
      left join posted_ap_costs ap on ap.cost_code_id = a.cost_code_id and ap.cost_type_id = a.cost_type_id
      left join project_openings po on po.cost_code_id = a.cost_code_id and po.cost_type_id = a.cost_type_id
      left join commitment_openings co on co.cost_code_id = a.cost_code_id and co.cost_type_id = a.cost_type_id
    )
    select
      base.cost_code_id::text || ':' || base.cost_type_id::text as "rowKey",
      -- unique, and orders a cost code's rows by cost type: the tie-breaker of every sort (byte
      -- order, so "03 …" < "03-100 …" < "030 …" whatever the database's locale)
      (code.code || ' ' || lpad(type.sort_order::text, 6, '0') || ' ' || base.cost_code_id::text || ':' || base.cost_type_id::text) collate "C" as "sortKey",
      base.line_id as "lineId", base.version,
      base.cost_code_id as "costCodeId", base.cost_type_id as "costTypeId",
      coalesce(division.id, code.id) as "divisionId",
      coalesce(division.code, code.code) as "divisionCode",
      coalesce(division.name, code.name) as "divisionName",
      coalesce(division.code, code.code) || ' ' || coalesce(division.name, code.name) as division,
      code.code as "costCode", code.name as "costCodeName", type.name as "costType",
      coalesce(nullif(base.description, ''), code.name) as description,
      coalesce(base.ftc_mode, 'unbudgeted') as "ftcMode",
      round(base.ftc_manual, 2) as "ftcManual",
      round(base.original, 2) as original,
      round(base.approved_changes, 2) as "approvedChanges",
      round(r.revised, 2) as revised,
      round(base.pending_changes, 2) as "pendingChanges",
      round(r.projected_budget, 2) as "projectedBudget",
      round(base.committed, 2) as committed,
      round(base.direct_costs, 2) as "directCosts",
      round(base.opening_cost, 2) as "openingCost",
      round(r.actual, 2) as actual,
      round(base.pending_cost_changes, 2) as "pendingCostChanges",
      round(r.projected_cost, 2) as "projectedCost",
      round(r.ftc, 2) as ftc,
      round(r.eac, 2) as eac,
      round(r.eac - r.actual, 2) as "costToComplete",
      round(r.projected_budget - r.eac, 2) as "overUnder"
    from base
    join cost_codes code on code.id = base.cost_code_id
    left join cost_codes division on division.id = code.parent_id
    join cost_types type on type.id = base.cost_type_id
    cross join lateral (select base.original + base.approved_changes as revised) r1
    cross join lateral (
      select r1.revised + base.pending_changes as projected_budget,
        base.committed + base.direct_costs + base.pending_cost_changes as projected_cost,
        base.direct_costs + base.posted_ap as actual
    ) r2
    cross join lateral (
      select case when base.ftc_mode = 'manual' then base.ftc_manual
        else greatest(0, r2.projected_budget - r2.projected_cost) end as ftc
    ) r3
    cross join lateral (
      select r1.revised, r2.projected_budget, r2.projected_cost, r2.actual, r3.ftc, r2.projected_cost + r3.ftc as eac
    ) r`;
}
