import { sql } from "drizzle-orm";
import { withTenant } from "~/utils/db.server";
import { queryRows } from "@db/query-rows";

/** The inspection the bench opens: the demo's in-progress one with the most items (the run page's form), and its project. */
export async function inspectionScope(organizationId: string): Promise<{ inspectionProjectId: string; inspectionId: string }> {
  const [found] = await withTenant({ organizationId }, (tx) =>
    queryRows<{ id: string; projectId: string }>(tx, sql`
      select n.id, n.project_id as "projectId" from inspections n
      order by n.status = 'in_progress' desc, (select count(*) from checklist_items i where i.version_id = n.template_version_id) desc, n.id limit 1`),
  );
  if (!found) throw new Error("the organization has no inspection (the demo seed makes some)");
  return { inspectionProjectId: found.projectId, inspectionId: found.id };
}
