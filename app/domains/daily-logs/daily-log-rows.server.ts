import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import {
  costCodes,
  dailyLogDeliveries,
  dailyLogDelays,
  dailyLogEquipment,
  dailyLogManpower,
  dailyLogs,
  dailyLogSafety,
  dailyLogVisitors,
  dailyLogWork,
  vendors,
} from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { claimDraft, DailyLogRefused } from "./daily-logs.server";
import { SECTIONS, type SectionField, type SectionKey, type SectionRowInput } from "./daily-log-sections";

/** The table of each section: the same keys as SECTIONS, its fields are the tables' column keys. */
export const SECTION_TABLES = {
  manpower: dailyLogManpower,
  work: dailyLogWork,
  equipment: dailyLogEquipment,
  deliveries: dailyLogDeliveries,
  visitors: dailyLogVisitors,
  delays: dailyLogDelays,
  safety: dailyLogSafety,
} as const;

// The section tables share id, daily_log_id and position; drizzle cannot type a union of tables.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const tableOf = (key: SectionKey) => SECTION_TABLES[key] as any as typeof dailyLogWork;

/** A field left empty: "" for the text columns (NOT NULL DEFAULT ''), null for the others. */
const emptyValue = (field: SectionField) => (field.kind === "text" ? "" : field.kind === "checkbox" ? false : null);

function columnsOf(key: SectionKey, row: SectionRowInput) {
  const fields: readonly SectionField[] = SECTIONS[key].fields;
  return Object.fromEntries(fields.map((f) => [f.name, row[f.name] ?? emptyValue(f)]));
}

/** Cost codes and companies a post names must be this organization's (RLS hides the others). */
async function checkReferences(tx: Tx, key: SectionKey, rows: SectionRowInput[]) {
  const fields: readonly SectionField[] = SECTIONS[key].fields;
  const ids = (kind: SectionField["kind"]) => [
    ...new Set(rows.flatMap((r) => fields.filter((f) => f.kind === kind).map((f) => r[f.name])).filter((v): v is string => typeof v === "string")),
  ];
  const codes = ids("costCode");
  if (codes.length) {
    const found = await tx.select({ id: costCodes.id }).from(costCodes).where(inArray(costCodes.id, codes));
    if (found.length !== codes.length) throw new DailyLogRefused("Choose a cost code from the list.", 400);
  }
  const companies = ids("vendor");
  if (companies.length) {
    const found = await tx.select({ id: vendors.id }).from(vendors).where(inArray(vendors.id, companies));
    if (found.length !== companies.length) throw new DailyLogRefused("Choose a company from the list.", 400);
  }
}

/**
 * Saves one section of a draft as posted: rows with an id are updated, rows without one added,
 * and saved rows missing from the post removed — in one transaction, after claiming the version.
 * A delay that started a change order cannot be removed (the change order cites it).
 */
export async function saveSection(tx: Tx, input: { logId: string; version: number; section: SectionKey; rows: (SectionRowInput | null)[] }) {
  await claimDraft(tx, input.logId, input.version);
  const table = tableOf(input.section);
  const rows = input.rows.filter((r): r is SectionRowInput => r !== null);
  await checkReferences(tx, input.section, rows);
  const saved = await tx.select({ id: table.id }).from(table).where(eq(table.dailyLogId, input.logId));
  const savedIds = new Set(saved.map((r) => r.id));
  const postedIds = new Set(rows.flatMap((r) => (r.id ? [r.id] : [])));
  if ([...postedIds].some((id) => !savedIds.has(id))) throw new DailyLogRefused("A row of this section was removed meanwhile: reload the log and enter your change again.");
  const removed = [...savedIds].filter((id) => !postedIds.has(id));
  if (removed.length && input.section === "delays") {
    const linked = await tx.select({ id: dailyLogDelays.id }).from(dailyLogDelays).where(and(inArray(dailyLogDelays.id, removed), sql`${dailyLogDelays.changeOrderId} is not null`));
    if (linked.length) throw new DailyLogRefused("A delay that started a change order cannot be removed: the change order cites it.");
  }
  if (removed.length) await tx.delete(table).where(inArray(table.id, removed));
  for (const [position, row] of rows.entries()) {
    const values = { ...columnsOf(input.section, row), position };
    if (row.id) await tx.update(table).set(values).where(eq(table.id, row.id));
    else await tx.insert(table).values({ ...values, organizationId: sql`${currentOrganizationId}`, dailyLogId: input.logId } as unknown as typeof table.$inferInsert);
  }
  await recordAudit(tx, { entityType: "daily_log", entityId: input.logId, action: `${input.section}_saved`, after: { section: input.section, rows, removed } });
  return { rows: rows.length, removed: removed.length };
}

/**
 * Copies the manpower of the project's latest earlier log that has any into this draft. When the
 * draft already has manpower it is refused unless `replace` is ticked, and then replaced.
 */
export async function copyPreviousManpower(tx: Tx, input: { logId: string; version: number; replace: boolean }) {
  const log = await claimDraft(tx, input.logId, input.version);
  const [source] = await tx
    .select({ id: dailyLogs.id, logDate: dailyLogs.logDate })
    .from(dailyLogs)
    .where(and(eq(dailyLogs.projectId, log.projectId), lt(dailyLogs.logDate, log.logDate), sql`exists (select 1 from daily_log_manpower m where m.daily_log_id = ${dailyLogs.id})`))
    .orderBy(desc(dailyLogs.logDate))
    .limit(1);
  if (!source) throw new DailyLogRefused("No earlier log of this project has manpower to copy.");
  const present = await tx.select({ id: dailyLogManpower.id }).from(dailyLogManpower).where(eq(dailyLogManpower.dailyLogId, log.id));
  if (present.length && !input.replace)
    throw new DailyLogRefused(`This log already has ${present.length} manpower row${present.length === 1 ? "" : "s"}: tick “Replace the crews entered” to copy the previous log's instead.`);
  if (present.length) await tx.delete(dailyLogManpower).where(eq(dailyLogManpower.dailyLogId, log.id));
  const copied = await tx.execute(sql`
    insert into daily_log_manpower (organization_id, daily_log_id, position, vendor_id, trade, workers, hours, cost_code_id)
    select organization_id, ${log.id}, position, vendor_id, trade, workers, hours, cost_code_id
    from daily_log_manpower where daily_log_id = ${source.id}`);
  await recordAudit(tx, { entityType: "daily_log", entityId: log.id, action: "manpower_copied", after: { from: source.id, fromDate: source.logDate, rows: copied.rowCount, replaced: present.length } });
  return { fromDate: source.logDate, rows: copied.rowCount ?? 0 };
}
