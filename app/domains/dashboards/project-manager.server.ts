/**
 * The project manager section: the open projects the member manages (projects.project_manager_id)
 * with their budget health from the stored budget figures (ADR 0007: stale ones are refreshed first,
 * as the WIP schedule does), open change orders and their exposure, commitments pending approval,
 * the next pay application and % complete from the latest certified one — one statement for all
 * projects; then the approvals waiting for the member (the /approvals queue's rule: a current,
 * undecided step naming them or a key their role holds) and what they submitted, one statement each.
 * Every per-project figure links to that project's filtered table:
 * - over/under and % spent (actual ÷ revised budget): the budget page's totals;
 * - open change orders: `?f.status=open`, their exposure = the list's two totals rows: owner (prime)
 *   change orders and subcontract (commitment) change orders;
 * - pending commitments: `?f.status=pending_approval`, their revised value total;
 * - % complete: line 4 ÷ line 3 of the latest certified (or paid) pay application, linked to it.
 */
import { sql } from "drizzle-orm";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { projectsLookahead } from "~/domains/schedule/lookahead.server";
import { apInvoicePath } from "~/domains/payables/payables.schema";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { permissionsOf, type Role } from "~/utils/permissions";
import { dashboardLinks } from "./dashboard-links";

type ProjectRow = {
  projectId: string;
  jobNumber: string;
  name: string;
  revised: string;
  actual: string;
  projectedCost: string;
  overUnder: string;
  openCos: number;
  coOwner: string;
  coSubs: string;
  pendingCommitments: number;
  pendingCommitmentValue: string;
  nextPayAppId: string | null;
  nextPayAppNumber: number | null;
  nextPayAppStatus: string | null;
  certifiedPayAppId: string | null;
  completed: string | null;
  contractToDate: string | null;
};

/** The member's open projects (not closed), by job number. */
const MINE = (userId: string) => sql`select id, job_number, name from projects where project_manager_id = ${userId} and status <> 'closed'`;

async function refreshMine(tx: Tx, userId: string) {
  const stale = await queryRows<{ id: string }>(tx, sql`
    select p.id from (${MINE(userId)}) p left join budget_figure_state s on s.project_id = p.id
    where s.project_id is null or s.cached_version <> s.source_version`);
  // A project another transaction is refreshing keeps its last stored rows for this view.
  for (const { id } of stale) await refreshFigures(tx, id, { wait: false });
}

function projectRows(tx: Tx, userId: string) {
  return queryRows<ProjectRow>(tx, sql`
    with mine as (${MINE(userId)}),
    fig as (
      select f.project_id, sum(f.revised) as revised, sum(f.actual) as actual, sum(f.projected_cost) as projected, sum(f.over_under) as over_under
      from budget_figure_rows f join mine m on m.id = f.project_id group by f.project_id
    ),
    cos as (
      select co.project_id, count(*)::int as n,
        coalesce(sum(t.amount) filter (where co.kind = 'prime'), 0) as prime, coalesce(sum(t.amount) filter (where co.kind = 'commitment'), 0) as subs
      from change_orders co join mine m on m.id = co.project_id
      left join lateral (select sum(l.amount) as amount from change_order_lines l where l.change_order_id = co.id) t on true
      where co.status in ('draft', 'pending_approval') group by co.project_id
    ),
    pend as (
      select c.project_id, count(*)::int as n, coalesce(sum((select sum(l.amount) from commitment_lines l where l.commitment_id = c.id)), 0) as value
      from commitments c join mine m on m.id = c.project_id
      where c.status = 'pending_approval' group by c.project_id
    )
    select m.id as "projectId", m.job_number as "jobNumber", m.name,
      coalesce(fig.revised, 0)::numeric(14,2)::text as revised, coalesce(fig.actual, 0)::numeric(14,2)::text as actual,
      coalesce(fig.projected, 0)::numeric(14,2)::text as "projectedCost", coalesce(fig.over_under, 0)::numeric(14,2)::text as "overUnder",
      coalesce(cos.n, 0) as "openCos", coalesce(cos.prime, 0)::numeric(14,2)::text as "coOwner", coalesce(cos.subs, 0)::numeric(14,2)::text as "coSubs",
      coalesce(pend.n, 0) as "pendingCommitments", coalesce(pend.value, 0)::numeric(14,2)::text as "pendingCommitmentValue",
      nx.id as "nextPayAppId", nx.number as "nextPayAppNumber", nx.status as "nextPayAppStatus",
      ce.id as "certifiedPayAppId", ce.line4_completed_and_stored::text as completed, ce.line3_contract_sum_to_date::text as "contractToDate"
    from mine m
    left join fig on fig.project_id = m.id
    left join cos on cos.project_id = m.id
    left join pend on pend.project_id = m.id
    left join lateral (select a.id, a.number, a.status from pay_applications a where a.project_id = m.id and a.status in ('draft', 'submitted') order by a.number desc limit 1) nx on true
    left join lateral (select a.id, a.line3_contract_sum_to_date, a.line4_completed_and_stored from pay_applications a
      where a.project_id = m.id and a.status in ('certified', 'paid') and a.kind <> 'retainage_release' order by a.number desc limit 1) ce on true
    order by m.job_number`);
}

