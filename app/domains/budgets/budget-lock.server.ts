import { and, eq, sql } from "drizzle-orm";
import { projects } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { BudgetRefused, StaleBudgetRecord } from "./budget-lines.server";
import { requireBudgetProject } from "./project-scope.server";

/**
 * Locks (or unlocks) a project's budget: while locked, original amounts are fixed and the budget
 * moves only through change orders and transfers. Guarded by the project's version.
 */
export async function setBudgetLock(tx: Tx, projectId: string, input: { lock: boolean; version: number }) {
  const project = await requireBudgetProject(tx, projectId);
  if (project.version !== input.version) throw new StaleBudgetRecord("project");
  if (input.lock === (project.budgetLockedAt !== null))
    throw new BudgetRefused(input.lock ? "The budget is already locked." : "The budget is not locked.");
  const [after] = await tx
    .update(projects)
    .set({
      budgetLockedAt: input.lock ? sql`now()` : null,
      budgetLockedBy: input.lock ? sql`nullif(current_setting('app.user_id', true), '')::uuid` : null,
      version: sql`${projects.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(projects.id, projectId), eq(projects.version, input.version)))
    .returning({ id: projects.id, budgetLockedAt: projects.budgetLockedAt, budgetLockedBy: projects.budgetLockedBy, version: projects.version });
  if (!after) throw new StaleBudgetRecord("project");
  await recordAudit(tx, {
    entityType: "project",
    entityId: projectId,
    action: input.lock ? "budget_locked" : "budget_unlocked",
    before: { budgetLockedAt: project.budgetLockedAt, version: project.version },
    after,
  });
  return after;
}
