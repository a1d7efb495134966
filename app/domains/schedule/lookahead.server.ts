import { sql } from "drizzle-orm";
import { organizationToday } from "~/utils/aging-report.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { expectedDate, isLate, milestoneFrom, responsibleText, statusOf } from "./milestone-sql.server";
import type { MilestoneStatus } from "./schedule.schema";

/** Days ahead the lookahead covers: `from` is day 0, the last day is day 21. */
export const LOOKAHEAD_DAYS = 21;
/** Most rows one lookahead shows (the rest is on each project's schedule page). */
export const LOOKAHEAD_LIMIT = 40;

export type LookaheadItem = {
  id: string;
  projectId: string;
  project: string;
  name: string;
  /** Forecast, or the baseline while on baseline. */
  date: string;
  startDate: string | null;
  status: MilestoneStatus;
  /** Days from `from` to `date` (negative: late by that many days). */
  days: number;
  responsible: string;
  href: string;
};

/**
 * The milestones of `projectIds` not yet done that are expected (forecast or baseline) or start
 * within the three weeks from `from` (day 0 to day 21, both included), plus the late ones (expected
 * before `from`): late first, then by date.
 */
export async function threeWeekLookahead(tx: Tx, { projectIds, from }: { projectIds: string[]; from: string }) {
  if (projectIds.length === 0) return { from, items: [] as LookaheadItem[], total: 0 };
  const until = sql`(${from}::date + ${LOOKAHEAD_DAYS}::int)`;
  const rows = await queryRows<LookaheadItem & { total: number }>(tx, sql`
    select m.id, m.project_id as "projectId", p.job_number || ' ' || p.name as project, m.name,
      ${expectedDate}::text as date, m.start_date::text as "startDate", ${statusOf(from)} as status,
      (${expectedDate} - ${from}::date) as days, ${responsibleText} as responsible,
      '/projects/' || m.project_id || '/schedule/' || m.id as href, count(*) over ()::int as total
    from ${milestoneFrom} join projects p on p.id = m.project_id
    where m.project_id in (${sql.join(projectIds.map((id) => sql`${id}::uuid`), sql`, `)})
      and m.actual_date is null
      and (${isLate(from)}
        or ${expectedDate} between ${from}::date and ${until}
        or m.start_date between ${from}::date and ${until})
    order by ${expectedDate} < ${from}::date desc, ${expectedDate}, p.job_number, m.name
    limit ${LOOKAHEAD_LIMIT}`);
  return { from, items: rows.map(({ total: _t, ...item }) => item), total: rows[0]?.total ?? 0 };
}

export type ThreeWeekLookaheadData = Awaited<ReturnType<typeof threeWeekLookahead>>;

/** The lookahead of these projects from the organization's today (the dashboards' call). */
export async function projectsLookahead(tx: Tx, projectIds: string[]) {
  return threeWeekLookahead(tx, { projectIds, from: await organizationToday(tx) });
}
