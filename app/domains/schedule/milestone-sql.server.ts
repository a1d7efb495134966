import { sql } from "drizzle-orm";

/**
 * The SQL every schedule view shares, over `project_milestones m` joined to `vendors v` and
 * `users u` (the responsible member) as `milestoneFrom` does. `today` is the organization's day.
 */
export const milestoneFrom = sql`project_milestones m
  left join vendors v on v.id = m.vendor_id
  left join users u on u.id = m.responsible_user_id`;

/** When it is expected: the forecast, or the baseline while on baseline. */
export const expectedDate = sql`coalesce(m.forecast_date, m.planned_date)`;

/** Days after the baseline it was reached (or is expected): positive is later, negative earlier. */
export const varianceDays = sql`(coalesce(m.actual_date, m.forecast_date, m.planned_date) - m.planned_date)`;

export const isLate = (today: string) => sql`(m.actual_date is null and ${expectedDate} < ${today}::date)`;
export const isSlipping = sql`(m.actual_date is null and m.forecast_date > m.planned_date)`;

/** done (actual set), late (expected before today), slipping (forecast after baseline), on track. */
export const statusOf = (today: string) => sql`case
  when m.actual_date is not null then 'done'
  when ${expectedDate} < ${today}::date then 'late'
  when m.forecast_date > m.planned_date then 'slipping'
  else 'on_track' end`;

/** Expected (or reached) before a predecessor is: out of sequence. */
export const outOfSequence = sql`exists (
  select 1 from milestone_predecessors mp join project_milestones p on p.id = mp.predecessor_id
  where mp.milestone_id = m.id
    and coalesce(m.actual_date, m.forecast_date, m.planned_date) < coalesce(p.actual_date, p.forecast_date, p.planned_date))`;

/** Vendor, member and free text, as one line. */
export const responsibleText = sql`concat_ws(' · ', v.name, u.name, nullif(m.responsible, ''))`;

/** The predecessors' names, in schedule order. */
export const predecessorNames = sql`coalesce((
  select string_agg(p.name, ', ' order by p.planned_date, p.name)
  from milestone_predecessors mp join project_milestones p on p.id = mp.predecessor_id
  where mp.milestone_id = m.id), '')`;

/** The flags column: late and slipping (with days), and an order problem with a predecessor. */
export const flagsOf = (today: string) => sql`concat_ws(', ',
  case when ${isLate(today)} then 'Late ' || (${today}::date - ${expectedDate}) || ' d' end,
  case when ${isSlipping} then 'Slipping ' || (m.forecast_date - m.planned_date) || ' d' end,
  case when ${outOfSequence} then 'Before a predecessor' end)`;
