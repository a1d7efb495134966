import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";

/**
 * The columns (which, in which order) a member last chose for one table (issue 18 §4). A URL's
 * `?cols=` wins over it; without either the table definition's defaults apply.
 */
export const tableColumnPreferences = pgTable(
  "table_column_preferences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tableId: text("table_id").notNull(),
    columns: text("columns").array().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("table_column_preferences_user_table_key").on(t.organizationId, t.userId, t.tableId), tenantPolicy()],
);

/**
 * A saved view: a name for one table page's URL state (filters, sort, page size, columns), private
 * to its owner or shared with the organization. `search` is the query string without a cursor.
 */
export const tableViews = pgTable(
  "table_views",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    ownerUserId: uuid("owner_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tableId: text("table_id").notNull(),
    path: text("path").notNull(),
    name: text("name").notNull(),
    search: text("search").notNull().default(""),
    shared: boolean("shared").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("table_views_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("table_views_owner_path_name_key").on(t.organizationId, t.ownerUserId, t.path, t.name),
    index("table_views_path_idx").on(t.organizationId, t.path),
    check("table_views_name_check", sql`length(${t.name}) between 1 and 80`),
    tenantPolicy(),
  ],
);

/**
 * A saved view's Excel export mailed to chosen members, weekly (day 1 = Monday … 7) or monthly
 * (day 1–28), at `time` (HH:MM) in the organization's time zone. One schedule per view.
 */
export const tableViewSchedules = pgTable(
  "table_view_schedules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    viewId: uuid("view_id").notNull(),
    frequency: text("frequency", { enum: ["weekly", "monthly"] }).notNull(),
    day: integer("day").notNull(),
    time: text("time").notNull(),
    recipientUserIds: uuid("recipient_user_ids").array().notNull(),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("table_view_schedules_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("table_view_schedules_view_key").on(t.organizationId, t.viewId),
    tenantRef("table_view_schedules_view_fkey", [t.organizationId, t.viewId], [tableViews.organizationId, tableViews.id], "cascade"),
    check(
      "table_view_schedules_when_check",
      sql`${t.time} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' and ((${t.frequency} = 'weekly' and ${t.day} between 1 and 7) or (${t.frequency} = 'monthly' and ${t.day} between 1 and 28))`,
    ),
    tenantPolicy(),
  ],
);

/**
 * One send of a schedule to one recipient in one period ("2026-W49", "2026-12"): the unique key
 * makes a rerun of the job send nothing twice. `status` sent or refused (with the reason the
 * owner reads on the views page).
 */
export const tableViewScheduleRuns = pgTable(
  "table_view_schedule_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    scheduleId: uuid("schedule_id").notNull(),
    period: text("period").notNull(),
    recipientUserId: uuid("recipient_user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["sent", "refused"] }).notNull(),
    reason: text("reason").notNull().default(""),
    rowCount: integer("row_count"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("table_view_schedule_runs_once_key").on(t.organizationId, t.scheduleId, t.period, t.recipientUserId),
    tenantRef("table_view_schedule_runs_schedule_fkey", [t.organizationId, t.scheduleId], [tableViewSchedules.organizationId, tableViewSchedules.id], "cascade"),
    tenantPolicy(),
  ],
);
