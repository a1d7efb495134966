import { sql } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches } from "~/utils/data-table.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { expectedDate, flagsOf, milestoneFrom, predecessorNames, responsibleText, statusOf, varianceDays } from "./milestone-sql.server";
import type { MilestoneStatus } from "./schedule.schema";
import { scheduleTable } from "./schedule.table";

/** The list's SQL for one project as of `today` (the status and flags depend on the day). */
export function scheduleList(projectId: string, today: string) {
  return serverTable(scheduleTable, {
    from: milestoneFrom,
    where: sql`m.project_id = ${projectId}`,
    columns: {
      name: sql`m.name`,
      status: statusOf(today),
      baseline: sql`m.planned_date`,
      forecast: expectedDate,
      actual: sql`m.actual_date`,
      variance: varianceDays,
      responsible: responsibleText,
      predecessors: predecessorNames,
      flags: flagsOf(today),
    },
    id: sql`m.id`,
    extra: {
      href: sql`'/projects/' || m.project_id || '/schedule/' || m.id`,
      milestoneId: sql`m.id::text`,
      startDate: sql`m.start_date::text`,
      statusKey: statusOf(today),
    },
  });
}

export const listMilestones = (tx: Tx, projectId: string, today: string, query: TableQuery) => queryTable(tx, scheduleList(projectId, today), query);

/** Export rows in batches, each in its own transaction (same filters and sort as the page). */
export const milestoneExportRows = (run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, projectId: string, today: string, query: TableQuery) =>
  tableBatches(run, scheduleList(projectId, today), query);

/** How many milestones of the project are in each status today (the page's summary line). */
export async function scheduleCounts(tx: Tx, projectId: string, today: string) {
  const rows = await queryRows<{ status: MilestoneStatus; n: number }>(tx, sql`
    select ${statusOf(today)} as status, count(*)::int as n from project_milestones m where m.project_id = ${projectId} group by 1`);
  const counts: Record<MilestoneStatus, number> = { done: 0, late: 0, slipping: 0, on_track: 0 };
  for (const r of rows) counts[r.status] = r.n;
  return counts;
}

/** One milestone's derived status, variance and flags today (its page's summary). */
export async function milestoneFacts(tx: Tx, milestoneId: string, today: string) {
  const [row] = await queryRows<{ status: MilestoneStatus; variance: number; flags: string; predecessors: string }>(tx, sql`
    select ${statusOf(today)} as status, ${varianceDays} as variance, ${flagsOf(today)} as flags, ${predecessorNames} as predecessors
    from project_milestones m where m.id = ${milestoneId}`);
  return row;
}
