import { and, asc, eq, inArray, sql, type SQL } from "drizzle-orm";
import { changeOrderLines, changeOrders, commitments, costCodes, costTypes, projects, vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { CHANGE_ORDER_STATUS_LABELS, type ChangeOrderStage, type ChangeOrderStatus } from "./change-orders.schema";
import { isUuid } from "~/utils/ids";

/** A business refusal (wrong status, stale version, missing line…): 409 with this message. */
export class ChangeOrderRefused extends Error {}

export const STALE_CHANGE_ORDER = "Someone else changed this change order meanwhile. Reload and try again.";

export const changeOrderLabel = (co: { number: number; title: string }) => `CO #${co.number} · ${co.title}`;

const lineTotals = sql<string>`coalesce((select sum(l.amount) from change_order_lines l where l.change_order_id = ${changeOrders.id}), 0)::text`;
const budgetTotals = sql<string | null>`(select sum(l.budget_amount) from change_order_lines l where l.change_order_id = ${changeOrders.id})::text`;


/** Ids from URLs and forms are checked before they reach SQL: a malformed one is "not found", never a cast error. */

export type ChangeOrder = Awaited<ReturnType<typeof findChangeOrder>>;

/** The change order with its project, commitment and totals (RecordNotFound if not visible). */
export async function findChangeOrder(tx: Tx, changeOrderId: string) {
  if (!isUuid(changeOrderId)) throw new RecordNotFound("change order");
  const [row] = await tx
    .select({
      changeOrder: changeOrders,
      project: { id: projects.id, jobNumber: projects.jobNumber, name: projects.name },
      commitment: { id: commitments.id, number: commitments.number, title: commitments.title, vendorName: vendors.name },
      amount: lineTotals,
      budgetAmount: budgetTotals,
    })
    .from(changeOrders)
    .innerJoin(projects, eq(projects.id, changeOrders.projectId))
    .leftJoin(commitments, eq(commitments.id, changeOrders.commitmentId))
    .leftJoin(vendors, eq(vendors.id, commitments.vendorId))
    .where(eq(changeOrders.id, changeOrderId));
  if (!row) throw new RecordNotFound("change order");
  return { ...row.changeOrder, project: row.project, commitment: row.commitment, amount: row.amount, budgetAmount: row.budgetAmount };
}

export async function listChangeOrderLines(tx: Tx, changeOrderId: string) {
  return tx
    .select({
      id: changeOrderLines.id,
      lineNumber: changeOrderLines.lineNumber,
      costCodeId: changeOrderLines.costCodeId,
      costCode: costCodes.code,
      costCodeName: costCodes.name,
      costTypeId: changeOrderLines.costTypeId,
      costType: costTypes.name,
      description: changeOrderLines.description,
      amount: changeOrderLines.amount,
      budgetAmount: changeOrderLines.budgetAmount,
    })
    .from(changeOrderLines)
    .innerJoin(costCodes, eq(costCodes.id, changeOrderLines.costCodeId))
    .innerJoin(costTypes, eq(costTypes.id, changeOrderLines.costTypeId))
    .where(eq(changeOrderLines.changeOrderId, changeOrderId))
    .orderBy(asc(changeOrderLines.lineNumber));
}

export async function getChangeOrder(tx: Tx, changeOrderId: string) {
  const changeOrder = await findChangeOrder(tx, changeOrderId);
  return { ...changeOrder, lines: await listChangeOrderLines(tx, changeOrderId) };
}

/** Active cost codes and cost types, for the line form. */
export async function lineChoices(tx: Tx) {
  const [codes, types] = await Promise.all([
    tx.select({ id: costCodes.id, code: costCodes.code, name: costCodes.name }).from(costCodes).where(eq(costCodes.active, true)).orderBy(asc(costCodes.code)),
    tx.select({ id: costTypes.id, name: costTypes.name }).from(costTypes).where(eq(costTypes.active, true)).orderBy(asc(costTypes.sortOrder), asc(costTypes.name)),
  ]);
  return { costCodes: codes, costTypes: types };
}

/** The project's executed commitments: the ones a commitment change order can modify. */
export async function executedCommitments(tx: Tx, projectId: string) {
  if (!isUuid(projectId)) throw new RecordNotFound("project");
  return tx
    .select({ id: commitments.id, number: commitments.number, title: commitments.title, vendorName: vendors.name })
    .from(commitments)
    .innerJoin(vendors, eq(vendors.id, commitments.vendorId))
    .where(and(eq(commitments.projectId, projectId), eq(commitments.status, "executed")))
    .orderBy(asc(commitments.number));
}

export type NewChangeOrder = { projectId: string; kind: "prime" | "commitment"; commitmentId: string | null; stage: ChangeOrderStage; title: string; description: string };

/**
 * Creates a draft with the project's next number. The project row is locked first (FOR NO KEY
 * UPDATE: it still lets other rows reference the project), so concurrent creations in one project
 * take numbers one after another instead of colliding on the unique index.
 */
export async function createChangeOrder(tx: Tx, input: NewChangeOrder) {
  if (!isUuid(input.projectId)) throw new RecordNotFound("project");
  const [project] = await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId)).for("no key update");
  if (!project) throw new RecordNotFound("project");
  if (input.kind === "commitment") {
    const allowed = await executedCommitments(tx, input.projectId);
    if (!allowed.some((c) => c.id === input.commitmentId)) throw new ChangeOrderRefused("Choose one of this project's executed commitments.");
  }
  const [created] = await tx
    .insert(changeOrders)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      projectId: project.id,
      number: sql`(select coalesce(max(number), 0) + 1 from change_orders where project_id = ${project.id})`,
      kind: input.kind,
      commitmentId: input.kind === "commitment" ? input.commitmentId : null,
      stage: input.stage,
      title: input.title,
      description: input.description,
    })
    .returning();
  await recordAudit(tx, { entityType: "change_order", entityId: created.id, action: "created", after: created });
  return created;
}

