import { and, eq, sql } from "drizzle-orm";
import { budgetLines, projects } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, totalOutOfRange } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import type { AddBudgetLine, DeleteBudgetLine, SetForecast, UpdateBudgetLine } from "./budgets.schema";
import { requireBudgetProject } from "./project-scope.server";
import { isUuid } from "~/utils/ids";
import { isUniqueViolation } from "~/utils/pg-errors.server";

/** A budget rule refused the change; `field` names the form field to show it on. */
export class BudgetRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Someone else saved the record since the form was loaded. */
export class StaleBudgetRecord extends Error {
  constructor(what = "budget line") {
    super(`Someone else changed this ${what} meanwhile. Reload the page and try again.`);
  }
}

export const LOCKED_MESSAGE = "The budget is locked: original amounts change only through change orders and budget transfers.";


/** The project's lock state, holding the row so a concurrent lock waits for this change. */
async function lockState(tx: Tx, projectId: string) {
  await requireBudgetProject(tx, projectId);
  const [row] = await tx.select({ lockedAt: projects.budgetLockedAt }).from(projects).where(eq(projects.id, projectId)).for("share");
  return { locked: row.lockedAt !== null };
}

export async function getBudgetLine(tx: Tx, projectId: string, lineId: string) {
  await requireBudgetProject(tx, projectId);
  if (!isUuid(lineId)) throw new RecordNotFound("budget line");
  const [line] = await tx
    .select()
    .from(budgetLines)
    .where(and(eq(budgetLines.id, lineId), eq(budgetLines.projectId, projectId)));
  if (!line) throw new RecordNotFound("budget line");
  return line;
}

/** Active cost codes and cost types this organization can budget against. */
export async function listBudgetChoices(tx: Tx) {
  const [codes, types] = await Promise.all([
    queryRows<{ id: string; label: string }>(tx, sql`
      select c.id, c.code || ' ' || c.name as label from cost_codes c where c.active order by c.code`),
    queryRows<{ id: string; label: string }>(tx, sql`select id, name as label from cost_types where active order by sort_order, name`),
  ]);
  return { costCodes: [...codes], costTypes: [...types] };
}

async function requireActiveChoice(tx: Tx, input: { costCodeId: string; costTypeId: string }) {
  const [found] = await queryRows<{ code: string | null; type: string | null }>(tx, sql`
    select (select code || ' ' || name from cost_codes where id = ${input.costCodeId} and active) as code,
      (select name from cost_types where id = ${input.costTypeId} and active) as type`);
  if (!found.code) throw new BudgetRefused("Choose an active cost code.", "costCodeId");
  if (!found.type) throw new BudgetRefused("Choose an active cost type.", "costTypeId");
  return { code: found.code, type: found.type };
}

/**
 * A new line for a cost code × cost type. Once the budget is locked, a line may still be added
 * with a zero original amount (e.g. as the target of a transfer), never with budget of its own.
 */
/**
 * Refuses a budget change that makes a total too large for a money column: the project's original
 * budget, or one line's budget after its transfers in and out.
 */
export async function refuseBudgetTotalsOutOfRange(tx: Tx, projectId: string, field: string) {
  const [row] = await queryRows<{ original: string; largestLine: string }>(tx, sql`
    with moves as (
      select line_id, sum(amount) as net from (
        select to_line_id as line_id, amount from budget_transfers where project_id = ${projectId}
        union all select from_line_id, -amount from budget_transfers where project_id = ${projectId}) m
      group by line_id)
    select coalesce(sum(l.original_amount), 0)::text as original,
           coalesce(max(abs(l.original_amount + coalesce(m.net, 0))), 0)::text as "largestLine"
    from budget_lines l left join moves m on m.line_id = l.id
    where l.project_id = ${projectId}`);
  const problem = totalOutOfRange({ "the project's original budget": row.original, "a budget line's revised budget": row.largestLine });
  if (problem) throw new BudgetRefused(problem, field);
}

