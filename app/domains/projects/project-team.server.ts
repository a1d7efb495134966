/**
 * A project's team: who works on it and as what. The project manager named on the project
 * (projects.project_manager_id) counts as on the team without a row (project-scope.server.ts).
 * Every change is audited in its transaction.
 */
import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, projectTeamMembers, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import type { ProjectTeamRole } from "./project-team-roles";

/** A business rule refused the change (shown on the form, 409). */
export class TeamChangeRefused extends Error {}

const teamColumns = {
  id: projectTeamMembers.id,
  userId: projectTeamMembers.userId,
  name: users.name,
  email: users.email,
  role: projectTeamMembers.role,
  addedAt: projectTeamMembers.addedAt,
};

/** The team, by role order then name. */
export async function listProjectTeam(tx: Tx, projectId: string) {
  const rows = await tx
    .select(teamColumns)
    .from(projectTeamMembers)
    .innerJoin(users, eq(users.id, projectTeamMembers.userId))
    .where(eq(projectTeamMembers.projectId, projectId))
    .orderBy(asc(users.name), asc(users.email));
  return rows;
}

/** The organization's members not yet on the team: who the add form offers. */
export async function teamCandidates(tx: Tx, projectId: string) {
  return queryRows<{ userId: string; label: string }>(tx, sql`
    select m.user_id as "userId", case when u.name = '' then u.email else u.name end as label
    from memberships m join users u on u.id = m.user_id
    where not exists (select 1 from project_team_members t where t.organization_id = m.organization_id and t.project_id = ${projectId} and t.user_id = m.user_id)
    order by lower(u.name), u.email`);
}

async function teamRow(tx: Tx, projectId: string, teamMemberId: string) {
  const [row] = await tx
    .select(teamColumns)
    .from(projectTeamMembers)
    .innerJoin(users, eq(users.id, projectTeamMembers.userId))
    .where(and(eq(projectTeamMembers.id, teamMemberId), eq(projectTeamMembers.projectId, projectId)));
  if (!row) throw new RecordNotFound("team member");
  return row;
}

export async function addTeamMember(tx: Tx, projectId: string, input: { userId: string; role: ProjectTeamRole }) {
  const [member] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, input.userId));
  if (!member) throw new TeamChangeRefused("Choose a member of this organization.");
  try {
    const [created] = await tx
      .insert(projectTeamMembers)
      .values({ organizationId: sql`${currentOrganizationId}`, projectId, userId: input.userId, role: input.role, addedBy: sql`nullif(current_setting('app.user_id', true), '')::uuid` })
      .returning({ id: projectTeamMembers.id });
    const row = await teamRow(tx, projectId, created.id);
    await recordAudit(tx, { entityType: "project_team_member", entityId: row.id, action: "added", after: { projectId, ...row } });
    return row;
  } catch (error) {
    if (isUniqueViolation(error, "project_team_members_org_project_user_key")) throw new TeamChangeRefused("That member is already on the team.");
    throw error;
  }
}

export async function changeTeamRole(tx: Tx, projectId: string, input: { teamMemberId: string; role: ProjectTeamRole }) {
  const before = await teamRow(tx, projectId, input.teamMemberId);
  await tx.update(projectTeamMembers).set({ role: input.role }).where(eq(projectTeamMembers.id, before.id));
  const after = { ...before, role: input.role };
  if (before.role !== after.role) await recordAudit(tx, { entityType: "project_team_member", entityId: before.id, action: "role_changed", before: { projectId, ...before }, after: { projectId, ...after } });
  return after;
}

export async function removeTeamMember(tx: Tx, projectId: string, teamMemberId: string) {
  const before = await teamRow(tx, projectId, teamMemberId);
  await tx.delete(projectTeamMembers).where(eq(projectTeamMembers.id, before.id));
  await recordAudit(tx, { entityType: "project_team_member", entityId: before.id, action: "removed", before: { projectId, ...before } });
  return before;
}
