import { index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy } from "./_shared";

/** Liveness of worker processes; /readyz reads the newest `seen_at`. Global (no tenant). */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  hostname: text("hostname").notNull(),
  pid: integer("pid").notNull(),
  startedAt: timestamp("started_at", { withTimezone: true }).notNull().defaultNow(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
});

/** Round trips web → queue → worker requested from /status. Global (no tenant). */
export const platformChecks = pgTable("platform_checks", {
  id: uuid("id").primaryKey().defaultRandom(),
  requestId: text("request_id"),
  requestedAt: timestamp("requested_at", { withTimezone: true }).notNull().defaultNow(),
  completedAt: timestamp("completed_at", { withTimezone: true }),
  workerId: text("worker_id"),
});

/**
 * One row per form post that created something, keyed by the submission token the page rendered
 * (app/utils/submissions.server.ts): the same post repeated (a double click, a resend after a
 * timeout, the back button) finds the row and goes to what the first one created.
 */
export const formSubmissions = pgTable(
  "form_submissions",
  {
    organizationId: organizationId(),
    token: uuid("token").notNull(),
    /** The form's path and intent: one page render's token is shared by every form on the page. */
    scope: text("scope").notNull(),
    userId: uuid("user_id"),
    /** Where the first post sent the user (set in the same transaction as the record it created). */
    location: text("location"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.organizationId, t.token, t.scope] }),
    index("form_submissions_org_user_created_idx").on(t.organizationId, t.userId, t.createdAt),
    tenantPolicy(),
  ],
);
