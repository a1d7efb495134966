import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUuid } from "~/utils/ids";


/** Ids from URLs are checked before they reach SQL, so a malformed one is "not found", not a cast error. */

export type BudgetProject = {
  id: string;
  jobNumber: string;
  name: string;
  budgetLockedAt: string | null;
  budgetLockedByName: string | null;
  version: number;
};

/**
 * The project a budget page or service works on, as this tenant sees it (RLS hides other
 * organizations' projects). A malformed id is as unknown as a missing one: RecordNotFound, never a
 * cast error.
 */
export async function requireBudgetProject(tx: Tx, projectId: string): Promise<BudgetProject> {
  if (!isUuid(projectId)) throw new RecordNotFound("project");
  const [project] = await queryRows<BudgetProject>(tx, sql`
    select p.id, p.job_number as "jobNumber", p.name, p.version,
      to_char(p.budget_locked_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "budgetLockedAt",
      u.name as "budgetLockedByName"
    from projects p left join users u on u.id = p.budget_locked_by
    where p.id = ${projectId}`);
  if (!project) throw new RecordNotFound("project");
  return { ...project };
}
