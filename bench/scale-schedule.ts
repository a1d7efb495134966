/**
 * The scale project's schedule: 12 areas × 10 phases = 120 milestones, each after the one before
 * in its area, dated around today so every status shows (done, late, slipping, on track), with
 * vendors responsible and start dates on every other one (bars and diamonds).
 */
import type { SqlClient } from "@db/sql-client";

export const SCALE_SCHEDULE = { areas: 12, phases: 10 };

export async function addScaleSchedule(owner: SqlClient, organizationId: string, projectId: string): Promise<Record<string, number>> {
  return owner.begin(async (sql) => {
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    const milestones = await sql`
      with areas as (select a::int as a, case a when 0 then 'Site' when ${SCALE_SCHEDULE.areas - 1} then 'Roof' else 'Level ' || a end as area
                     from generate_series(0, ${SCALE_SCHEDULE.areas - 1}) a),
      phases as (select (n - 1)::int as k, phase from unnest(array['Layout', 'Formwork', 'Concrete placed', 'Steel erected', 'Dried in',
        'MEP rough-in complete', 'Inspections passed', 'Drywall complete', 'Finishes complete', 'Turnover']) with ordinality as t(phase, n)),
      v as (select id, row_number() over (order by name) - 1 as n, count(*) over () as total from vendors where organization_id = ${organizationId}),
      g as (select a, area, k, phase, current_date - 300 + a * 12 + k * 30 as baseline from areas cross join phases)
      insert into project_milestones (organization_id, project_id, name, planned_date, forecast_date, actual_date, start_date, vendor_id, responsible)
      select ${organizationId}, ${projectId}, area || ' · ' || phase, baseline,
        case when baseline >= current_date and (a + k) % 3 = 0 then baseline + 5 + (a + k) % 9 end,
        case when baseline < current_date - 14 then baseline + ((a * 7 + k) % 11) - 4 end,
        case when k % 2 = 1 then baseline - 20 end,
        (select id from v where v.n = (a * 10 + k) % v.total), case when k = 6 then 'City building inspector' else '' end
      from g`;
    const links = await sql`
      insert into milestone_predecessors (organization_id, project_id, milestone_id, predecessor_id)
      select m.organization_id, m.project_id, m.id, p.id
      from project_milestones m join project_milestones p on p.project_id = m.project_id
        and split_part(p.name, ' · ', 1) = split_part(m.name, ' · ', 1) and p.planned_date < m.planned_date
        and not exists (select 1 from project_milestones q where q.project_id = m.project_id
          and split_part(q.name, ' · ', 1) = split_part(m.name, ' · ', 1) and q.planned_date > p.planned_date and q.planned_date < m.planned_date)
      where m.project_id = ${projectId}`;
    return { milestones: milestones.count, milestonePredecessors: links.count };
  });
}
