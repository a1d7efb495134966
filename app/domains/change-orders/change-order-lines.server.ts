/**
 * Lines of a draft change order. Every line change first passes guardChangeOrder (status draft,
 * the version the user saw), which also locks the change order row: a line can never be added to,
 * changed on or removed from a change order that was submitted or approved meanwhile.
 */
import { and, eq, sql } from "drizzle-orm";
import { changeOrderLines, costCodes, costTypes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { totalOutOfRange } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { commitmentTotalsProblem } from "../commitments/commitments.server";
import { contractTotalsProblem } from "../contracts/contracts.server";
import { ChangeOrderRefused, guardChangeOrder } from "./change-orders.server";

export type LineFields = {
  costCodeId: string;
  costTypeId: string;
  description: string;
  amount: string;
  budgetAmount?: string | null;
};

async function checkedFields(tx: Tx, kind: "prime" | "commitment", fields: LineFields) {
  const [code] = await tx.select({ id: costCodes.id }).from(costCodes).where(and(eq(costCodes.id, fields.costCodeId), eq(costCodes.active, true)));
  if (!code) throw new ChangeOrderRefused("Choose an active cost code.");
  const [type] = await tx.select({ id: costTypes.id }).from(costTypes).where(and(eq(costTypes.id, fields.costTypeId), eq(costTypes.active, true)));
  if (!type) throw new ChangeOrderRefused("Choose an active cost type.");
  return {
    costCodeId: fields.costCodeId,
    costTypeId: fields.costTypeId,
    description: fields.description,
    amount: fields.amount,
    // The budget (cost) side exists for prime change orders only.
    budgetAmount: kind === "prime" ? (fields.budgetAmount ?? null) : null,
  };
}

/**
 * Refuses lines whose totals would not fit a money column: the change order's own, and what it
 * changes once approved (the commitment's values, or the contract sum and schedule of values).
 */
async function refuseTotalsOutOfRange(tx: Tx, changeOrder: { id: string; kind: "prime" | "commitment"; projectId: string; commitmentId: string | null }) {
  const [own] = await queryRows<{ amount: string; budget: string }>(
    tx,
    sql`select coalesce(sum(amount), 0)::text as amount, coalesce(sum(budget_amount), 0)::text as budget from change_order_lines where change_order_id = ${changeOrder.id}`,
  );
  const problem =
    totalOutOfRange({ "this change order's total": own.amount, "its budget total": own.budget }) ??
    (changeOrder.kind === "prime"
      ? await contractTotalsProblem(tx, changeOrder.projectId, own.amount)
      : changeOrder.commitmentId && (await commitmentTotalsProblem(tx, changeOrder.commitmentId)));
  if (problem) throw new ChangeOrderRefused(problem);
}

export async function addChangeOrderLine(tx: Tx, input: LineFields & { changeOrderId: string; version: number }) {
  const { after: changeOrder } = await guardChangeOrder(tx, { changeOrderId: input.changeOrderId, version: input.version, statuses: ["draft"] });
  const values = await checkedFields(tx, changeOrder.kind, input);
  const [line] = await tx
    .insert(changeOrderLines)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      changeOrderId: changeOrder.id,
      lineNumber: sql`(select coalesce(max(line_number), 0) + 1 from change_order_lines where change_order_id = ${changeOrder.id})`,
      ...values,
    })
    .returning();
  await refuseTotalsOutOfRange(tx, changeOrder);
  await recordAudit(tx, { entityType: "change_order", entityId: changeOrder.id, action: "line_added", after: line });
  return line;
}

async function findLine(tx: Tx, changeOrderId: string, lineId: string) {
  const [line] = await tx
    .select()
    .from(changeOrderLines)
    .where(and(eq(changeOrderLines.id, lineId), eq(changeOrderLines.changeOrderId, changeOrderId)));
  if (!line) throw new RecordNotFound("change order line");
  return line;
}

export async function updateChangeOrderLine(tx: Tx, input: LineFields & { changeOrderId: string; lineId: string; version: number }) {
  const { after: changeOrder } = await guardChangeOrder(tx, { changeOrderId: input.changeOrderId, version: input.version, statuses: ["draft"] });
  const before = await findLine(tx, changeOrder.id, input.lineId);
  const values = await checkedFields(tx, changeOrder.kind, input);
  const [after] = await tx.update(changeOrderLines).set(values).where(eq(changeOrderLines.id, before.id)).returning();
  await refuseTotalsOutOfRange(tx, changeOrder);
  await recordAudit(tx, { entityType: "change_order", entityId: changeOrder.id, action: "line_updated", before, after });
  return after;
}

export async function deleteChangeOrderLine(tx: Tx, input: { changeOrderId: string; lineId: string; version: number }) {
  const { after: changeOrder } = await guardChangeOrder(tx, { changeOrderId: input.changeOrderId, version: input.version, statuses: ["draft"] });
  const before = await findLine(tx, changeOrder.id, input.lineId);
  await tx.delete(changeOrderLines).where(eq(changeOrderLines.id, before.id));
  await recordAudit(tx, { entityType: "change_order", entityId: changeOrder.id, action: "line_deleted", before });
}
