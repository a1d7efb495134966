import { randomUUID } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import {
  costCodes,
  dailyLogAddenda,
  dailyLogDeliveries,
  dailyLogDelays,
  dailyLogEquipment,
  dailyLogManpower,
  dailyLogs,
  dailyLogSafety,
  dailyLogVisitors,
  dailyLogWork,
  projects,
  vendors,
} from "@db/schema";
import { organizationToday } from "~/domains/daily-logs/daily-logs.server";
import type { Tx } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import * as data from "./demo-daily-logs-data";
import { seedDemoPhotos } from "./demo-photos";

/** mulberry32: the same seed draws the same month of logs. */
function randomFrom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const dayOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const isoOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The last `count` weekdays before `today`, oldest first. */
function workingDaysBefore(today: string, count: number): string[] {
  const days: string[] = [];
  for (let t = dayOf(today) - DAY; days.length < count; t -= DAY) if (![0, 6].includes(new Date(t).getUTCDay())) days.unshift(isoOf(t));
  return days;
}

const WEATHER: [string, number][] = [["sunny", 0.4], ["partly_cloudy", 0.25], ["overcast", 0.13], ["snow", 0.08], ["windy", 0.08], ["rain", 0.06]];
const pick = <T,>(r: () => number, list: readonly T[]) => list[Math.floor(r() * list.length)];
function weatherOf(r: () => number) {
  let x = r();
  const conditions = WEATHER.find(([, p]) => (x -= p) < 0)?.[0] ?? "sunny";
  const cold = conditions === "snow" ? 12 : 0;
  const high = 38 + Math.floor(r() * 24) - cold;
  return {
    weatherConditions: conditions as (typeof dailyLogs.$inferInsert)["weatherConditions"] & string,
    temperatureHigh: `${high}.0`,
    temperatureLow: `${high - 14 - Math.floor(r() * 8)}.0`,
    precipitation: conditions === "snow" ? `${(1 + Math.floor(r() * 4)).toString()} in snow` : conditions === "rain" ? "0.3 in" : "None",
    wind: conditions === "windy" ? "W 25 mph, gusts 40" : `${pick(r, ["N", "NW", "W", "SW", "S"])} ${5 + Math.floor(r() * 10)} mph`,
  };
}

/**
 * A month of daily logs (the last 22 working days, all submitted by the superintendent) and today's
 * draft for each active project without logs, with photos on the latest days.
 */
