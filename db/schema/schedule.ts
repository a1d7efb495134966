import { date, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { projects } from "./projects";

/** Schedule milestones of a project, unique by name within it. */
export const projectMilestones = pgTable(
  "project_milestones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    name: text("name").notNull(),
    plannedDate: date("planned_date").notNull(),
    actualDate: date("actual_date"),
    notes: text("notes").notNull().default(""),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("project_milestones_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("project_milestones_org_project_name_key").on(t.organizationId, t.projectId, t.name),
    tenantRef("project_milestones_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantPolicy(),
  ],
);
