import { sql } from "drizzle-orm";
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { PROJECT_TEAM_ROLES } from "../../app/domains/projects/project-team-roles";
import { organizationId, tenantPolicy } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { memberships } from "./membership";
import { projects } from "./projects";

/**
 * Who works on a project and as what. A member without `projects:all` opens only the projects
 * they are on (or manage): see docs/decisions/0016-project-team-scoping.md. The reference to the
 * membership makes the user a member of the same organization and drops them from every team
 * when they leave it.
 */
export const projectTeamMembers = pgTable(
  "project_team_members",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    userId: uuid("user_id").notNull(),
    role: text("role", { enum: PROJECT_TEAM_ROLES }).notNull(),
    addedBy: uuid("added_by").references(() => users.id, { onDelete: "set null" }),
    addedAt: timestamp("added_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("project_team_members_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("project_team_members_org_project_user_key").on(t.organizationId, t.projectId, t.userId),
    index("project_team_members_org_user_idx").on(t.organizationId, t.userId),
    tenantRef("project_team_members_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("project_team_members_membership_fkey", [t.organizationId, t.userId], [memberships.organizationId, memberships.userId], "cascade"),
    check("project_team_members_role_check", sql.raw(`role in (${PROJECT_TEAM_ROLES.map((r) => `'${r}'`).join(", ")})`)),
    tenantPolicy(),
  ],
);
