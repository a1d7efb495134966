import { sql } from "drizzle-orm";
import { check, date, foreignKey, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { projects } from "./projects";
import { vendors } from "./vendors";

/**
 * Schedule milestones of a project, unique by name within it. `planned_date` is the baseline (the
 * masterfile's "Planned date"); `forecast_date` null means "on baseline"; a milestone with a
 * `start_date` is a bar, one without is a diamond. Who is responsible: a vendor, a member and/or
 * free text. Status (done, late, slipping, on track) is derived, never stored.
 */
export const projectMilestones = pgTable(
  "project_milestones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    name: text("name").notNull(),
    plannedDate: date("planned_date").notNull(),
    forecastDate: date("forecast_date"),
    startDate: date("start_date"),
    actualDate: date("actual_date"),
    vendorId: uuid("vendor_id"),
    responsibleUserId: uuid("responsible_user_id").references(() => users.id, { onDelete: "set null" }),
    responsible: text("responsible").notNull().default(""),
    notes: text("notes").notNull().default(""),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("project_milestones_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("project_milestones_org_project_id_key").on(t.organizationId, t.projectId, t.id),
    uniqueIndex("project_milestones_org_project_name_key").on(t.organizationId, t.projectId, t.name),
    tenantRef("project_milestones_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("project_milestones_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    tenantPolicy(),
  ],
);

/**
 * "Milestone follows predecessor", within one project (both references carry project_id). Cycles
 * are refused by the service (app/domains/schedule/milestone-predecessors.server.ts).
 */
export const milestonePredecessors = pgTable(
  "milestone_predecessors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    milestoneId: uuid("milestone_id").notNull(),
    predecessorId: uuid("predecessor_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("milestone_predecessors_org_pair_key").on(t.organizationId, t.milestoneId, t.predecessorId),
    uniqueIndex("milestone_predecessors_org_predecessor_key").on(t.organizationId, t.predecessorId, t.milestoneId),
    foreignKey({
      name: "milestone_predecessors_milestone_fkey",
      columns: [t.organizationId, t.projectId, t.milestoneId],
      foreignColumns: [projectMilestones.organizationId, projectMilestones.projectId, projectMilestones.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "milestone_predecessors_predecessor_fkey",
      columns: [t.organizationId, t.projectId, t.predecessorId],
      foreignColumns: [projectMilestones.organizationId, projectMilestones.projectId, projectMilestones.id],
    }).onDelete("cascade"),
    check("milestone_predecessors_not_self_check", sql`milestone_id <> predecessor_id`),
    tenantPolicy(),
  ],
);