const percent = (part: string | null, whole: string | null) => (part === null || whole === null || dec(whole).isZero() ? null : dec(part).div(whole).times(100).toFixed(1));

/** Requests the /approvals queue shows the member: count and amount (its Amount total). */
function waitingForMe(tx: Tx, userId: string, role: Role) {
  const keys = permissionsOf(role);
  return queryRows<{ n: number; amount: string }>(tx, sql`
    select count(*)::int as n, coalesce(sum(r.amount), 0)::numeric(14,2)::text as amount
    from approval_requests r join approval_request_steps s on s.request_id = r.id and s.step_number = r.current_step
    where r.status = 'pending' and s.decision is null
      and (s.approver_user_id = ${userId} or s.permission_key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}))`);
}

export const SUBMISSIONS_SHOWN = 6;

export type Submission = { id: string; documentType: string; document: string; status: string; step: string; amount: string; href: string; submittedAt: string };

/** The member's latest approval requests and where each stands. */
function mySubmissions(tx: Tx, userId: string) {
  return queryRows<Submission>(tx, sql`
    select r.id, r.document_type as "documentType", r.status, r.amount::text as amount,
      to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "submittedAt",
      case r.status when 'pending' then 'Step ' || r.current_step || ' of ' || r.total_steps else '' end as step,
      case r.document_type
        when 'change_order' then 'CO #' || co.number || ' · ' || co.title
        when 'commitment' then cm.number || ' · ' || cm.title
        when 'ap_invoice' then 'Invoice ' || ap.invoice_number
        else r.document_type end as document,
      case r.document_type
        when 'change_order' then '/change-orders/' || r.document_id
        when 'commitment' then '/commitments/' || r.document_id
        when 'ap_invoice' then ${apInvoicePath("")} || r.document_id
        else '/approvals' end as href
    from approval_requests r
    left join change_orders co on r.document_type = 'change_order' and co.id = r.document_id
    left join commitments cm on r.document_type = 'commitment' and cm.id = r.document_id
    left join ap_invoices ap on r.document_type = 'ap_invoice' and ap.id = r.document_id
    where r.submitted_by = ${userId}
    order by r.created_at desc, r.id
    limit ${SUBMISSIONS_SHOWN}`);
}

export async function projectManagerSection(tx: Tx, member: { userId: string; name: string; role: Role }) {
  await refreshMine(tx, member.userId);
  const [rows, [waiting], submissions] = await Promise.all([projectRows(tx, member.userId), waitingForMe(tx, member.userId, member.role), mySubmissions(tx, member.userId)]);
  const projects = rows.map((r) => ({
    projectId: r.projectId,
    project: `${r.jobNumber} ${r.name}`,
    href: `/projects/${r.projectId}`,
    budgetHref: dashboardLinks.budget(r.projectId),
    revised: r.revised,
    overUnder: r.overUnder,
    percentSpent: percent(r.actual, r.revised),
    percentComplete: percent(r.completed, r.contractToDate),
    percentCompleteHref: r.certifiedPayAppId ? dashboardLinks.payApp(r.certifiedPayAppId) : dashboardLinks.projectPayApps(r.projectId),
    openCos: r.openCos,
    coOwner: r.coOwner,
    coSubs: r.coSubs,
    changeOrdersHref: dashboardLinks.openChangeOrders(r.projectId),
    pendingCommitments: r.pendingCommitments,
    pendingCommitmentValue: r.pendingCommitmentValue,
    commitmentsHref: dashboardLinks.pendingCommitments(r.projectId),
    nextPayApp: r.nextPayAppId ? { number: r.nextPayAppNumber!, status: r.nextPayAppStatus!, href: dashboardLinks.payApp(r.nextPayAppId) } : null,
    payAppsHref: dashboardLinks.projectPayApps(r.projectId),
  }));
  return {
    projects,
    myProjectsHref: dashboardLinks.myProjects(member.name),
    waiting: { count: waiting.n, amount: waiting.amount, href: dashboardLinks.approvals() },
    submissions,
    lookahead: await projectsLookahead(tx, rows.map((r) => r.projectId)),
  };
}

export type ProjectManagerSection = Awaited<ReturnType<typeof projectManagerSection>>;

/** Whether the member manages an open project (the section shows for them even beside others). */
export async function managesProjects(tx: Tx, userId: string): Promise<boolean> {
  const [row] = await queryRows<{ yes: boolean }>(tx, sql`select exists (${MINE(userId)}) as yes`);
  return row.yes;
}
