/**
 * Schedules of saved views (one per view, owner only) and their run history, which tells the owner
 * what was sent to whom and why a recipient got nothing.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { memberships, tableViewScheduleRuns, tableViewSchedules, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { ownView, ViewRefused } from "./table-views.server";

export type ScheduleInput = { frequency: "weekly" | "monthly"; day: number; time: string; recipients: string[] };

export async function setSchedule(tx: Tx, userId: string, viewId: string, input: ScheduleInput) {
  await ownView(tx, userId, viewId);
  const recipients = [...new Set(input.recipients)];
  const members = await tx.select({ userId: memberships.userId }).from(memberships).where(inArray(memberships.userId, recipients));
  if (members.length !== recipients.length) throw new ViewRefused("Every recipient must be a member of this organization.");
  const values = { frequency: input.frequency, day: input.day, time: input.time, recipientUserIds: recipients, active: true };
  const [row] = await tx
    .insert(tableViewSchedules)
    .values({ organizationId: sql`${currentOrganizationId}`, viewId, ...values })
    .onConflictDoUpdate({ target: [tableViewSchedules.organizationId, tableViewSchedules.viewId], set: { ...values, updatedAt: sql`now()` } })
    .returning({ id: tableViewSchedules.id });
  await recordAudit(tx, { entityType: "table_view_schedule", entityId: row.id, action: "table_view_scheduled", after: { viewId, ...values } });
  return row.id;
}

export async function removeSchedule(tx: Tx, userId: string, viewId: string) {
  await ownView(tx, userId, viewId);
  const gone = await tx.delete(tableViewSchedules).where(eq(tableViewSchedules.viewId, viewId)).returning();
  for (const row of gone) await recordAudit(tx, { entityType: "table_view_schedule", entityId: row.id, action: "table_view_unscheduled", before: row });
}

export type ViewSchedule = typeof tableViewSchedules.$inferSelect;

/** The schedules of the given views, by view id. */
export async function schedulesOf(tx: Tx, viewIds: string[]): Promise<Map<string, ViewSchedule>> {
  if (!viewIds.length) return new Map();
  const rows = await tx.select().from(tableViewSchedules).where(inArray(tableViewSchedules.viewId, viewIds));
  return new Map(rows.map((r) => [r.viewId, r]));
}

/** The latest runs of a schedule: who got the export, who did not and why. */
export function recentRuns(tx: Tx, scheduleId: string, limit = 20) {
  return tx
    .select({
      id: tableViewScheduleRuns.id,
      period: tableViewScheduleRuns.period,
      status: tableViewScheduleRuns.status,
      reason: tableViewScheduleRuns.reason,
      rowCount: tableViewScheduleRuns.rowCount,
      recipient: users.name,
      createdAt: sql<string>`to_char(${tableViewScheduleRuns.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
    })
    .from(tableViewScheduleRuns)
    .innerJoin(users, eq(users.id, tableViewScheduleRuns.recipientUserId))
    .where(and(eq(tableViewScheduleRuns.scheduleId, scheduleId)))
    .orderBy(desc(tableViewScheduleRuns.createdAt), users.name)
    .limit(limit);
}
