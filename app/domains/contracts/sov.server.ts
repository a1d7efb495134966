import { and, asc, eq, sql } from "drizzle-orm";
import { changeOrderLines, changeOrders, primeContracts, sovLines } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ContractConflict, ContractRefused, contractTotalsProblem } from "./contracts.server";
import type { SovLineDelete, SovLineInput, SovLineUpdate } from "./contracts.schema";
import { getProject } from "../projects/projects.server";
import { activeCostCodeExists } from "./lookups.server";
import { isUuid } from "~/utils/ids";

export const lineColumns = {
  id: sovLines.id,
  contractId: sovLines.contractId,
  lineNumber: sovLines.lineNumber,
  description: sovLines.description,
  costCodeId: sovLines.costCodeId,
  scheduledValue: sovLines.scheduledValue,
  retainageRate: sovLines.retainageRate,
  changeOrderId: sovLines.changeOrderId,
};

/**
 * Every change to the schedule of values is a change to the contract: it takes the contract's
 * row (so line numbers are handed out one at a time) and bumps its version, so an edit made from
 * a stale page is refused instead of silently overwriting.
 */
export async function claimContract(tx: Tx, projectId: string, version: number) {
  const project = await getProject(tx, projectId);
  const [claimed] = await tx
    .update(primeContracts)
    .set({ version: sql`${primeContracts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(primeContracts.projectId, project.id), eq(primeContracts.version, version)))
    .returning({ id: primeContracts.id });
  if (claimed) return claimed.id;
  const [exists] = await tx.select({ id: primeContracts.id }).from(primeContracts).where(eq(primeContracts.projectId, project.id));
  if (!exists) throw new RecordNotFound("prime contract");
  throw new ContractConflict("Someone else changed this contract or its schedule of values meanwhile. Reload the page and try again.");
}

export async function nextLineNumber(tx: Tx, contractId: string) {
  const [row] = await tx
    .select({ next: sql<number>`coalesce(max(${sovLines.lineNumber}), 0)::int + 1` })
    .from(sovLines)
    .where(eq(sovLines.contractId, contractId));
  return row.next;
}

async function checkCostCode(tx: Tx, costCodeId: string | undefined) {
  if (costCodeId && !(await activeCostCodeExists(tx, costCodeId))) throw new ContractRefused("Choose an active cost code.", "costCodeId");
}

/** A line the user may edit: on this contract and not added by a change order (those are immutable). */
async function editableLine(tx: Tx, contractId: string, lineId: string) {
  const [line] = await tx.select(lineColumns).from(sovLines).where(and(eq(sovLines.id, lineId), eq(sovLines.contractId, contractId)));
  if (!line) throw new RecordNotFound("schedule of values line");
  if (line.changeOrderId) throw new ContractRefused("This line comes from an approved change order and cannot be changed. Make a new change order instead.");
  return line;
}

async function refuseTotalsOutOfRange(tx: Tx, projectId: string) {
  const problem = await contractTotalsProblem(tx, projectId);
  if (problem) throw new ContractRefused(problem, "scheduledValue");
}

export async function addSovLine(tx: Tx, projectId: string, input: Omit<SovLineInput, "intent">) {
  const contractId = await claimContract(tx, projectId, input.version);
  await checkCostCode(tx, input.costCodeId);
  const [line] = await tx
    .insert(sovLines)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      contractId,
      lineNumber: await nextLineNumber(tx, contractId),
      description: input.description,
      costCodeId: input.costCodeId ?? null,
      scheduledValue: input.scheduledValue,
      retainageRate: input.retainagePercent ?? null,
    })
    .returning(lineColumns);
  await refuseTotalsOutOfRange(tx, projectId);
  await recordAudit(tx, { entityType: "sov_line", entityId: line.id, action: "created", after: line });
  return line;
}

export async function updateSovLine(tx: Tx, projectId: string, input: Omit<SovLineUpdate, "intent">) {
  const contractId = await claimContract(tx, projectId, input.version);
  const before = await editableLine(tx, contractId, input.lineId);
  await checkCostCode(tx, input.costCodeId);
  const [after] = await tx
    .update(sovLines)
    .set({ description: input.description, costCodeId: input.costCodeId ?? null, scheduledValue: input.scheduledValue, retainageRate: input.retainagePercent ?? null, updatedAt: sql`now()` })
    .where(eq(sovLines.id, before.id))
    .returning(lineColumns);
  await refuseTotalsOutOfRange(tx, projectId);
  await recordAudit(tx, { entityType: "sov_line", entityId: after.id, action: "updated", before, after });
  return after;
}

/** A line that a pay application bills (or billed) stays: certified applications refer to it. */
async function refuseIfBilled(tx: Tx, lineIds: string[], message: string) {
  if (lineIds.length === 0) return;
  const [billed] = await queryRows(tx, sql`select 1 from pay_application_lines where sov_line_id in (${sql.join(lineIds.map((id) => sql`${id}::uuid`), sql`, `)}) limit 1`);
  if (billed) throw new ContractRefused(message);
}

/** The remaining lines keep their numbers: later documents refer to lines as numbered. */
export async function deleteSovLine(tx: Tx, projectId: string, input: Omit<SovLineDelete, "intent">) {
  const contractId = await claimContract(tx, projectId, input.version);
  const before = await editableLine(tx, contractId, input.lineId);
  await refuseIfBilled(tx, [before.id], `Line ${before.lineNumber} is on a pay application: it can no longer be deleted.`);
  await tx.delete(sovLines).where(eq(sovLines.id, before.id));
  await recordAudit(tx, { entityType: "sov_line", entityId: before.id, action: "deleted", before });
}

/** Every line of the contract in line order (the schedule of values grid). */
export const listSovLines = (tx: Tx, contractId: string) => tx.select(lineColumns).from(sovLines).where(eq(sovLines.contractId, contractId)).orderBy(asc(sovLines.lineNumber));

/**
 * Called when a prime change order is approved (after its status is set to approved, in the same
 * transaction): one SOV line per CO line, "CO #<n>: <description>", scheduled value = the line's
 * amount. Idempotent: a second call returns the lines the first one added.
 */
export async function addSovLinesForChangeOrder(tx: Tx, changeOrderId: string) {
  if (!isUuid(changeOrderId)) throw new RecordNotFound("change order");
  const [co] = await tx
    .select({ id: changeOrders.id, projectId: changeOrders.projectId, number: changeOrders.number, kind: changeOrders.kind, status: changeOrders.status, title: changeOrders.title })
    .from(changeOrders)
    .where(eq(changeOrders.id, changeOrderId));
  if (!co) throw new RecordNotFound("change order");
  if (co.kind !== "prime") throw new ContractRefused(`Change order #${co.number} is a commitment change order: it does not change the schedule of values.`);
  if (co.status !== "approved") throw new ContractRefused(`Change order #${co.number} is not approved: only approved change orders add schedule of values lines.`);
  // The row lock serializes line numbering and makes a concurrent second call see the first one's lines.
  const [contract] = await tx.select({ id: primeContracts.id }).from(primeContracts).where(eq(primeContracts.projectId, co.projectId)).for("update");
  if (!contract) throw new ContractRefused("This project has no prime contract: create it before approving a prime change order.");

  const existing = await tx.select(lineColumns).from(sovLines).where(eq(sovLines.changeOrderId, co.id)).orderBy(asc(sovLines.lineNumber));
  if (existing.length > 0) return existing;
  const coLines = await tx
    .select({ description: changeOrderLines.description, costCodeId: changeOrderLines.costCodeId, amount: changeOrderLines.amount })
    .from(changeOrderLines)
    .where(eq(changeOrderLines.changeOrderId, co.id))
    .orderBy(asc(changeOrderLines.lineNumber));
  if (coLines.length === 0) return [];

  const first = await nextLineNumber(tx, contract.id);
  const added = await tx
    .insert(sovLines)
    .values(
      coLines.map((l, i) => ({
        organizationId: sql`${currentOrganizationId}`,
        contractId: contract.id,
        lineNumber: first + i,
        description: `CO #${co.number}: ${l.description.trim() || co.title}`,
        costCodeId: l.costCodeId,
        scheduledValue: l.amount,
        changeOrderId: co.id,
      })),
    )
    .returning(lineColumns);
  await tx.update(primeContracts).set({ version: sql`${primeContracts.version} + 1`, updatedAt: sql`now()` }).where(eq(primeContracts.id, contract.id));
  for (const line of added) await recordAudit(tx, { entityType: "sov_line", entityId: line.id, action: "added_from_change_order", after: line });
  return added;
}

/**
 * Called when an approved prime change order is voided (same transaction): its SOV lines leave
 * the schedule of values, so the SOV keeps matching the contract sum to date.
 */
export async function removeSovLinesForChangeOrder(tx: Tx, changeOrderId: string) {
  const lines = await tx.select({ id: sovLines.id }).from(sovLines).where(eq(sovLines.changeOrderId, changeOrderId));
  await refuseIfBilled(
    tx,
    lines.map((l) => l.id),
    "This change order's schedule of values lines are on a pay application: it can no longer be voided. Record a deductive change order instead.",
  );
  const removed = await tx.delete(sovLines).where(eq(sovLines.changeOrderId, changeOrderId)).returning(lineColumns);
  for (const line of removed) await recordAudit(tx, { entityType: "sov_line", entityId: line.id, action: "removed_with_void_change_order", before: line });
  return removed;
}
