import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgTable, text, time, timestamp, uniqueIndex, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { changeOrders } from "./change-orders";
import { costCodes } from "./cost-codes";
import { users } from "./identity";
import { projects } from "./projects";
import { vendors } from "./vendors";

export const DAILY_LOG_STATUSES = ["draft", "submitted"] as const;
export const WEATHER_CONDITIONS = ["sunny", "partly_cloudy", "overcast", "rain", "thunderstorms", "snow", "sleet", "fog", "windy", "hot", "cold"] as const;
export const TEMPERATURE_UNITS = ["F", "C"] as const;
export const DELAY_CAUSES = ["weather", "owner", "design", "subcontractor", "material", "inspection", "other"] as const;
export const SAFETY_KINDS = ["observation", "incident", "toolbox_talk"] as const;

const inList = (column: string, values: readonly string[]) => sql.raw(`${column} in (${values.map((v) => `'${v}'`).join(", ")})`);

/**
 * One log per project and day. A draft is edited section by section (each post bumps the version);
 * submitted, it is locked (migration 0035's trigger refuses changes to it and its rows) and
 * corrections come as addenda.
 */
export const dailyLogs = pgTable(
  "daily_logs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    logDate: date("log_date").notNull(),
    status: text("status", { enum: DAILY_LOG_STATUSES }).notNull().default("draft"),
    weatherConditions: text("weather_conditions", { enum: WEATHER_CONDITIONS }),
    temperatureHigh: numeric("temperature_high", { precision: 5, scale: 1 }),
    temperatureLow: numeric("temperature_low", { precision: 5, scale: 1 }),
    temperatureUnit: text("temperature_unit", { enum: TEMPERATURE_UNITS }).notNull().default("F"),
    /** As the superintendent reads it: "0.4 in", "light drizzle AM". */
    precipitation: text("precipitation").notNull().default(""),
    wind: text("wind").notNull().default(""),
    notes: text("notes").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("daily_logs_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("daily_logs_org_project_date_key").on(t.organizationId, t.projectId, t.logDate),
    tenantRef("daily_logs_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    check("daily_logs_status_check", inList("status", DAILY_LOG_STATUSES)),
    check("daily_logs_submitted_check", sql`(status = 'draft') = (submitted_at is null)`),
    check("daily_logs_conditions_check", sql`weather_conditions is null or ${inList("weather_conditions", WEATHER_CONDITIONS)}`),
    check("daily_logs_unit_check", inList("temperature_unit", TEMPERATURE_UNITS)),
    tenantPolicy(),
  ],
);

/** The columns every row of a log's section starts with: tenant, log, order on the page. */
const rowOf = () => ({
  id: uuid("id").primaryKey().defaultRandom(),
  organizationId: organizationId(),
  dailyLogId: uuid("daily_log_id").notNull(),
  position: integer("position").notNull().default(0),
  createdAt: createdAt(),
});
const logRef = (name: string, t: { organizationId: AnyPgColumn; dailyLogId: AnyPgColumn }) =>
  tenantRef(name, [t.organizationId, t.dailyLogId], [dailyLogs.organizationId, dailyLogs.id], "cascade");
const logIndex = (name: string, t: { organizationId: AnyPgColumn; dailyLogId: AnyPgColumn; position: AnyPgColumn }) =>
  index(name).on(t.organizationId, t.dailyLogId, t.position);

/** Crews on site: a vendor's (or own forces when vendor_id is null), by trade; hours feed the job cost report. */
export const dailyLogManpower = pgTable(
  "daily_log_manpower",
  {
    ...rowOf(),
    vendorId: uuid("vendor_id"),
    trade: text("trade").notNull(),
    workers: integer("workers").notNull(),
    hours: numeric("hours", { precision: 7, scale: 2 }).notNull(),
    costCodeId: uuid("cost_code_id"),
  },
  (t) => [
    logIndex("daily_log_manpower_log_idx", t),
    index("daily_log_manpower_cost_code_idx").on(t.organizationId, t.costCodeId),
    logRef("daily_log_manpower_log_fkey", t),
    tenantRef("daily_log_manpower_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    tenantRef("daily_log_manpower_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    check("daily_log_manpower_figures_check", sql`workers >= 0 and hours >= 0`),
    tenantPolicy(),
  ],
);

export const dailyLogWork = pgTable(
  "daily_log_work",
  { ...rowOf(), costCodeId: uuid("cost_code_id"), area: text("area").notNull().default(""), description: text("description").notNull() },
  (t) => [
    logIndex("daily_log_work_log_idx", t),
    logRef("daily_log_work_log_fkey", t),
    tenantRef("daily_log_work_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantPolicy(),
  ],
);

export const dailyLogEquipment = pgTable(
  "daily_log_equipment",
  { ...rowOf(), name: text("name").notNull(), hours: numeric("hours", { precision: 7, scale: 2 }), notes: text("notes").notNull().default("") },
  (t) => [logIndex("daily_log_equipment_log_idx", t), logRef("daily_log_equipment_log_fkey", t), tenantPolicy()],
);

export const dailyLogDeliveries = pgTable(
  "daily_log_deliveries",
  { ...rowOf(), supplier: text("supplier").notNull(), description: text("description").notNull(), receivedBy: text("received_by").notNull().default("") },
  (t) => [logIndex("daily_log_deliveries_log_idx", t), logRef("daily_log_deliveries_log_fkey", t), tenantPolicy()],
);

export const dailyLogVisitors = pgTable(
  "daily_log_visitors",
  {
    ...rowOf(),
    name: text("name").notNull(),
    company: text("company").notNull().default(""),
    purpose: text("purpose").notNull().default(""),
    timeIn: time("time_in"),
    timeOut: time("time_out"),
  },
  (t) => [logIndex("daily_log_visitors_log_idx", t), logRef("daily_log_visitors_log_fkey", t), tenantPolicy()],
);

/** A delay flagged as a potential change can start one draft change order (change_order_id). */
export const dailyLogDelays = pgTable(
  "daily_log_delays",
  {
    ...rowOf(),
    cause: text("cause", { enum: DELAY_CAUSES }).notNull(),
    hours: numeric("hours", { precision: 7, scale: 2 }).notNull(),
    description: text("description").notNull(),
    potentialChange: boolean("potential_change").notNull().default(false),
    changeOrderId: uuid("change_order_id"),
  },
  (t) => [
    logIndex("daily_log_delays_log_idx", t),
    uniqueIndex("daily_log_delays_org_change_order_key").on(t.organizationId, t.changeOrderId),
    logRef("daily_log_delays_log_fkey", t),
    tenantRef("daily_log_delays_change_order_fkey", [t.organizationId, t.changeOrderId], [changeOrders.organizationId, changeOrders.id]),
    check("daily_log_delays_cause_check", inList("cause", DELAY_CAUSES)),
    check("daily_log_delays_hours_check", sql`hours >= 0`),
    tenantPolicy(),
  ],
);

export const dailyLogSafety = pgTable(
  "daily_log_safety",
  { ...rowOf(), kind: text("kind", { enum: SAFETY_KINDS }).notNull(), description: text("description").notNull(), actionTaken: text("action_taken").notNull().default("") },
  (t) => [
    logIndex("daily_log_safety_log_idx", t),
    logRef("daily_log_safety_log_fkey", t),
    check("daily_log_safety_kind_check", inList("kind", SAFETY_KINDS)),
    tenantPolicy(),
  ],
);

/** Corrections and late notes to a submitted log: append-only. */
export const dailyLogAddenda = pgTable(
  "daily_log_addenda",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    dailyLogId: uuid("daily_log_id").notNull(),
    body: text("body").notNull(),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("daily_log_addenda_log_idx").on(t.organizationId, t.dailyLogId, t.createdAt),
    tenantRef("daily_log_addenda_log_fkey", [t.organizationId, t.dailyLogId], [dailyLogs.organizationId, dailyLogs.id], "cascade"),
    tenantPolicy(),
  ],
);
