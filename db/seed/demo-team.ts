import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import type { ProjectTeamRole } from "~/domains/projects/project-team-roles";

/**
 * The demo teams, by job number: the project manager and the field staff of every active demo
 * project. Frank Fields (field@demo.test, a superintendent) is on two of Summit's jobs, so signing
 * in as him shows a field member's view: those two projects and no others.
 */
const DEMO_TEAMS: Record<string, [email: string, role: ProjectTeamRole][]> = {
  "2301": [["pm@demo.test", "project_manager"], ["field@demo.test", "superintendent"], ["admin@demo.test", "safety_manager"]],
  "2302": [["pm@demo.test", "project_manager"], ["field@demo.test", "superintendent"]],
  "2403": [["pm@demo.test", "project_manager"], ["admin@demo.test", "project_engineer"]],
  "H-101": [["owner@harbor.test", "project_manager"]],
};

/** The current tenant's demo teams, once: only while none of its projects has a team yet (a removal stays removed). */
export async function seedDemoTeam(tx: Tx) {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from project_team_members`);
  if (n > 0) return;
  const rows = Object.entries(DEMO_TEAMS).flatMap(([jobNumber, team]) => team.map(([email, role], i) => ({ jobNumber, email, role, day: 30 - i })));
  for (const r of rows)
    await tx.execute(sql`
      insert into project_team_members (organization_id, project_id, user_id, role, added_by, added_at)
      select p.organization_id, p.id, u.id, ${r.role}, p.project_manager_id, now() - make_interval(days => ${r.day})
      from projects p join memberships m on m.organization_id = p.organization_id join users u on u.id = m.user_id
      where p.job_number = ${r.jobNumber} and u.email = ${r.email}
      on conflict do nothing`);
}
