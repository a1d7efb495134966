/**
 * Daily logs of the benchmark-scale project: a year of submitted weekday logs with crews, work and a
 * delay now and then, and the latest log with 20 generated photos (the "daily log page with 20
 * photos" of the page benchmarks).
 */
import { sql } from "drizzle-orm";
import { seedDemoPhotos } from "@db/seed/demo-photos";
import type { SqlClient } from "@db/sql-client";
import { queryRows } from "@db/query-rows";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";

export const SCALE_LOG_DAYS = 260;
export const SCALE_LOG_PHOTOS = 20;
export const SCALE_PHOTO_CAPTION = "Scale log photo";

export async function addScaleDailyLogs(owner: SqlClient, organizationId: string, projectId: string) {
  const inserted = await owner`
    with days as (
      select d::date as day from generate_series(current_date - ${SCALE_LOG_DAYS * 7 / 5 + 7}::int, current_date - 1, interval '1 day') d
      where extract(isodow from d) < 6 order by d desc limit ${SCALE_LOG_DAYS})
    insert into daily_logs (organization_id, project_id, log_date, weather_conditions, temperature_high, temperature_low, precipitation, wind, notes)
    select ${organizationId}, ${projectId}, day, (array['sunny','partly_cloudy','overcast','rain','windy'])[1 + (extract(doy from day)::int % 5)],
      40 + extract(doy from day)::int % 30, 25 + extract(doy from day)::int % 20, 'None', 'W 10 mph', 'Scale dataset log'
    from days on conflict do nothing returning id`;
  await owner`
    insert into daily_log_manpower (organization_id, daily_log_id, position, vendor_id, trade, workers, hours, cost_code_id)
    select ${organizationId}, l.id, n, (select id from vendors v where v.organization_id = l.organization_id order by name offset n % 8 limit 1), 'Trade ' || n, 2 + n, (2 + n) * 8,
      (select id from cost_codes c where c.organization_id = l.organization_id and c.parent_id is not null order by code offset n % 8 limit 1)
    from daily_logs l cross join generate_series(0, 5) n where l.project_id = ${projectId} and l.status = 'draft'`;
  await owner`
    insert into daily_log_work (organization_id, daily_log_id, position, cost_code_id, description)
    select ${organizationId}, l.id, n, (select id from cost_codes c where c.organization_id = l.organization_id and c.parent_id is not null order by code offset n % 8 limit 1),
      'Work item ' || n || ' of ' || l.log_date
    from daily_logs l cross join generate_series(0, 3) n where l.project_id = ${projectId} and l.status = 'draft'`;
  await owner`
    insert into daily_log_delays (organization_id, daily_log_id, cause, hours, description, potential_change)
    select ${organizationId}, l.id, 'weather', 2, 'High winds', extract(doy from l.log_date)::int % 20 = 0
    from daily_logs l where l.project_id = ${projectId} and l.status = 'draft' and extract(doy from l.log_date)::int % 7 = 0`;
  await owner`update daily_logs set status = 'submitted', submitted_at = (log_date + interval '23 hours 30 minutes') at time zone 'UTC' where project_id = ${projectId} and status = 'draft'`;
  const [latest] = await owner`select id, log_date::text as day from daily_logs where project_id = ${projectId} order by log_date desc limit 1`;
  const photos = await withTenant({ organizationId }, (tx) =>
    seedDemoPhotos(tx, objectStorage(), {
      organizationId,
      projectId,
      subject: { kind: "daily_log", id: latest.id as string },
      count: SCALE_LOG_PHOTOS,
      takenOn: latest.day as string,
      seed: 2000,
      captions: Array.from({ length: SCALE_LOG_PHOTOS }, (_, i) => `${SCALE_PHOTO_CAPTION} ${i + 1}`),
    }),
  );
  await owner`analyze daily_logs, daily_log_manpower, daily_log_work, daily_log_delays`;
  return { dailyLogs: inserted.length, photos };
}

/** The scale project's log with the most photos (the bench's daily log page). */
export async function mostPhotographedLog(organizationId: string, projectId: string): Promise<{ dailyLogId: string }> {
  const [log] = await withTenant({ organizationId }, (tx) =>
    queryRows<{ id: string }>(tx, sql`
      select l.id from daily_logs l left join photos p on p.subject_kind = 'daily_log' and p.subject_id = l.id and p.deleted_at is null
      where l.project_id = ${projectId} group by l.id, l.log_date order by count(p.id) desc, l.log_date desc limit 1`),
  );
  if (!log) throw new Error(`project ${projectId} has no daily log`);
  return { dailyLogId: log.id };
}