export async function addBudgetLine(tx: Tx, projectId: string, input: Omit<AddBudgetLine, "intent">) {
  const { locked } = await lockState(tx, projectId);
  if (locked && !dec(input.originalAmount).isZero()) throw new BudgetRefused(`${LOCKED_MESSAGE} New lines start at 0.00.`, "originalAmount");
  const choice = await requireActiveChoice(tx, input);
  const duplicate = new BudgetRefused(`This project already has a budget line for ${choice.code} × ${choice.type}.`, "costCodeId");
  const [taken] = await tx
    .select({ id: budgetLines.id })
    .from(budgetLines)
    .where(and(eq(budgetLines.projectId, projectId), eq(budgetLines.costCodeId, input.costCodeId), eq(budgetLines.costTypeId, input.costTypeId)));
  if (taken) throw duplicate;
  try {
    const [line] = await tx
      .insert(budgetLines)
      .values({ organizationId: sql`${currentOrganizationId}`, projectId, ...input })
      .returning();
    await refuseBudgetTotalsOutOfRange(tx, projectId, "originalAmount");
    await recordAudit(tx, { entityType: "budget_line", entityId: line.id, action: "created", after: line });
    return line;
  } catch (error) {
    if (isUniqueViolation(error, "budget_lines_org_project_code_type_key")) throw duplicate;
    throw error;
  }
}

/** Description any time; the original amount only while the budget is unlocked. */
export async function updateBudgetLine(tx: Tx, projectId: string, input: Omit<UpdateBudgetLine, "intent">) {
  const { locked } = await lockState(tx, projectId);
  const before = await getBudgetLine(tx, projectId, input.lineId);
  if (before.version !== input.version) throw new StaleBudgetRecord();
  const amountChanged = before.originalAmount !== input.originalAmount;
  if (locked && amountChanged) throw new BudgetRefused(LOCKED_MESSAGE);
  const [after] = await tx
    .update(budgetLines)
    .set({ description: input.description, originalAmount: input.originalAmount, version: sql`${budgetLines.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(budgetLines.id, input.lineId), eq(budgetLines.version, input.version)))
    .returning();
  if (!after) throw new StaleBudgetRecord();
  await refuseBudgetTotalsOutOfRange(tx, projectId, "originalAmount");
  await recordAudit(tx, { entityType: "budget_line", entityId: after.id, action: "updated", before, after });
  return after;
}

export async function deleteBudgetLine(tx: Tx, projectId: string, input: Omit<DeleteBudgetLine, "intent">) {
  const { locked } = await lockState(tx, projectId);
  if (locked) throw new BudgetRefused(LOCKED_MESSAGE);
  const before = await getBudgetLine(tx, projectId, input.lineId);
  if (before.version !== input.version) throw new StaleBudgetRecord();
  const [used] = await queryRows(tx, sql`select 1 from budget_transfers where from_line_id = ${input.lineId} or to_line_id = ${input.lineId} limit 1`);
  if (used) throw new BudgetRefused("This line has budget transfers, which are permanent: it cannot be deleted.");
  const deleted = await tx
    .delete(budgetLines)
    .where(and(eq(budgetLines.id, input.lineId), eq(budgetLines.version, input.version)))
    .returning({ id: budgetLines.id });
  if (deleted.length === 0) throw new StaleBudgetRecord();
  await recordAudit(tx, { entityType: "budget_line", entityId: before.id, action: "deleted", before });
}

/** Forecast to complete: automatic, or a manual amount (allowed whether or not the budget is locked). */
export async function setForecast(tx: Tx, projectId: string, input: Omit<SetForecast, "intent">) {
  const before = await getBudgetLine(tx, projectId, input.lineId);
  if (before.version !== input.version) throw new StaleBudgetRecord();
  const [after] = await tx
    .update(budgetLines)
    .set({
      ftcMode: input.ftcMode,
      ftcManual: input.ftcMode === "manual" ? input.ftcManual! : null,
      version: sql`${budgetLines.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(budgetLines.id, input.lineId), eq(budgetLines.version, input.version)))
    .returning();
  if (!after) throw new StaleBudgetRecord();
  await recordAudit(tx, { entityType: "budget_line", entityId: after.id, action: "forecast_changed", before, after });
  return after;
}
