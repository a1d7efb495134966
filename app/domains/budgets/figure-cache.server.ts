/**
 * The budget figures as a read model (ADR 0007). Computing them (figuresQuery) aggregates every
 * commitment and change order line of the project; at 20,000 lines that is ~100 ms, too slow to
 * repeat on every page view. The computed rows are kept in `budget_figure_rows`; triggers on every
 * input table mark them stale in the writing transaction, and the first reader after a change
 * recomputes them. Readers therefore always see figures as fresh as their own transaction.
 *
 * The triggers also record which rows a change affects: the cost code × cost type keys in
 * `budget_figure_dirty_keys` (migration 0021). The refresh recomputes only those rows, or the whole
 * project when `budget_figure_state.full_refresh` is set (never computed, a header deleted, a
 * statement touching many keys) or more than MAX_DIRTY_KEYS keys are dirty.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { figuresQuery } from "./figures-query.server";

const COLUMNS = [
  ["row_key", "rowKey"],
  ["sort_key", "sortKey"],
  ["line_id", "lineId"],
  ["line_version", "version"],
  ["cost_code_id", "costCodeId"],
  ["cost_type_id", "costTypeId"],
  ["division_id", "divisionId"],
  ["division_code", "divisionCode"],
  ["division_name", "divisionName"],
  ["division", "division"],
  ["cost_code", "costCode"],
  ["cost_code_name", "costCodeName"],
  ["cost_type", "costType"],
  ["description", "description"],
  ["ftc_mode", "ftcMode"],
  ["ftc_manual", "ftcManual"],
  ["original", "original"],
  ["approved_changes", "approvedChanges"],
  ["revised", "revised"],
  ["pending_changes", "pendingChanges"],
  ["projected_budget", "projectedBudget"],
  ["committed", "committed"],
  ["direct_costs", "directCosts"],
  ["opening_cost", "openingCost"],
  ["actual", "actual"],
  ["pending_cost_changes", "pendingCostChanges"],
  ["projected_cost", "projectedCost"],
  ["ftc", "ftc"],
  ["eac", "eac"],
  ["cost_to_complete", "costToComplete"],
  ["over_under", "overUnder"],
] as const;

/**
 * Above this many dirty keys the whole project is recomputed (the same limit per statement is in
 * the trigger, app_private.budget_figures_changed). A keyed recomputation costs ~0.1 ms a key on
 * the scale project, the whole project (2,000 rows) 150–450 ms.
 */
export const MAX_DIRTY_KEYS = 200;

const stored = sql.raw(COLUMNS.map(([column]) => column).join(", "));
const computed = sql.raw(COLUMNS.map(([, field]) => `f."${field}"`).join(", "));
const aliased = sql.raw(COLUMNS.map(([column, field]) => `${column} as "${field}"`).join(", "));

/**
 * The project's figures as a relation with figuresQuery's columns (use as `${relation} f`): the
 * stored rows, brought up to date first if stale. While another transaction holds the project's
 * state row (a reader recomputing it, a writer whose change is not committed yet), the relation is
 * a fresh computation instead of a wait for it: under load, readers queued behind one recomputation
 * (and it behind a long import) took seconds. The project must exist in this tenant.
 */
export async function figuresRelation(tx: Tx, projectId: string): Promise<SQL> {
  const [state] = await queryRows<{ current: boolean }>(tx, sql`select cached_version = source_version as current from budget_figure_state where project_id = ${projectId}`);
  if (state?.current || (await refreshFigures(tx, projectId, { wait: false }))) return storedFigures(projectId);
  return sql`(${figuresQuery(projectId)})`;
}

/** The stored rows as they are, fresh or not (the load test compares them with a fresh computation). */
export const storedFigures = (projectId: string): SQL => sql`(select ${aliased} from budget_figure_rows where project_id = ${projectId})`;

/**
 * Recomputes the stored rows if they are stale; true when they are current afterwards. The state
 * row's lock orders this against writers (their triggers bump the same row, then record their dirty
 * keys) and against other readers refreshing the same project, so a change committed while this
 * runs leaves the rows marked stale, with its keys, rather than silently lost. The dirty keys are
 * read after the lock is taken, so they include those of every writer that held it before. With
 * `wait: false` a held lock is not waited for: false, nothing done.
 */
export async function refreshFigures(tx: Tx, projectId: string, options: { wait?: boolean } = {}): Promise<boolean> {
  // Only when missing: an insert meeting the row while a writer's update of it is uncommitted
  // would wait for that writer, unique check and all, even with `on conflict do nothing`.
  await tx.execute(sql`
    insert into budget_figure_state (organization_id, project_id)
    select organization_id, id from projects
    where id = ${projectId} and not exists (select from budget_figure_state where project_id = ${projectId})
    on conflict (organization_id, project_id) do nothing`);
  const [state] = await queryRows<{ source: number; cached: number; full: boolean }>(
    tx,
    sql`select source_version::int8 as source, cached_version::int8 as cached, full_refresh as full from budget_figure_state where project_id = ${projectId}
      for update ${options.wait === false ? sql`skip locked` : sql``}`,
  );
  if (!state) return false;
  if (Number(state.source) === Number(state.cached)) return true;
  const dirty = state.full ? 0 : await countDirtyKeys(tx, projectId);
  if (state.full || dirty > MAX_DIRTY_KEYS) {
    await tx.execute(sql`delete from budget_figure_rows where project_id = ${projectId}`);
    await insertFigures(tx, projectId);
  } else if (dirty > 0) {
    await tx.execute(sql`
      delete from budget_figure_rows r using budget_figure_dirty_keys d
      where r.project_id = ${projectId} and d.project_id = ${projectId} and r.cost_code_id = d.cost_code_id and r.cost_type_id = d.cost_type_id`);
    await insertFigures(tx, projectId, sql`select cost_code_id, cost_type_id from budget_figure_dirty_keys where project_id = ${projectId}`);
  }
  await tx.execute(sql`delete from budget_figure_dirty_keys where project_id = ${projectId}`);
  await tx.execute(sql`update budget_figure_state set cached_version = source_version, full_refresh = false, updated_at = now() where project_id = ${projectId}`);
  return true;
}

const countDirtyKeys = (tx: Tx, projectId: string) =>
  queryRows<{ n: number }>(tx, sql`select count(*)::int as n from budget_figure_dirty_keys where project_id = ${projectId}`).then(([row]) => Number(row.n));

const insertFigures = (tx: Tx, projectId: string, keys?: SQL) =>
  tx.execute(sql`
    insert into budget_figure_rows (organization_id, project_id, ${stored})
    select p.organization_id, p.id, ${computed}
    from projects p cross join (${figuresQuery(projectId, keys)}) f
    where p.id = ${projectId}`);
