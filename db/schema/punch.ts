import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { projects } from "./projects";
import { vendors } from "./vendors";

export const PUNCH_STATUSES = ["open", "ready_for_review", "closed"] as const;
export const PUNCH_PRIORITIES = ["low", "normal", "high", "critical"] as const;
export const PUNCH_SOURCE_KINDS = ["inspection_answer", "observation"] as const;
export const OBSERVATION_KINDS = ["safety", "quality", "environmental", "housekeeping"] as const;
export const OBSERVATION_SEVERITIES = ["low", "medium", "high", "critical"] as const;
export const OBSERVATION_STATUSES = ["open", "closed"] as const;
export const OBSERVATION_SOURCE_KINDS = ["inspection_answer"] as const;

/**
 * A punch list item (app/domains/punch): work a responsible party must finish or fix. open →
 * ready_for_review (the party says it is done) → closed, or back to open when not accepted;
 * a closed item can be reopened. `source_*` says what raised it (a failed inspection answer, an
 * observation), if anything. Numbered per project (shown as P-014).
 */
export const punchItems = pgTable(
  "punch_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    number: integer("number").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    location: text("location").notNull().default(""),
    /** Free text until drawing sheets exist (issue 20). */
    drawingRef: text("drawing_ref").notNull().default(""),
    /** The responsible subcontractor. */
    vendorId: uuid("vendor_id"),
    trade: text("trade").notNull().default(""),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    dueDate: date("due_date", { mode: "string" }),
    priority: text("priority", { enum: PUNCH_PRIORITIES }).notNull().default("normal"),
    status: text("status", { enum: PUNCH_STATUSES }).notNull().default("open"),
    notAcceptedCount: integer("not_accepted_count").notNull().default(0),
    sourceKind: text("source_kind", { enum: PUNCH_SOURCE_KINDS }),
    sourceId: uuid("source_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("punch_items_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("punch_items_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("punch_items_org_project_status_idx").on(t.organizationId, t.projectId, t.status),
    index("punch_items_org_vendor_status_idx").on(t.organizationId, t.vendorId, t.status),
    index("punch_items_org_source_idx").on(t.organizationId, t.sourceKind, t.sourceId),
    tenantRef("punch_items_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("punch_items_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    check("punch_items_status_check", sql`status in ('open', 'ready_for_review', 'closed')`),
    check("punch_items_priority_check", sql`priority in ('low', 'normal', 'high', 'critical')`),
    check("punch_items_title_check", sql`length(btrim(title)) > 0`),
    check(
      "punch_items_source_check",
      sql`(source_kind is null and source_id is null) or (source_kind in ('inspection_answer', 'observation') and source_id is not null)`,
    ),
    check("punch_items_closed_check", sql`(status = 'closed') = (closed_at is not null)`),
    tenantPolicy(),
  ],
);

/** The history of a punch item: every transition and (re)assignment, who and when. Append-only. */
export const punchItemEvents = pgTable(
  "punch_item_events",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    punchItemId: uuid("punch_item_id").notNull(),
    /** created | submitted | closed | not_accepted | reopened | assigned */
    action: text("action").notNull(),
    fromStatus: text("from_status", { enum: PUNCH_STATUSES }),
    toStatus: text("to_status", { enum: PUNCH_STATUSES }).notNull(),
    comment: text("comment").notNull().default(""),
    byUserId: uuid("by_user_id").references(() => users.id, { onDelete: "set null" }),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("punch_item_events_org_item_idx").on(t.organizationId, t.punchItemId, t.at),
    tenantRef("punch_item_events_item_fkey", [t.organizationId, t.punchItemId], [punchItems.organizationId, punchItems.id], "cascade"),
    check("punch_item_events_action_check", sql`action in ('created', 'submitted', 'closed', 'not_accepted', 'reopened', 'assigned')`),
    tenantPolicy(),
  ],
);

/**
 * A field observation (safety, quality, environmental, housekeeping): open → closed with the
 * corrective action taken. It can be converted into a punch item (`punch_item_id`). Numbered per
 * project (shown as O-007).
 */
export const observations = pgTable(
  "observations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    number: integer("number").notNull(),
    kind: text("kind", { enum: OBSERVATION_KINDS }).notNull(),
    severity: text("severity", { enum: OBSERVATION_SEVERITIES }).notNull().default("medium"),
    description: text("description").notNull(),
    location: text("location").notNull().default(""),
    vendorId: uuid("vendor_id"),
    assigneeUserId: uuid("assignee_user_id").references(() => users.id, { onDelete: "set null" }),
    dueDate: date("due_date", { mode: "string" }),
    status: text("status", { enum: OBSERVATION_STATUSES }).notNull().default("open"),
    correctiveAction: text("corrective_action").notNull().default(""),
    punchItemId: uuid("punch_item_id"),
    sourceKind: text("source_kind", { enum: OBSERVATION_SOURCE_KINDS }),
    sourceId: uuid("source_id"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("observations_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("observations_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("observations_org_project_status_idx").on(t.organizationId, t.projectId, t.status),
    tenantRef("observations_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("observations_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    tenantRef("observations_punch_item_fkey", [t.organizationId, t.punchItemId], [punchItems.organizationId, punchItems.id]),
    check("observations_status_check", sql`status in ('open', 'closed')`),
    check("observations_kind_check", sql`kind in ('safety', 'quality', 'environmental', 'housekeeping')`),
    check("observations_severity_check", sql`severity in ('low', 'medium', 'high', 'critical')`),
    check("observations_description_check", sql`length(btrim(description)) > 0`),
    check("observations_source_check", sql`(source_kind is null and source_id is null) or (source_kind = 'inspection_answer' and source_id is not null)`),
    check("observations_closed_check", sql`(status = 'closed') = (closed_at is not null)`),
    tenantPolicy(),
  ],
);
