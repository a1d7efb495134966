import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizationId, tenantPolicy } from "./_shared";
import { users } from "./identity";

/** How a sensitive view was read: shown as a page, or downloaded. */
export const DATA_ACCESS_FORMATS = ["page", "xlsx", "pdf"] as const;

/**
 * Append-only (table comment): who viewed or downloaded which financial view, with its filters
 * and row count. Written by recordDataAccess (app/utils/data-access.server.ts) in the reader's
 * own transaction.
 */
export const dataAccessEvents = pgTable(
  "data_access_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    actorUserId: uuid("actor_user_id")
      .references(() => users.id, { onDelete: "set null" })
      .default(sql`nullif(current_setting('app.user_id', true), '')::uuid`),
    view: text("view").notNull(),
    format: text("format", { enum: DATA_ACCESS_FORMATS }).notNull(),
    filters: jsonb("filters").notNull().default({}),
    rowCount: integer("row_count").notNull(),
    requestId: text("request_id").default(sql`nullif(current_setting('app.request_id', true), '')`),
    ip: text("ip"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first, as the log lists it (`desc nulls last`, the table's sort): an ascending index
    // cannot serve that order, and the list sorted every event of the organization.
    index("data_access_events_org_time_idx").on(t.organizationId, t.occurredAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    check("data_access_events_format_check", sql`${t.format} in ('page', 'xlsx', 'pdf')`),
    check("data_access_events_row_count_check", sql`${t.rowCount} >= 0`),
    tenantPolicy(),
  ],
);
