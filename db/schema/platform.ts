import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

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
