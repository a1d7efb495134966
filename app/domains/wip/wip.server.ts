/**
 * The WIP schedule (DOMAIN.md "WIP schedule") of every project in progress, read in one
 * set-based statement and computed by wip-math.ts:
 * - projects in progress: status active or on hold (work under contract, paused or not); bidding
 *   projects have no contract yet and closed ones are finished, so neither belongs on a WIP;
 * - contract sum to date: the prime contract's original sum + approved prime change orders;
 * - estimated total cost (EAC) and cost to date (actual = posted AP + direct costs): the sums of
 *   the project's stored budget figure rows (ADR 0007), the same rows and totals as the job cost
 *   report. Stale rows are refreshed first through the read model's own refresh, so only the
 *   projects changed since their last read pay a recompute and the schedule is one query; a
 *   project another transaction is recomputing (or writing) is summed from a fresh computation
 *   instead of waited for;
 * - billed to date: G702 line 4 of the latest certified (or paid) pay application (gross, with
 *   retainage and stored materials, as earned revenue is).
 * A project without a contract sum or an estimate is flagged and left out of the totals (wip-math.ts).
 */
import { sql } from "drizzle-orm";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { billingByProject } from "~/domains/receivables/project-billing.server";
import { PROJECT_STATUS_LABELS, type ProjectStatus } from "~/domains/projects/projects.schema";
import type { TableSort } from "~/utils/data-table";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { WIP_FLAG_LABELS, wipFigures, wipFlag, wipTotals, type WipFlag, type WipInput, type WipRow, type WipTotals } from "./wip-math";
import { wipTable } from "./wip.table";

export const DEFAULT_WIP_SORT: TableSort = { key: "project", dir: "asc" };

export const WIP_PROJECT_STATUSES = ["active", "on_hold"] as const;
const IN_PROGRESS = sql.raw(`(${WIP_PROJECT_STATUSES.map((s) => `'${s}'`).join(", ")})`);

type WipInputs = { [K in keyof WipInput]: string };

export type WipScheduleRow = Omit<WipRow, keyof WipInput> & WipInputs & {
  projectId: string;
  jobNumber: string;
  name: string;
  /** "<job number> <name>" */
  project: string;
  /** "Active" / "On hold" (or "Closed": a job completed in a closed period, docs/wip-close.md) */
  status: string;
  statusKey: ProjectStatus;
  href: string;
  /** "Loss" on a projected loss, else "". */
  loss: string;
  /** Why the row is not in the totals (wip-math.ts), or null. */
  flag: WipFlag | null;
  /** Its label ("No contract", "No estimate"), else "". */
  flagLabel: string;
};

/** `excluded`: how many rows are flagged, so not in the totals. */
export type WipSchedule = { rows: WipScheduleRow[]; totals: WipTotals; excluded: number };

export type WipQueryRow = WipInputs & { projectId: string; jobNumber: string; name: string; status: ProjectStatus };

/** Projects in progress whose stored budget figures are missing or stale (ADR 0007). */
async function staleInProgress(tx: Tx): Promise<string[]> {
  const stale = await queryRows<{ id: string }>(tx, sql`
    select p.id from projects p
    left join budget_figure_state s on s.project_id = p.id
    where p.status in ${IN_PROGRESS} and (s.project_id is null or s.cached_version <> s.source_version)
    order by p.id`);
  return stale.map((r) => r.id);
}

/**
 * Brings the stored figures of every project in progress up to date, except those whose state
 * another transaction holds: their ids are returned, to be computed afresh.
 */
async function refreshStaleFigures(tx: Tx): Promise<string[]> {
  const busy: string[] = [];
  for (const id of await staleInProgress(tx)) if (!(await refreshFigures(tx, id, { wait: false }))) busy.push(id);
  return busy;
}

/**
 * After a bulk write (a masterfile import), recomputes the stale figures of the projects in
 * progress, one transaction each (`run` opens one), skipping any another transaction holds: the
 * schedule's next readers then find them current instead of all computing them at once, which
 * under load took them 10–30 s. Returns how many it recomputed.
 */
export async function warmWipFigures(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>): Promise<number> {
  let refreshed = 0;
  for (const id of await run(staleInProgress)) if (await run((tx) => refreshFigures(tx, id, { wait: false }))) refreshed++;
  return refreshed;
}

