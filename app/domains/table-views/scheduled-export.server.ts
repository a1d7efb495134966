/**
 * Sends due scheduled views (the table_views__send_due cron task). For each recipient, in one
 * transaction AS that recipient (their membership, role and RLS): claim the (schedule, period,
 * recipient) run row — a rerun or a second worker finds it and sends nothing — then either render
 * the view's export and queue it as an attachment, or record why the recipient gets nothing.
 */
import { eq, sql } from "drizzle-orm";
import { memberships, tableViewScheduleRuns, tableViewSchedules, tableViews, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, withSystem, withTenant, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { xlsxResponse } from "~/utils/excel.server";
import { composeEmail, queueEmail } from "~/utils/mail.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { can, PERMISSIONS } from "~/utils/permissions";
import { objectStorage } from "~/utils/storage.server";
import { knownKeys, parseColumnKeys, visibleColumns } from "~/utils/table-columns";
import { registeredTable } from "./registry.server";
import { duePeriod } from "./schedule-period";
import { viewHref } from "./table-views.server";

export type RunOutcome = { recipientUserId: string; status: "sent" | "refused" | "already-done"; reason?: string };

type Scheduled = { organizationId: string; scheduleId: string; timeZone: string };

/** Every active schedule of every organization whose send time in this period has come. */
export async function sendDueSchedules(now = new Date(), requestId?: string) {
  const schedules = await withSystem(
    (tx) => queryRows<Scheduled>(tx, sql`select organization_id as "organizationId", schedule_id as "scheduleId", time_zone as "timeZone" from app_private.active_view_schedules()`),
    requestId,
  );
  const outcomes: RunOutcome[] = [];
  for (const s of schedules) outcomes.push(...(await runSchedule(s, now, requestId)));
  return outcomes;
}

/** One schedule: nothing before its send time; after it, each recipient once per period. */
export async function runSchedule(s: Scheduled, now: Date, requestId?: string): Promise<RunOutcome[]> {
  const found = await withTenant({ organizationId: s.organizationId, requestId }, async (tx) => {
    const [row] = await tx
      .select({ schedule: tableViewSchedules, view: tableViews })
      .from(tableViewSchedules)
      .innerJoin(tableViews, eq(tableViews.id, tableViewSchedules.viewId))
      .where(eq(tableViewSchedules.id, s.scheduleId));
    return row ?? null;
  });
  if (!found || !found.schedule.active) return [];
  const { period, due } = duePeriod(found.schedule, now, s.timeZone);
  if (!due) return [];
  const outcomes: RunOutcome[] = [];
  for (const recipientUserId of found.schedule.recipientUserIds)
    outcomes.push(
      await withTenant({ organizationId: s.organizationId, userId: recipientUserId, requestId }, (tx) =>
        sendToRecipient(tx, { scheduleId: s.scheduleId, period, recipientUserId, view: found.view }),
      ),
    );
  return outcomes;
}

type Send = { scheduleId: string; period: string; recipientUserId: string; view: typeof tableViews.$inferSelect };

async function sendToRecipient(tx: Tx, send: Send): Promise<RunOutcome> {
  const { recipientUserId, view } = send;
  const [claimed] = await tx
    .insert(tableViewScheduleRuns)
    .values({ organizationId: sql`${currentOrganizationId}`, scheduleId: send.scheduleId, period: send.period, recipientUserId, status: "refused" })
    .onConflictDoNothing()
    .returning({ id: tableViewScheduleRuns.id });
  if (!claimed) return { recipientUserId, status: "already-done" };
  const refuse = async (reason: string): Promise<RunOutcome> => {
    await tx.update(tableViewScheduleRuns).set({ status: "refused", reason }).where(eq(tableViewScheduleRuns.id, claimed.id));
    return { recipientUserId, status: "refused", reason };
  };

  const [recipient] = await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, recipientUserId));
  const [membership] = await tx.select({ role: memberships.role }).from(memberships).where(eq(memberships.userId, recipientUserId));
  const table = registeredTable(view.tableId);
  if (!recipient || !membership) return refuse(`${recipient?.name ?? "The recipient"} is no longer a member of this organization.`);
  if (!table?.exportView) return refuse(`The ${view.tableId} table cannot be exported on a schedule.`);
  if (!can(membership.role, table.permission))
    return refuse(`${recipient.name} (${membership.role.replace("_", " ")}) may no longer see this table: it needs "${PERMISSIONS[table.permission].label}".`);

  const url = new URL(`http://app.invalid${viewHref(view)}`);
  const cols = url.searchParams.get("cols");
  const chosen = cols === null ? null : parseColumnKeys(table.definition, cols);
  const columns = visibleColumns(table.definition, chosen?.ok ? chosen.keys : knownKeys(table.definition, cols?.split(",")));
  let exported;
  try {
    exported = await table.exportView(tx, view.path, url);
  } catch (error) {
    if (error instanceof RecordNotFound) return refuse(`${recipient.name} cannot see this view's records any more (${error.message})`);
    throw error;
  }
  let rowCount = 0;
  const counted = (async function* () {
    for await (const batch of exported.rows) {
      rowCount += batch.length;
      yield batch;
    }
  })();
  const file = Buffer.from(await xlsxResponse({ ...exported, columns, rows: counted }).arrayBuffer());
  const key = `view-exports/${claimed.id}.xlsx`;
  await objectStorage().put(key, file, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const email = composeEmail(
    recipient.email,
    `${view.name}: scheduled export`,
    "scheduled_view",
    [`Hello ${recipient.name},`, `Attached is "${view.name}" as you can see it now (${rowCount} rows).`],
    { label: "Open the view", url: `${appUrl()}${viewHref(view)}` },
  );
  await queueEmail(tx, { ...email, attachment: { key, name: exported.filename } });
  await tx.update(tableViewScheduleRuns).set({ status: "sent", reason: "", rowCount }).where(eq(tableViewScheduleRuns.id, claimed.id));
  return { recipientUserId, status: "sent" };
}
