/**
 * Which projects a member opens (docs/decisions/0016-project-team-scoping.md): with `projects:all`
 * every project of the organization; without it (the field role) the projects they are on the
 * team of or are the named project manager of. Every read of a project list or a project for such
 * a member goes through here: the project guard, the project list and its export, the dashboard's
 * field section and the project pickers a field member reaches.
 */
import { sql, type SQL } from "drizzle-orm";
import type { Tx } from "~/utils/db.server";
import { can, type Role } from "~/utils/permissions";
import { RecordNotFound } from "~/utils/not-found.server";
import { queryRows } from "~/utils/db.server";
import { getProject, projectsList } from "./projects.server";
import { serverTable } from "~/utils/data-table.server";

/** null: every project; a user id: that user's team projects only. */
export type ProjectScope = string | null;

export function projectScopeOf(member: { active: { role: Role }; user: { id: string } }): ProjectScope {
  return can(member.active.role, "projects:all") ? null : member.user.id;
}

/** The condition on a projects row aliased `alias` ("p"): true when the scope's user may open it. */
export function projectInScope(scope: ProjectScope, alias = "p"): SQL {
  if (scope === null) return sql`true`;
  const p = sql.raw(alias);
  return sql`(${p}.project_manager_id = ${scope}::uuid or exists (
    select 1 from project_team_members tm
    where tm.organization_id = ${p}.organization_id and tm.project_id = ${p}.id and tm.user_id = ${scope}::uuid))`;
}

/** The project list (page and export) limited to the scope. */
export function projectsListFor(scope: ProjectScope) {
  return scope === null ? projectsList : serverTable(projectsList, { ...projectsList.source, where: projectInScope(scope) });
}

/** One project, when the scope may open it; RecordNotFound (a 404) otherwise, as for another organization's. */
export async function getProjectFor(tx: Tx, projectId: string, scope: ProjectScope) {
  const project = await getProject(tx, projectId);
  if (scope === null) return project;
  const [open] = await queryRows<{ ok: boolean }>(tx, sql`select ${projectInScope(scope)} as ok from projects p where p.id = ${project.id}`);
  if (!open?.ok) throw new RecordNotFound("project");
  return project;
}

/** Projects for a select box, by job number, limited to the scope. */
export async function listProjectOptionsFor(tx: Tx, scope: ProjectScope) {
  const rows = await queryRows<{ id: string; jobNumber: string; name: string; status: string }>(tx, sql`
    select p.id, p.job_number as "jobNumber", p.name, p.status from projects p
    where ${projectInScope(scope)} order by p.job_number`);
  return rows.map((r) => ({ ...r, label: `${r.jobNumber} · ${r.name}` }));
}

/** Search results without the projects the scope may not open (a field member finds their own jobs only). */
export async function withoutClosedProjects<G extends { kind: string; hits: { id: string }[] }>(tx: Tx, groups: G[], scope: ProjectScope): Promise<G[]> {
  const ids = groups.filter((g) => g.kind === "project").flatMap((g) => g.hits.map((h) => h.id));
  if (scope === null || ids.length === 0) return groups;
  const open = await queryRows<{ id: string }>(tx, sql`select p.id from projects p where p.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) and ${projectInScope(scope)}`);
  const openIds = new Set(open.map((r) => r.id));
  return groups.map((g) => (g.kind === "project" ? { ...g, hits: g.hits.filter((h) => openIds.has(h.id)) } : g)).filter((g) => g.hits.length > 0);
}
