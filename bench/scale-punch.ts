/**
 * Punch items on the benchmark-scale project for the punch list and item pages: `count` items with
 * subcontractors, assignees, due dates and mixed statuses, each with its "created" history row,
 * set-based on the owner connection. Ids are derived from the organization (scalePunchItemId), so
 * the page catalog can name an item without a lookup.
 */
import { createHash } from "node:crypto";
import type { SqlClient } from "@db/sql-client";

export const scalePunchItemId = (organizationId: string, n: number) => {
  const hex = createHash("md5").update(`${organizationId}:scale-punch:${n}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

export async function addScalePunch(owner: SqlClient, organizationId: string, projectId: string, count: number) {
  const inserted = await owner.begin(async (sql) => {
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    const items = await sql.unsafe(
      `insert into punch_items (id, organization_id, project_id, number, title, location, vendor_id, trade, assignee_user_id, due_date, priority, status, closed_at, created_at)
       select md5($1 || ':scale-punch:' || g)::uuid, $1, $2, g,
              (array['Touch up paint at door frame', 'Missing cover plate', 'Ceiling tile stained', 'Caulk gap at window sill', 'Patch drywall at penetration'])[1 + g % 5] || ', room ' || (100 + g % 400),
              'Level ' || (1 + g % 6) || ', room ' || (100 + g % 400),
              v.ids[1 + g % array_length(v.ids, 1)], (array['Painting', 'Electrical', 'Acoustical ceilings', 'Sealants', 'Drywall'])[1 + g % 5],
              m.ids[1 + g % array_length(m.ids, 1)], current_date + (g % 60 - 20),
              (array['low', 'normal', 'normal', 'high', 'critical'])[1 + g % 5],
              (array['open', 'open', 'ready_for_review', 'closed'])[1 + g % 4],
              case when g % 4 = 3 then now() - make_interval(days => g % 30) end,
              now() - make_interval(days => 30 + g % 300)
       from generate_series(1, $3::int) g
       cross join (select array_agg(id order by id) as ids from vendors where organization_id = $1) v
       cross join (select array_agg(user_id order by user_id) as ids from memberships where organization_id = $1) m
       returning id, created_at`,
      [organizationId, projectId, count],
    );
    await sql.unsafe(
      `insert into punch_item_events (organization_id, punch_item_id, action, to_status, at)
       select $1, id, 'created', 'open', created_at from punch_items where organization_id = $1 and project_id = $2`,
      [organizationId, projectId],
    );
    return items;
  });
  await owner`analyze punch_items`;
  return { punchItems: inserted.count };
}