export async function seedDailyLogs(tx: Tx, organizationId: string, superintendentId: string) {
  const active = await tx.select({ id: projects.id, jobNumber: projects.jobNumber }).from(projects).where(eq(projects.status, "active")).orderBy(projects.jobNumber);
  const seeded = await tx.selectDistinct({ projectId: dailyLogs.projectId }).from(dailyLogs);
  const todo = active.filter((p) => !seeded.some((s) => s.projectId === p.id));
  if (!todo.length) return;
  const today = await organizationToday(tx);
  const days = [...workingDaysBefore(today, 22), today];
  const vendorIds = new Map((await tx.select({ id: vendors.id, name: vendors.name }).from(vendors)).map((v) => [v.name, v.id]));
  const codeIds = new Map((await tx.select({ id: costCodes.id, code: costCodes.code }).from(costCodes)).map((c) => [c.code, c.id]));
  const crews = vendorIds.has("Atlantic Concrete Co") ? data.HARBOR_CREWS : data.DEMO_CREWS;
  const row = (logId: string, position: number) => ({ id: randomUUID(), organizationId, dailyLogId: logId, position });
  const storage = objectStorage();

  for (const [p, project] of todo.entries()) {
    const logs = days.map((logDate, i) => ({ id: randomUUID(), organizationId, projectId: project.id, logDate, temperatureUnit: "F" as const, createdBy: superintendentId, ...weatherOf(randomFrom(p * 1000 + i)) }));
    const rows = { manpower: [] as (typeof dailyLogManpower.$inferInsert)[], work: [] as (typeof dailyLogWork.$inferInsert)[], equipment: [] as (typeof dailyLogEquipment.$inferInsert)[] };
    const extras = { deliveries: [] as (typeof dailyLogDeliveries.$inferInsert)[], visitors: [] as (typeof dailyLogVisitors.$inferInsert)[], delays: [] as (typeof dailyLogDelays.$inferInsert)[], safety: [] as (typeof dailyLogSafety.$inferInsert)[] };
    for (const [i, log] of logs.entries()) {
      const r = randomFrom(p * 7919 + i * 31 + 7);
      const windy = log.weatherConditions === "windy";
      const count = Math.min(crews.length, 3 + Math.floor(r() * 3));
      for (let c = 0; c < count; c++) {
        const [company, trade, code, [lo, hi], work] = crews[(i + c * 2) % crews.length];
        const workers = lo + Math.floor(r() * (hi - lo + 1));
        rows.manpower.push({ ...row(log.id, c), vendorId: company ? (vendorIds.get(company) ?? null) : null, trade, workers, hours: `${workers * (windy ? 6 : 8)}.00`, costCodeId: codeIds.get(code) ?? null });
        if (log.logDate !== today) rows.work.push({ ...row(log.id, c), costCodeId: codeIds.get(code) ?? null, area: "", description: work[(i + c) % work.length] });
      }
      // today's draft: the superintendent has the weather and the crews in so far
      if (log.logDate === today) continue;
      rows.equipment.push({ ...row(log.id, 0), name: data.DEMO_EQUIPMENT[i % 2][0], hours: `${4 + (i % 5)}.00`, notes: data.DEMO_EQUIPMENT[i % 2][1] });
      if (i % 4 === 1) {
        const [supplier, description] = data.DEMO_DELIVERIES[(i + p) % data.DEMO_DELIVERIES.length];
        extras.deliveries.push({ ...row(log.id, 0), supplier, description, receivedBy: "Frank Fields" });
      }
      if (i % 5 === 2) {
        const [name, company, purpose, timeIn, timeOut] = data.DEMO_VISITORS[(i + p) % data.DEMO_VISITORS.length];
        extras.visitors.push({ ...row(log.id, 0), name, company, purpose, timeIn, timeOut });
      }
      if (windy) extras.delays.push({ ...row(log.id, 0), cause: "weather", hours: "2.00", description: data.DEMO_WEATHER_DELAY, potentialChange: false });
      if (i === 14) extras.delays.push({ ...row(log.id, 1), cause: "owner", hours: "3.50", description: data.DEMO_POTENTIAL_CHANGE, potentialChange: true });
      if (new Date(dayOf(log.logDate)).getUTCDay() === 1)
        extras.safety.push({ ...row(log.id, 0), kind: "toolbox_talk", description: data.DEMO_TOOLBOX_TALKS[i % data.DEMO_TOOLBOX_TALKS.length], actionTaken: "" });
      if (i === 10) extras.safety.push({ ...row(log.id, 1), kind: "observation", description: data.DEMO_SAFETY_OBSERVATION[0], actionTaken: data.DEMO_SAFETY_OBSERVATION[1] });
    }
    await tx.insert(dailyLogs).values(logs);
    await tx.insert(dailyLogManpower).values(rows.manpower);
    await tx.insert(dailyLogWork).values(rows.work);
    await tx.insert(dailyLogEquipment).values(rows.equipment);
    for (const [table, values] of [[dailyLogDeliveries, extras.deliveries], [dailyLogVisitors, extras.visitors], [dailyLogDelays, extras.delays], [dailyLogSafety, extras.safety]] as const)
      if (values.length) await tx.insert(table).values(values as never);
    await tx
      .update(dailyLogs)
      .set({ status: "submitted", submittedBy: superintendentId, submittedAt: sql`(${dailyLogs.logDate}::timestamp + interval '23 hours 30 minutes') at time zone 'UTC'` })
      .where(and(eq(dailyLogs.projectId, project.id), ne(dailyLogs.logDate, today), inArray(dailyLogs.id, logs.map((l) => l.id))));
    await tx.insert(dailyLogAddenda).values({
      organizationId,
      dailyLogId: logs[14].id,
      body: data.DEMO_ADDENDUM,
      authorId: superintendentId,
      createdAt: sql`(${logs[14].logDate}::timestamp + interval '1 day 15 hours') at time zone 'UTC'`,
    });
    // photos on the latest days (generating every picture of the month would slow every demo seed)
    for (const [i, log] of logs.slice(-6).entries()) {
      const captions = [data.DEMO_PHOTO_CAPTIONS[(i + p) % 6], data.DEMO_PHOTO_CAPTIONS[(i + p + 2) % 6], data.DEMO_PHOTO_CAPTIONS[(i + p + 4) % 6]];
      await seedDemoPhotos(tx, storage, { organizationId, projectId: project.id, subject: { kind: "daily_log", id: log.id }, count: 2 + (i % 2), takenOn: log.logDate, seed: p * 100 + i, captions, uploadedBy: superintendentId });
    }
  }
}
