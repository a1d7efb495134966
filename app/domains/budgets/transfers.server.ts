import { sql } from "drizzle-orm";
import { budgetTransfers } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { BudgetRefused, refuseBudgetTotalsOutOfRange } from "./budget-lines.server";
import type { BudgetTransfer } from "./budgets.schema";
import { requireBudgetProject } from "./project-scope.server";
import { isUuid } from "~/utils/ids";

const lineLabel = sql`c.code || ' ' || c.name || ' × ' || t.name`;

/** "03-3000 Cast-in-place concrete × Labor" for one line. */
export async function budgetLineLabel(tx: Tx, lineId: string) {
  const [row] = await queryRows<{ label: string }>(tx, sql`
    select ${lineLabel} as label
    from budget_lines bl join cost_codes c on c.id = bl.cost_code_id join cost_types t on t.id = bl.cost_type_id
    where bl.id = ${lineId}`);
  return row?.label ?? "";
}

/** The project's budget lines as transfer choices ("03-3000 Cast-in-place concrete × Labor"). */
export async function listTransferChoices(tx: Tx, projectId: string) {
  await requireBudgetProject(tx, projectId);
  const rows = await queryRows<{ id: string; label: string }>(tx, sql`
    select bl.id, ${lineLabel} as label
    from budget_lines bl join cost_codes c on c.id = bl.cost_code_id join cost_types t on t.id = bl.cost_type_id
    where bl.project_id = ${projectId}
    order by c.code, t.sort_order, t.name`);
  return [...rows];
}

/**
 * Moves budget from one line to another of the same project: an append-only transfer row, so the
 * from line's approved changes fall by the amount the to line's rise, and the project total stays.
 * Allowed whether or not the budget is locked (it is how a locked budget changes).
 */
export async function transferBudget(tx: Tx, projectId: string, input: Omit<BudgetTransfer, "intent">) {
  await requireBudgetProject(tx, projectId);
  if (!dec(input.amount).gt(0)) throw new BudgetRefused("The amount must be greater than zero.", "amount");
  if (input.fromLineId === input.toLineId) throw new BudgetRefused("Choose two different lines.", "toLineId");
  if (!isUuid(input.fromLineId) || !isUuid(input.toLineId)) throw new BudgetRefused("Choose two lines of this project's budget.", "fromLineId");
  const lines = await queryRows<{ id: string; label: string }>(tx, sql`
    select bl.id, ${lineLabel} as label
    from budget_lines bl join cost_codes c on c.id = bl.cost_code_id join cost_types t on t.id = bl.cost_type_id
    where bl.project_id = ${projectId} and bl.id in (${input.fromLineId}, ${input.toLineId})`);
  const from = lines.find((l) => l.id === input.fromLineId);
  const to = lines.find((l) => l.id === input.toLineId);
  if (!from) throw new BudgetRefused("Choose a line of this project's budget to move budget from.", "fromLineId");
  if (!to) throw new BudgetRefused("Choose a line of this project's budget to move budget to.", "toLineId");
  const [transfer] = await tx
    .insert(budgetTransfers)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      projectId,
      fromLineId: from.id,
      toLineId: to.id,
      amount: input.amount,
      reason: input.reason,
      createdBy: sql`nullif(current_setting('app.user_id', true), '')::uuid`,
    })
    .returning();
  await refuseBudgetTotalsOutOfRange(tx, projectId, "amount");
  await recordAudit(tx, { entityType: "budget_transfer", entityId: transfer.id, action: "created", after: { ...transfer, from: from.label, to: to.label } });
  return transfer;
}

export type TransferRow = { id: string; createdAt: string; from: string; to: string; amount: string; reason: string; createdBy: string };

/** The project's transfers, newest first; the latest `limit` of them when given. */
export async function listTransfers(tx: Tx, projectId: string, limit: number | null = null): Promise<TransferRow[]> {
  await requireBudgetProject(tx, projectId);
  const rows = await queryRows<TransferRow>(tx, sql`
    select bt.id, to_char(bt.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "createdAt",
      fc.code || ' × ' || ft.name as "from", tc.code || ' × ' || tt.name as "to",
      bt.amount::text as amount, bt.reason, coalesce(u.name, 'System') as "createdBy"
    from (
      select * from budget_transfers where project_id = ${projectId}
      order by created_at desc, id desc ${limit === null ? sql`` : sql`limit ${limit}`}
    ) bt
    join budget_lines fl on fl.id = bt.from_line_id join cost_codes fc on fc.id = fl.cost_code_id join cost_types ft on ft.id = fl.cost_type_id
    join budget_lines tl on tl.id = bt.to_line_id join cost_codes tc on tc.id = tl.cost_code_id join cost_types tt on tt.id = tl.cost_type_id
    left join users u on u.id = bt.created_by
    order by bt.created_at desc, bt.id desc`);
  return rows.map((r) => ({ ...r }));
}

export async function countTransfers(tx: Tx, projectId: string): Promise<number> {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from budget_transfers where project_id = ${projectId}`);
  return n;
}
