import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { users } from "./identity";

/**
 * One notification for one member about one record (app/domains/notifications). Written in the
 * transaction of the change that caused it; `email_status` says what its email did:
 * none (in-app only), pending (the notifications__email job will send it), sent, skipped (the
 * recipient could no longer see the record at send time), digest (waits for the daily digest),
 * digested (went out in digest run `digest_run_id`).
 */
export const notifications = pgTable(
  "notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    recipientId: uuid("recipient_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    recordKind: text("record_kind").notNull(),
    recordId: uuid("record_id").notNull(),
    link: text("link").notNull(),
    title: text("title").notNull(),
    summary: text("summary").notNull().default(""),
    actionLabel: text("action_label").notNull().default("Open it"),
    emailStatus: text("email_status").notNull().default("none"),
    digestRunId: uuid("digest_run_id"),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index("notifications_recipient_newest_idx").on(t.organizationId, t.recipientId, t.createdAt.desc()),
    index("notifications_recipient_unread_idx").on(t.organizationId, t.recipientId).where(sql`read_at is null`),
    index("notifications_digest_waiting_idx").on(t.organizationId, t.recipientId).where(sql`email_status = 'digest'`),
    check("notifications_email_status_check", sql`email_status in ('none', 'pending', 'sent', 'skipped', 'digest', 'digested')`),
    check("notifications_link_check", sql`link like '/%' and link not like '//%'`),
    tenantPolicy(),
  ],
);

/** A member's choice per event kind in one organization; a missing row means the event's default. */
export const notificationPreferences = pgTable(
  "notification_preferences",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    channel: text("channel").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("notification_preferences_org_user_kind_key").on(t.organizationId, t.userId, t.kind),
    check("notification_preferences_channel_check", sql`channel in ('in_app', 'email_now', 'digest', 'off')`),
    tenantPolicy(),
  ],
);

/** One daily digest per member per organization per local date: the dedupe row of the digest job. */
export const notificationDigestRuns = pgTable(
  "notification_digest_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    localDate: date("local_date", { mode: "string" }).notNull(),
    notificationCount: integer("notification_count").notNull().default(0),
    waitingCount: integer("waiting_count").notNull().default(0),
    emailed: text("emailed").notNull().default("no"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("notification_digest_runs_org_user_date_key").on(t.organizationId, t.userId, t.localDate),
    check("notification_digest_runs_emailed_check", sql`emailed in ('yes', 'no')`),
    tenantPolicy(),
  ],
);
