import { and, eq, sql } from "drizzle-orm";
import { dailyLogAddenda, dailyLogs, organizations, projects } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { todayIn } from "~/utils/org-format";
import type { z } from "zod";
import type { weatherSchema } from "./daily-logs.schema";

/** A business refusal: the message is for the user; 409 for a state conflict, 400 for what the post itself got wrong. */
export class DailyLogRefused extends Error {
  constructor(
    message: string,
    readonly status: 400 | 409 = 409,
  ) {
    super(message);
  }
}

export const STALE_LOG = "Someone else changed this daily log meanwhile. Reload it and enter your change again.";
export const SUBMITTED_LOG = "This daily log is submitted and locked: add an addendum instead.";

export type DailyLog = typeof dailyLogs.$inferSelect;

export async function findDailyLog(tx: Tx, logId: string, projectId?: string): Promise<DailyLog> {
  if (!isUuid(logId)) throw new RecordNotFound("daily log");
  const [log] = await tx.select().from(dailyLogs).where(eq(dailyLogs.id, logId));
  if (!log || (projectId !== undefined && log.projectId !== projectId)) throw new RecordNotFound("daily log");
  return log;
}

/**
 * Claims a draft for a change: bumps its version if it is still the draft the user saw. Every
 * write to a draft goes through here first, so two people editing one log never overwrite each
 * other silently, and nothing is written to a submitted log.
 */
export async function claimDraft(tx: Tx, logId: string, version: number): Promise<DailyLog> {
  const [claimed] = await tx
    .update(dailyLogs)
    .set({ version: sql`${dailyLogs.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(dailyLogs.id, logId), eq(dailyLogs.version, version), eq(dailyLogs.status, "draft")))
    .returning();
  if (claimed) return claimed;
  const log = await findDailyLog(tx, logId);
  throw new DailyLogRefused(log.status === "submitted" ? SUBMITTED_LOG : STALE_LOG);
}

async function organizationDay(tx: Tx) {
  const [org] = await tx.select({ timeZone: organizations.timeZone, locale: organizations.locale }).from(organizations);
  if (!org) throw new Error("no organization in this transaction's tenant");
  return { today: todayIn(org.timeZone), unit: org.locale === "en-US" ? ("F" as const) : ("C" as const) };
}

/** Today's date in the organization's time zone. */
export async function organizationToday(tx: Tx) {
  return (await organizationDay(tx)).today;
}

/**
 * The log of a project's day, started as a draft if there is none yet (today's unless a date is
 * given). The unique (project, day) index makes two people opening the same day meet in one log.
 */
export async function openDailyLog(tx: Tx, input: { projectId: string; logDate?: string; userId: string }) {
  const { today, unit } = await organizationDay(tx);
  const logDate = input.logDate ?? today;
  if (logDate > today) throw new DailyLogRefused("A daily log records a day that has begun: choose today or an earlier day.", 400);
  const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId));
  if (!project) throw new RecordNotFound("project");
  const [created] = await tx
    .insert(dailyLogs)
    .values({ organizationId: sql`${currentOrganizationId}`, projectId: project.id, logDate, temperatureUnit: unit, createdBy: input.userId })
    .onConflictDoNothing()
    .returning();
  if (created) {
    await recordAudit(tx, { entityType: "daily_log", entityId: created.id, action: "created", after: created });
    return { log: created, created: true };
  }
  const [existing] = await tx.select().from(dailyLogs).where(and(eq(dailyLogs.projectId, project.id), eq(dailyLogs.logDate, logDate)));
  return { log: existing, created: false };
}

export type WeatherInput = Omit<z.output<typeof weatherSchema>, "intent">;

export async function saveWeather(tx: Tx, logId: string, input: WeatherInput) {
  const before = await claimDraft(tx, logId, input.version);
  const [after] = await tx
    .update(dailyLogs)
    .set({
      weatherConditions: input.weatherConditions ?? null,
      temperatureHigh: input.temperatureHigh ?? null,
      temperatureLow: input.temperatureLow ?? null,
      temperatureUnit: input.temperatureUnit,
      precipitation: input.precipitation,
      wind: input.wind,
      notes: input.notes,
    })
    .where(eq(dailyLogs.id, logId))
    .returning();
  await recordAudit(tx, { entityType: "daily_log", entityId: logId, action: "weather_saved", before, after });
  return after;
}

const SECTION_ROWS = sql.raw(
  ["daily_log_manpower", "daily_log_work", "daily_log_equipment", "daily_log_deliveries", "daily_log_visitors", "daily_log_delays", "daily_log_safety"]
    .map((t) => `(select count(*) from ${t} where daily_log_id = l.id)`)
    .join(" + "),
);

/** Locks the log: refused when nothing was recorded (no section row and no notes). */
export async function submitDailyLog(tx: Tx, input: { logId: string; version: number; userId: string }) {
  const before = await claimDraft(tx, input.logId, input.version);
  const [{ rows, notes }] = await queryRows<{ rows: number; notes: string }>(
    tx,
    sql`select (${SECTION_ROWS})::int as rows, l.notes from daily_logs l where l.id = ${input.logId}`,
  );
  if (rows === 0 && notes.trim() === "")
    throw new DailyLogRefused("This log is empty: record the manpower, the work performed or at least a note before submitting it.", 400);
  const [after] = await tx
    .update(dailyLogs)
    .set({ status: "submitted", submittedBy: input.userId, submittedAt: sql`now()` })
    .where(eq(dailyLogs.id, input.logId))
    .returning();
  await recordAudit(tx, { entityType: "daily_log", entityId: input.logId, action: "submitted", before, after });
  return after;
}

/** A correction or late note to a submitted log (a draft is simply edited). */
export async function addAddendum(tx: Tx, input: { logId: string; version: number; body: string; userId: string }) {
  const [log] = await tx
    .update(dailyLogs)
    .set({ version: sql`${dailyLogs.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(dailyLogs.id, input.logId), eq(dailyLogs.version, input.version), eq(dailyLogs.status, "submitted")))
    .returning();
  if (!log) {
    const found = await findDailyLog(tx, input.logId);
    throw new DailyLogRefused(found.status === "draft" ? "This log is still a draft: edit it directly; addenda are for submitted logs." : STALE_LOG);
  }
  const [addendum] = await tx
    .insert(dailyLogAddenda)
    .values({ organizationId: sql`${currentOrganizationId}`, dailyLogId: log.id, body: input.body, authorId: input.userId })
    .returning();
  await recordAudit(tx, { entityType: "daily_log", entityId: log.id, action: "addendum_added", after: addendum });
  return addendum;
}