const STATUS_REFUSALS: Partial<Record<ChangeOrderStatus, string>> = {
  approved: "is approved: approved change orders cannot be changed. Create a new change order to correct it.",
  pending_approval: "is waiting for approval. Withdraw it first to change it.",
  rejected: "was rejected and is closed. Create a new change order instead.",
  void: "is void and cannot be changed.",
};

/**
 * Checks status and version, then bumps the version with the same guard in the UPDATE, so a
 * concurrent transition or a forged post can never change a change order in the wrong state.
 */
export async function guardChangeOrder(
  tx: Tx,
  input: {
    changeOrderId: string;
    version: number;
    statuses: ChangeOrderStatus[];
    set?: { [K in keyof typeof changeOrders.$inferInsert]?: (typeof changeOrders.$inferInsert)[K] | SQL };
    /** Further rules of this transition; throws ChangeOrderRefused to refuse. */
    check?: (current: ChangeOrder) => void | Promise<void>;
  },
) {
  const before = await findChangeOrder(tx, input.changeOrderId);
  if (!input.statuses.includes(before.status)) {
    const why = STATUS_REFUSALS[before.status] ?? `is ${CHANGE_ORDER_STATUS_LABELS[before.status].toLowerCase()}, which does not allow this.`;
    throw new ChangeOrderRefused(`Change order #${before.number} ${why}`);
  }
  if (before.version !== input.version) throw new ChangeOrderRefused(STALE_CHANGE_ORDER);
  await input.check?.(before);
  const [after] = await tx
    .update(changeOrders)
    .set({ ...input.set, version: sql`${changeOrders.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(changeOrders.id, before.id), eq(changeOrders.version, input.version), inArray(changeOrders.status, input.statuses)))
    .returning();
  if (!after) throw new ChangeOrderRefused(STALE_CHANGE_ORDER);
  return { before, after };
}

export async function updateChangeOrderHeader(tx: Tx, input: { changeOrderId: string; version: number; title: string; description: string }) {
  const { before, after } = await guardChangeOrder(tx, { ...input, statuses: ["draft"], set: { title: input.title, description: input.description } });
  await recordAudit(tx, { entityType: "change_order", entityId: after.id, action: "updated", before, after });
  return after;
}
