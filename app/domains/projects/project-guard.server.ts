import { withTenant, type TenantContext } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { getProject } from "./projects.server";

/** Before an action reads its form: another organization's (or no) project is a 404, whatever the form holds. */
export async function requireVisibleProject(tenant: TenantContext, projectId: string) {
  try {
    return await withTenant(tenant, (tx) => getProject(tx, projectId));
  } catch (error) {
    throw error instanceof RecordNotFound ? notFoundResponse(error) : error;
  }
}
