import { asc, sql } from "drizzle-orm";
import { projects, tableColumnPreferences, tableViewScheduleRuns, tableViewSchedules, tableViews } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import type { Tx } from "~/utils/db.server";

/**
 * A shared budget view of the first project ("Overruns first": sorted by projected over/under, the
 * decision columns only), the user's remembered columns, a weekly schedule mailing it to them and
 * last week's send. Only into an organization without views, so a rerun adds nothing.
 */
export async function seedTableViews(tx: Tx, userId: string, readerId: string) {
  const [existing] = await tx.select({ id: tableViews.id }).from(tableViews).limit(1);
  const [project] = await tx.select({ id: projects.id }).from(projects).orderBy(asc(projects.jobNumber)).limit(1);
  if (existing || !project) return;
  const org = sql`${currentOrganizationId}`;
  const columns = ["costCode", "costType", "description", "revised", "committed", "actual", "projectedCost", "eac", "overUnder"];
  await tx.insert(tableColumnPreferences).values({ organizationId: org, userId: readerId, tableId: "budget", columns });
  const [view] = await tx
    .insert(tableViews)
    .values({
      organizationId: org,
      ownerUserId: userId,
      tableId: "budget",
      path: `/projects/${project.id}/budget`,
      name: "Overruns first",
      search: `sort=overUnder&dir=asc&size=50&cols=${columns.join(",")}`,
      shared: true,
    })
    .returning({ id: tableViews.id });
  const [schedule] = await tx
    .insert(tableViewSchedules)
    .values({ organizationId: org, viewId: view.id, frequency: "weekly", day: 1, time: "07:00", recipientUserIds: [userId] })
    .returning({ id: tableViewSchedules.id });
  await tx.insert(tableViewScheduleRuns).values({ organizationId: org, scheduleId: schedule.id, period: "2026-W49", recipientUserId: userId, status: "sent", rowCount: 50 });
}
