import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { ROLES } from "../../app/utils/permissions";
import { users } from "./identity";

export const memberships = pgTable(
  "memberships",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("memberships_org_user_key").on(t.organizationId, t.userId), index("memberships_user_idx").on(t.userId), tenantPolicy()],
);

export const invitations = pgTable(
  "invitations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    email: text("email").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    /** sha256 of the mailed token; looked up across tenants only by app_private.invitation_by_token. */
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastSentAt: timestamp("last_sent_at", { withTimezone: true }).notNull().defaultNow(),
    sendCount: integer("send_count").notNull().default(1),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("invitations_org_token_key").on(t.organizationId, t.tokenHash),
    index("invitations_token_idx").on(t.tokenHash),
    uniqueIndex("invitations_org_open_email_key")
      .on(t.organizationId, t.email)
      .where(sql`accepted_at is null and revoked_at is null`),
    tenantPolicy(),
  ],
);

/** Append-only (table comment): every material mutation writes one row in its own transaction. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    actorUserId: uuid("actor_user_id")
      .references(() => users.id, { onDelete: "set null" })
      .default(sql`nullif(current_setting('app.user_id', true), '')::uuid`),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id").default(sql`nullif(current_setting('app.request_id', true), '')`),
    ip: text("ip"),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // Newest first, as the log lists it (`desc nulls last`, the table's sort): an ascending index
    // cannot serve that order, and the list sorted every event of the organization.
    index("audit_events_org_time_idx").on(t.organizationId, t.occurredAt.desc().nullsLast(), t.id.desc().nullsFirst()),
    index("audit_events_entity_idx").on(t.organizationId, t.entityType, t.entityId),
    tenantPolicy(),
  ],
);
