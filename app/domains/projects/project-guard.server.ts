import type { Member } from "~/utils/auth.server";
import { withTenant, type TenantContext } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { getProjectFor, projectScopeOf } from "./project-scope.server";
import { getProject } from "./projects.server";

/** Before an action reads its form: another organization's (or no) project is a 404, whatever the form holds. */
export async function requireVisibleProject(tenant: TenantContext, projectId: string) {
  try {
    return await withTenant(tenant, (tx) => getProject(tx, projectId));
  } catch (error) {
    throw error instanceof RecordNotFound ? notFoundResponse(error) : error;
  }
}

/**
 * The project a field page (daily logs, photos, punch, inspections, schedule) works on, for this
 * member: a 404 when the member may not open it. Every field route loads its project through here,
 * so who sees which project is decided in one place: a member without `projects:all` opens only
 * the projects they are on the team of (project-scope.server.ts).
 */
export async function requireProjectFor(member: Member, projectId: string) {
  try {
    return await withTenant(member.tenant, (tx) => getProjectFor(tx, projectId, projectScopeOf(member)));
  } catch (error) {
    throw error instanceof RecordNotFound ? notFoundResponse(error) : error;
  }
}
