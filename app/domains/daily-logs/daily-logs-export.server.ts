import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { addendaOf, sectionRows } from "./daily-log-read.server";
import type { ExportData, ExportLog } from "./daily-logs-excel.server";

/** The most days one export covers (a little over a year). */
export const MAX_EXPORT_DAYS = 400;

/** A project's logs from `from` to `to` (both inclusive), oldest first, with their sections and addenda; day totals summed in SQL. */
export async function dailyLogsExport(tx: Tx, projectId: string, range: { from: string; to: string }): Promise<ExportData> {
  const logs = await queryRows<ExportLog>(tx, sql`
    select l.id, l.log_date::text as "logDate", l.status, l.weather_conditions as "weatherConditions",
      l.temperature_high::text as "temperatureHigh", l.temperature_low::text as "temperatureLow", l.temperature_unit as "temperatureUnit",
      l.precipitation, l.wind, l.notes, coalesce(c.name, '') as "createdBy", coalesce(s.name, '') as "submittedBy",
      coalesce(m.workers, 0)::int as workers, coalesce(m.hours, 0)::text as "crewHours", coalesce(d.hours, 0)::text as "delayHours"
    from daily_logs l
    left join users c on c.id = l.created_by
    left join users s on s.id = l.submitted_by
    left join lateral (select sum(workers) as workers, sum(hours) as hours from daily_log_manpower where daily_log_id = l.id) m on true
    left join lateral (select sum(hours) as hours from daily_log_delays where daily_log_id = l.id) d on true
    where l.project_id = ${projectId} and l.log_date between ${range.from} and ${range.to}
    order by l.log_date`);
  const ids = logs.map((l) => l.id);
  return { logs, sections: await sectionRows(tx, ids), addenda: await addendaOf(tx, ids) };
}