/** EAC and actual per project: summed from the stored rows, or from a fresh computation for the `busy` ones. */
function costByProject(busy: string[]) {
  const fresh = busy.map((id) => sql`select ${id}::uuid as project_id, sum(f.eac) as eac, sum(f.actual) as actual from (${figuresQuery(id)}) f`);
  return sql.join(
    [
      sql`select f.project_id, sum(f.eac) as eac, sum(f.actual) as actual
        from budget_figure_rows f join scope s on s.id = f.project_id
        ${busy.length ? sql`where f.project_id not in (${sql.join(busy.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}
        group by f.project_id`,
      ...fresh,
    ],
    sql` union all `,
  );
}

function queryWipInputs(tx: Tx, busy: string[]) {
  return queryRows<WipQueryRow>(tx, sql`
    with scope as (select id, job_number, name, status from projects where status in ${IN_PROGRESS}),
    prime_changes as (
      select co.project_id, sum(l.amount) as approved
      from change_orders co
      join change_order_lines l on l.change_order_id = co.id
      join scope s on s.id = co.project_id
      where co.kind = 'prime' and co.status = 'approved'
      group by co.project_id
    ),
    cost as (${costByProject(busy)})
    select s.id as "projectId", s.job_number as "jobNumber", s.name, s.status,
      (coalesce(pc.original_sum, 0) + coalesce(ch.approved, 0))::numeric(14,2)::text as "contractSumToDate",
      coalesce(c.eac, 0)::numeric(14,2)::text as "estimatedTotalCost",
      coalesce(c.actual, 0)::numeric(14,2)::text as "costToDate",
      coalesce(b.billed_to_date, 0)::numeric(14,2)::text as "billedToDate"
    from scope s
    left join prime_contracts pc on pc.project_id = s.id
    left join prime_changes ch on ch.project_id = s.id
    left join cost c on c.project_id = s.id
    left join (${billingByProject()}) b on b.project_id = s.id
    order by s.job_number, s.id`);
}

/** A table's columns holding decimal strings (money, numbers and percentages): sorted as numbers, not text. */
export const figureKeysOf = (table: { columns: readonly { key: string; type: string }[] }): ReadonlySet<string> =>
  new Set(table.columns.filter((c) => c.type === "money" || c.type === "number" || c.type === "percent").map((c) => c.key));

const FIGURE_KEYS = figureKeysOf(wipTable);

/** Orders the rows by a column (exact decimal comparison for figures), then by job number. */
export function sortWipRows<R extends WipScheduleRow>(rows: R[], sort: TableSort, figureKeys: ReadonlySet<string> = FIGURE_KEYS): R[] {
  const key = sort.key as keyof R;
  const compare = (a: R, b: R) => {
    if (key === "project") return 0;
    if (figureKeys.has(key as string)) return dec(a[key] as string).comparedTo(b[key] as string);
    return String(a[key]).localeCompare(String(b[key]));
  };
  const byJob = (a: R, b: R) => (a.jobNumber < b.jobNumber ? -1 : a.jobNumber > b.jobNumber ? 1 : 0);
  const direction = sort.dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => (compare(a, b) || byJob(a, b)) * direction);
}

type RowIdentity = { projectId: string; jobNumber: string; name: string; status: ProjectStatus; isLoss: boolean; flag: WipFlag | null };

/** A row's labels and link, for a computed row and a stored (closed) one alike. */
export function rowLabels({ projectId, jobNumber, name, status, isLoss, flag }: RowIdentity) {
  return {
    projectId,
    jobNumber,
    name,
    project: `${jobNumber} ${name}`,
    status: PROJECT_STATUS_LABELS[status],
    statusKey: status,
    href: `/projects/${projectId}`,
    loss: isLoss ? "Loss" : "",
    flag,
    flagLabel: flag ? WIP_FLAG_LABELS[flag] : "",
  };
}

/** A schedule row from a project's WIP inputs: wip-math's figures, its flag and its labels. */
export function toScheduleRow({ projectId, jobNumber, name, status, ...input }: WipQueryRow): WipScheduleRow {
  const figures = wipFigures(input);
  return { ...input, ...figures, ...rowLabels({ projectId, jobNumber, name, status, isLoss: figures.isLoss, flag: wipFlag(input) }) };
}

/** The schedule of these inputs: rows in the sort's order, the totals and the flagged count. */
export function scheduleOf(inputs: WipQueryRow[], sort: TableSort): WipSchedule {
  const rows = inputs.map(toScheduleRow);
  return { rows: sortWipRows(rows, sort), totals: wipTotals(rows), excluded: rows.filter((r) => r.flag).length };
}

/** The live schedule, as of now, from the stored budget figures. */
export async function wipSchedule(tx: Tx, sort: TableSort = DEFAULT_WIP_SORT): Promise<WipSchedule> {
  const busy = await refreshStaleFigures(tx);
  return scheduleOf(await queryWipInputs(tx, busy), sort);
}
