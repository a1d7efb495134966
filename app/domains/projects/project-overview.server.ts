/**
 * The project overview's figures over time and by document: a few set-based statements over one
 * project (the headline figures come from the stored budget figures and the billing summary).
 * Status rules are the budget engine's (figures-query.server.ts), so the monthly actual cost adds
 * up to the budget's actual cost and the commitments add up to its committed figure:
 * - actual cost: approved or paid AP progress invoices by invoice date, opening costs and
 *   commitment line openings (executed or closed commitments) by their as-of date;
 * - billed: G702 line 4 of the latest certified (or paid) application by period end;
 * - revised budget: original + approved prime change orders' budget amounts by decision date
 *   (budget transfers move budget between lines and net to zero for the project);
 * - cash in: owner payments by date received (an opening application's received before onboarding
 *   at its period end); cash out: payments to vendors by date paid.
 */
import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";

const EXECUTED = sql.raw(`('executed', 'closed')`);
const POSTED_AP = sql.raw(`('approved', 'paid')`);

/** The overview shows at most this many months (the earlier ones fold into the first month's cumulative figures). */
export const OVERVIEW_MONTHS = 24;

export type MonthRow = {
  /** First day of the month, YYYY-MM-01. */
  month: string;
  /** Cumulative to the end of the month. */
  actualCost: string;
  billed: string;
  revisedBudget: string;
  /** In the month. */
  cashIn: string;
  cashOut: string;
};

type MonthlyInput = { month: string; cost: string; billed: string | null; budget: string; cashIn: string; cashOut: string };

