import { and, asc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { changeOrders, costCodes, dailyLogAddenda, dailyLogs, users, vendors } from "@db/schema";
import { queryRows, type Tx } from "~/utils/db.server";
import { findDailyLog } from "./daily-logs.server";
import { SECTION_TABLES } from "./daily-log-rows.server";
import { SECTION_KEYS, SECTIONS, type SectionKey } from "./daily-log-sections";
import type { ListFilters } from "./daily-logs.schema";

/** A saved row as the page, the PDF and the export show it: its values as strings, plus display labels. */
export type LogRow = { id: string } & Record<string, string | boolean | null>;

async function userNames(tx: Tx, ids: (string | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (!wanted.length) return new Map<string, string>();
  const rows = await tx.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Every section's rows of some logs, keyed by log id, with company and cost code names and the delays' change orders. */
export async function sectionRows(tx: Tx, logIds: string[]): Promise<Map<string, Record<SectionKey, LogRow[]>>> {
  const byLog = new Map(logIds.map((id) => [id, Object.fromEntries(SECTION_KEYS.map((k) => [k, [] as LogRow[]])) as Record<SectionKey, LogRow[]>]));
  if (!logIds.length) return byLog;
  const [codes, companies] = await Promise.all([
    tx.select({ id: costCodes.id, code: costCodes.code, name: costCodes.name }).from(costCodes),
    tx.select({ id: vendors.id, name: vendors.name }).from(vendors),
  ]);
  const codeLabel = new Map(codes.map((c) => [c.id, `${c.code} ${c.name}`]));
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  for (const key of SECTION_KEYS) {
    const table = SECTION_TABLES[key];
    const rows = (await tx.select().from(table).where(inArray(table.dailyLogId, logIds)).orderBy(asc(table.dailyLogId), asc(table.position))) as Record<string, unknown>[];
    for (const row of rows) {
      const shown: LogRow = { id: String(row.id) };
      for (const f of SECTIONS[key].fields) {
        const value = row[f.name];
        shown[f.name] = typeof value === "boolean" || value === null ? value : String(value);
        if (f.kind === "costCode") shown[`${f.name}Label`] = value ? (codeLabel.get(String(value)) ?? "") : "";
        if (f.kind === "vendor") shown[`${f.name}Label`] = value ? (companyName.get(String(value)) ?? "") : "Own forces";
        if (f.kind === "select" && "options" in f) shown[`${f.name}Label`] = (f.options as Record<string, string>)[String(value)] ?? String(value);
        if (f.kind === "time" && typeof value === "string") shown[f.name] = value.slice(0, 5);
      }
      if (key === "delays") shown.changeOrderId = (row.changeOrderId as string | null) ?? null;
      byLog.get(String(row.dailyLogId))?.[key].push(shown);
    }
  }
  const linked = [...byLog.values()].flatMap((s) => s.delays).filter((d) => d.changeOrderId);
  if (linked.length) {
    const cos = await tx
      .select({ id: changeOrders.id, number: changeOrders.number, status: changeOrders.status })
      .from(changeOrders)
      .where(inArray(changeOrders.id, linked.map((d) => String(d.changeOrderId))));
    const byId = new Map(cos.map((c) => [c.id, c]));
    for (const d of linked) d.changeOrderLabel = `CO #${byId.get(String(d.changeOrderId))?.number ?? "?"}`;
  }
  return byLog;
}

export async function addendaOf(tx: Tx, logIds: string[]) {
  if (!logIds.length) return [];
  const rows = await tx
    .select({ id: dailyLogAddenda.id, dailyLogId: dailyLogAddenda.dailyLogId, body: dailyLogAddenda.body, authorId: dailyLogAddenda.authorId, createdAt: dailyLogAddenda.createdAt })
    .from(dailyLogAddenda)
    .where(inArray(dailyLogAddenda.dailyLogId, logIds))
    .orderBy(asc(dailyLogAddenda.createdAt));
  const names = await userNames(tx, rows.map((r) => r.authorId));
  return rows.map((r) => ({ ...r, author: (r.authorId && names.get(r.authorId)) || "—", createdAt: r.createdAt.toISOString() }));
}

/** One log with its sections, addenda and who wrote and submitted it (RecordNotFound outside the project). */
export async function readDailyLog(tx: Tx, logId: string, projectId: string) {
  const log = await findDailyLog(tx, logId, projectId);
  const [sections, addenda, names] = await Promise.all([sectionRows(tx, [log.id]), addendaOf(tx, [log.id]), userNames(tx, [log.createdBy, log.submittedBy])]);
  return {
    log: {
      ...log,
      createdByName: (log.createdBy && names.get(log.createdBy)) || "—",
      submittedByName: (log.submittedBy && names.get(log.submittedBy)) || null,
      submittedAt: log.submittedAt?.toISOString() ?? null,
      createdAt: log.createdAt.toISOString(),
      updatedAt: log.updatedAt.toISOString(),
    },
    sections: sections.get(log.id)!,
    addenda,
  };
}
export type ReadDailyLog = Awaited<ReturnType<typeof readDailyLog>>;

/** What the section forms offer: active cost codes below a division, and the companies (names only: no money). */
export async function rowChoices(tx: Tx) {
  const [codes, companies] = await Promise.all([
    tx.select({ id: costCodes.id, code: costCodes.code, name: costCodes.name }).from(costCodes).where(and(eq(costCodes.active, true), isNotNull(costCodes.parentId))).orderBy(asc(costCodes.code)),
    tx.select({ id: vendors.id, name: vendors.name }).from(vendors).orderBy(asc(vendors.name)),
  ]);
  return { costCodes: codes.map((c) => ({ value: c.id, label: `${c.code} ${c.name}` })), vendors: companies.map((v) => ({ value: v.id, label: v.name })) };
}
export type RowChoices = Awaited<ReturnType<typeof rowChoices>>;

export const LIST_PAGE_SIZE = 40;

export type DailyLogListRow = {
  id: string;
  logDate: string;
  status: "draft" | "submitted";
  author: string;
  weatherConditions: string | null;
  workers: number;
  crewHours: string;
  delays: number;
  delayHours: string;
  potentialChanges: number;
};

/** A project's logs, newest day first, filtered by day range and status; `before` pages on to older days. */
export async function listDailyLogs(tx: Tx, projectId: string, filters: ListFilters) {
  const where = [sql`l.project_id = ${projectId}`];
  if (filters.from) where.push(sql`l.log_date >= ${filters.from}`);
  if (filters.to) where.push(sql`l.log_date <= ${filters.to}`);
  if (filters.status) where.push(sql`l.status = ${filters.status}`);
  if (filters.before) where.push(sql`l.log_date < ${filters.before}`);
  const rows = await queryRows<DailyLogListRow>(tx, sql`
    select l.id, l.log_date::text as "logDate", l.status, l.weather_conditions as "weatherConditions",
      coalesce(u.name, '—') as author,
      coalesce(m.workers, 0)::int as workers, coalesce(m.hours, 0)::text as "crewHours",
      coalesce(d.n, 0)::int as delays, coalesce(d.hours, 0)::text as "delayHours", coalesce(d.flagged, 0)::int as "potentialChanges"
    from ${dailyLogs} l
    left join ${users} u on u.id = coalesce(l.submitted_by, l.created_by)
    left join lateral (select sum(workers) as workers, sum(hours) as hours from daily_log_manpower where daily_log_id = l.id) m on true
    left join lateral (select count(*) as n, sum(hours) as hours, count(*) filter (where potential_change) as flagged
                       from daily_log_delays where daily_log_id = l.id) d on true
    where ${sql.join(where, sql` and `)}
    order by l.log_date desc
    limit ${LIST_PAGE_SIZE + 1}`);
  return { rows: rows.slice(0, LIST_PAGE_SIZE), nextBefore: rows.length > LIST_PAGE_SIZE ? rows[LIST_PAGE_SIZE - 1].logDate : null };
}
