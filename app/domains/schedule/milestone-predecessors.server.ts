import { sql } from "drizzle-orm";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, type Tx } from "~/utils/db.server";

/** A predecessor list the schedule cannot take: another project's milestone, itself, or a loop. */
export class PredecessorRefused extends Error {}

/** One writer of a project's predecessor network at a time, so two edits cannot close a loop together. */
export async function lockSchedule(tx: Tx, projectId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext('schedule:' || ${projectId}))`);
}

export async function predecessorIdsOf(tx: Tx, milestoneId: string): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(tx, sql`
    select mp.predecessor_id as id from milestone_predecessors mp join project_milestones p on p.id = mp.predecessor_id
    where mp.milestone_id = ${milestoneId} order by p.planned_date, p.name`);
  return rows.map((r) => r.id);
}

/**
 * The loop that "`milestoneId` follows `predecessorId`" would close, as names in schedule order
 * (A → B → … → A), or null: walks up from the predecessor through its own predecessors and stops
 * on reaching the milestone.
 */
async function loopThrough(tx: Tx, milestoneId: string, predecessorId: string): Promise<string[] | null> {
  const [found] = await queryRows<{ names: string[] }>(tx, sql`
    with recursive up (id, path) as (
      select ${predecessorId}::uuid, array[${predecessorId}::uuid]
      union all
      select mp.predecessor_id, up.path || mp.predecessor_id
      from up join milestone_predecessors mp on mp.milestone_id = up.id
      where up.id <> ${milestoneId}::uuid and not mp.predecessor_id = any(up.path)
    )
    select array(select (select name from project_milestones where id = step) from unnest(path) with ordinality as s(step, n) order by n desc) as names
    from up where id = ${milestoneId}::uuid limit 1`);
  if (!found) return null;
  // the walk went predecessor → … → milestone upwards; read downwards it is milestone → … → predecessor, then the milestone again
  return [...found.names, found.names[0]];
}

/**
 * Replaces the milestone's predecessors with `predecessorIds` (milestones of the same project, not
 * itself), refusing a set that would make the schedule loop, with the loop named. Returns the ids kept.
 */
export async function setPredecessors(tx: Tx, projectId: string, milestoneId: string, predecessorIds: string[]): Promise<string[]> {
  const wanted = [...new Set(predecessorIds)];
  if (wanted.includes(milestoneId)) throw new PredecessorRefused("A milestone cannot be its own predecessor.");
  if (wanted.length) {
    const known = await queryRows<{ id: string }>(tx, sql`
      select id from project_milestones where project_id = ${projectId} and id in (${sql.join(wanted.map((id) => sql`${id}::uuid`), sql`, `)})`);
    if (known.length !== wanted.length) throw new PredecessorRefused("Choose predecessors among this project's milestones.");
  }
  await tx.execute(sql`delete from milestone_predecessors where milestone_id = ${milestoneId}
    ${wanted.length ? sql`and predecessor_id not in (${sql.join(wanted.map((id) => sql`${id}::uuid`), sql`, `)})` : sql``}`);
  for (const predecessorId of wanted) {
    const loop = await loopThrough(tx, milestoneId, predecessorId);
    if (loop) throw new PredecessorRefused(`That would make the schedule loop: ${loop.join(" → ")}. A milestone cannot follow itself, even through others.`);
  }
  if (wanted.length)
    await tx.execute(sql`
      insert into milestone_predecessors (organization_id, project_id, milestone_id, predecessor_id)
      select ${currentOrganizationId}, ${projectId}, ${milestoneId}, p from unnest(${sql.raw("array[")}${sql.join(wanted.map((id) => sql`${id}::uuid`), sql`, `)}${sql.raw("]")}) as p
      on conflict (organization_id, milestone_id, predecessor_id) do nothing`);
  return wanted;
}