/** YYYY-MM-01 of the month `offset` months after `month` (YYYY-MM-01 or any date in it). */
export function addMonths(month: string, offset: number): string {
  const [y, m] = month.split("-").map(Number);
  const index = y * 12 + (m - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/**
 * Month by month from the first month with activity to `today`'s month (or the last activity, if
 * later), cumulative where the figure is a to-date figure; the last OVERVIEW_MONTHS months.
 */
export function monthlySeries(inputs: MonthlyInput[], original: string, today: string): MonthRow[] {
  if (inputs.length === 0) return [];
  const byMonth = new Map(inputs.map((r) => [r.month, r]));
  const first = inputs[0].month;
  const lastActivity = inputs[inputs.length - 1].month;
  const current = addMonths(today, 0);
  const last = lastActivity > current ? lastActivity : current;
  const rows: MonthRow[] = [];
  let cost = dec(0);
  let budget = dec(original);
  let billed = dec(0);
  for (let month = first; month <= last; month = addMonths(month, 1)) {
    const input = byMonth.get(month);
    cost = cost.plus(input?.cost ?? 0);
    budget = budget.plus(input?.budget ?? 0);
    if (input?.billed != null) billed = dec(input.billed);
    rows.push({
      month,
      actualCost: moneyString(cost),
      billed: moneyString(billed),
      revisedBudget: moneyString(budget),
      cashIn: moneyString(input?.cashIn ?? 0),
      cashOut: moneyString(input?.cashOut ?? 0),
    });
  }
  return rows.slice(-OVERVIEW_MONTHS);
}

/** The inputs of monthlySeries per month with activity, in one statement. */
export async function monthlyInputs(tx: Tx, projectId: string): Promise<MonthlyInput[]> {
  const rows = await queryRows<MonthlyInput>(tx, sql`
    with events (month, cost, budget, cash_in, cash_out) as (
      select date_trunc('month', i.invoice_date)::date, sum(i.total), 0, 0, 0
      from ap_invoices i where i.project_id = ${projectId} and i.kind = 'progress' and i.status in ${POSTED_AP} group by 1
      union all
      select date_trunc('month', o.as_of::date)::date, sum(o.amount), 0, 0, 0 from opening_costs o where o.project_id = ${projectId} group by 1
      union all
      select date_trunc('month', o.as_of::date)::date, sum(o.billed_to_date), 0, 0, 0
      from commitments c join commitment_line_openings o on o.organization_id = c.organization_id and o.commitment_id = c.id
      where c.project_id = ${projectId} and c.status in ${EXECUTED} group by 1
      union all
      select date_trunc('month', co.decided_at)::date, 0, sum(coalesce(l.budget_amount, 0)), 0, 0
      from change_orders co join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
      where co.project_id = ${projectId} and co.kind = 'prime' and co.status = 'approved' group by 1
      union all
      select date_trunc('month', r.received_on)::date, 0, 0, sum(r.amount), 0
      from pay_applications a join ar_payments r on r.organization_id = a.organization_id and r.pay_application_id = a.id
      where a.project_id = ${projectId} and a.status in ('certified', 'paid') group by 1
      union all
      select date_trunc('month', a.period_end)::date, 0, 0, sum(a.received_before_onboarding), 0
      from pay_applications a where a.project_id = ${projectId} and a.status in ('certified', 'paid') and a.received_before_onboarding <> 0 group by 1
      union all
      select date_trunc('month', p.paid_on)::date, 0, 0, 0, sum(p.amount)
      from ap_invoices i join ap_payments p on p.organization_id = i.organization_id and p.ap_invoice_id = i.id
      where i.project_id = ${projectId} group by 1
    ),
    billed as (
      select distinct on (date_trunc('month', a.period_end)) date_trunc('month', a.period_end)::date as month, a.line4_completed_and_stored as billed
      from pay_applications a where a.project_id = ${projectId} and a.status in ('certified', 'paid')
      order by date_trunc('month', a.period_end), a.number desc
    ),
    months as (select month from events union select month from billed)
    select to_char(m.month, 'YYYY-MM-DD') as month,
      coalesce((select sum(cost) from events e where e.month = m.month), 0)::text as cost,
      b.billed::text as billed,
      coalesce((select sum(budget) from events e where e.month = m.month), 0)::text as budget,
      coalesce((select sum(cash_in) from events e where e.month = m.month), 0)::text as "cashIn",
      coalesce((select sum(cash_out) from events e where e.month = m.month), 0)::text as "cashOut"
    from months m left join billed b on b.month = m.month
    where m.month is not null
    order by m.month`);
  return rows.map((r) => ({ ...r }));
}

export type CommitmentPosition = {
  id: string;
  number: string;
  title: string;
  vendorId: string;
  vendor: string;
  /** Lines + approved commitment change orders (the budget's committed). */
  committed: string;
  /** Approved or paid progress invoices + the lines' opening billed to date. */
  billed: string;
  /** Paid on its invoices (progress and retainage release). */
  paid: string;
};

/** Every executed or closed commitment of the project with what it commits, has billed and was paid, largest first. */
export async function commitmentPositions(tx: Tx, projectId: string): Promise<CommitmentPosition[]> {
  const rows = await queryRows<CommitmentPosition>(tx, sql`
    with c as (select id, number, title, vendor_id from commitments where project_id = ${projectId} and status in ${EXECUTED}),
    lines as (select l.commitment_id, sum(l.amount) as amount from commitment_lines l join c on c.id = l.commitment_id group by 1),
    changes as (
      select co.commitment_id, sum(l.amount) as amount
      from change_orders co join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
      where co.project_id = ${projectId} and co.kind = 'commitment' and co.status = 'approved' group by 1
    ),
    invoices as (
      select i.commitment_id, sum(i.total) filter (where i.kind = 'progress') as billed, sum(i.amount_paid) as paid
      from ap_invoices i where i.project_id = ${projectId} and i.commitment_id is not null and i.status in ${POSTED_AP} group by 1
    ),
    openings as (select o.commitment_id, sum(o.billed_to_date) as billed from commitment_line_openings o join c on c.id = o.commitment_id group by 1)
    select c.id, c.number, c.title, c.vendor_id as "vendorId", v.name as vendor,
      round(coalesce(lines.amount, 0) + coalesce(changes.amount, 0), 2)::text as committed,
      round(coalesce(invoices.billed, 0) + coalesce(openings.billed, 0), 2)::text as billed,
      round(coalesce(invoices.paid, 0), 2)::text as paid
    from c join vendors v on v.id = c.vendor_id
    left join lines on lines.commitment_id = c.id
    left join changes on changes.commitment_id = c.id
    left join invoices on invoices.commitment_id = c.id
    left join openings on openings.commitment_id = c.id
    order by coalesce(lines.amount, 0) + coalesce(changes.amount, 0) desc, c.number`);
  return rows.map((r) => ({ ...r }));
}

export type ChangeOrderExposure = { kind: "prime" | "commitment"; state: "approved" | "open"; count: number; amount: string };

/** Change orders by kind × approved/open (draft or pending approval): count and amount (the change order list's amount column). */
export async function changeOrderExposure(tx: Tx, projectId: string): Promise<ChangeOrderExposure[]> {
  const rows = await queryRows<{ kind: "prime" | "commitment"; state: "approved" | "open"; count: number; amount: string }>(tx, sql`
    select co.kind, case when co.status = 'approved' then 'approved' else 'open' end as state,
      count(distinct co.id)::int as count, round(coalesce(sum(l.amount), 0), 2)::text as amount
    from change_orders co left join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
    where co.project_id = ${projectId} and co.status in ('approved', 'draft', 'pending_approval')
    group by 1, 2`);
  const found = (kind: string, state: string) => rows.find((r) => r.kind === kind && r.state === state);
  return (["prime", "commitment"] as const).flatMap((kind) =>
    (["approved", "open"] as const).map((state) => ({ kind, state, count: found(kind, state)?.count ?? 0, amount: found(kind, state)?.amount ?? "0.00" })),
  );
}

/** Σ of what the project paid its vendors (every payment on its invoices): the payables list's paid total for the project. */
export async function paidToVendors(tx: Tx, projectId: string): Promise<string> {
  const [row] = await queryRows<{ paid: string }>(tx, sql`
    select round(coalesce(sum(amount_paid), 0), 2)::text as paid from ap_invoice_totals where project_id = ${projectId}`);
  return row?.paid ?? "0.00";
}
