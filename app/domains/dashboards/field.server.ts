/**
 * The field section: the projects at work (status active) the member can open — with
 * `projects:all` every one, else those they are on the team of (project-scope.server.ts) — and a
 * place for today's items, which arrive with the field module (daily logs, punch lists). One statement.
 */
import { sql } from "drizzle-orm";
import { projectsLookahead } from "~/domains/schedule/lookahead.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { projectInScope, type ProjectScope } from "~/domains/projects/project-scope.server";
import { dashboardLinks } from "./dashboard-links";

export const FIELD_PROJECTS_SHOWN = 8;

export async function fieldSection(tx: Tx, scope: ProjectScope) {
  const rows = await queryRows<{ id: string; project: string; address: string; total: number }>(tx, sql`
    select id, job_number || ' ' || name as project, address, count(*) over ()::int as total
    from projects p where status = 'active' and ${projectInScope(scope)} order by job_number limit ${FIELD_PROJECTS_SHOWN}`);
  return {
    total: rows[0]?.total ?? 0,
    href: dashboardLinks.activeProjects(),
    projects: rows.map((r) => ({ project: r.project, address: r.address, href: `/projects/${r.id}` })),
    lookahead: await projectsLookahead(tx, rows.map((r) => r.id)),
  };
}

export type FieldSection = Awaited<ReturnType<typeof fieldSection>>;
