import { organizationToday } from "~/utils/aging-report.server";
import { parseTableQuery, type TableQuery } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";
import { CHART_LIMIT, type ChartMilestone } from "./schedule-chart";
import { listMilestones, scheduleCounts } from "./schedule-list.server";
import type { MilestoneStatus } from "./schedule.schema";
import { scheduleTable } from "./schedule.table";

/** What the schedule list shows for the URL: today's date, the page of rows and the status counts. */
export async function schedulePage(tx: Tx, projectId: string, url: URL) {
  const today = await organizationToday(tx);
  const query = parseTableQuery(scheduleTable, url);
  const [page, counts] = [await listMilestones(tx, projectId, today, query), await scheduleCounts(tx, projectId, today)];
  return { today, query, page, counts };
}

/** The bar chart of the same filtered, sorted milestones (no paging: up to CHART_LIMIT rows). */
export async function scheduleChartPage(tx: Tx, projectId: string, url: URL) {
  const today = await organizationToday(tx);
  const parsed = parseTableQuery(scheduleTable, url);
  const query: TableQuery = { ...parsed, after: null, pageSize: CHART_LIMIT };
  const page = await listMilestones(tx, projectId, today, query);
  const milestones: ChartMilestone[] = page.rows.map((r) => ({
    id: String(r.milestoneId),
    name: String(r.name),
    startDate: (r.startDate as string | null) ?? null,
    baseline: String(r.baseline),
    forecast: String(r.forecast),
    actual: (r.actual as string | null) ?? null,
    status: r.statusKey as MilestoneStatus,
    href: String(r.href),
  }));
  return { today, query: parsed, milestones, total: page.paging?.total ?? milestones.length };
}
