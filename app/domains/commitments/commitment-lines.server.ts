import { and, asc, eq, sql } from "drizzle-orm";
import { commitmentLines, commitments, costCodes, costTypes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { activeCostCodeExists, activeCostTypeExists } from "../contracts/lookups.server";
import type { CommitmentLineDelete, CommitmentLineInput, CommitmentLineUpdate } from "./commitments.schema";
import { commitmentTotalsProblem, CommitmentRefused, explainMissedWrite, findCommitment } from "./commitments.server";

const lineColumns = {
  id: commitmentLines.id,
  commitmentId: commitmentLines.commitmentId,
  lineNumber: commitmentLines.lineNumber,
  costCodeId: commitmentLines.costCodeId,
  costTypeId: commitmentLines.costTypeId,
  description: commitmentLines.description,
  amount: commitmentLines.amount,
  retainageRate: commitmentLines.retainageRate,
};

/**
 * A line change is a change to the commitment: it takes the commitment's row while it is still a
 * draft at the version the page was read at, and bumps that version. Executing it concurrently
 * therefore either happens first (the line change is refused) or waits and sees the new version.
 */
async function claimDraft(tx: Tx, commitmentId: string, version: number) {
  const current = await findCommitment(tx, commitmentId);
  const [claimed] = await tx
    .update(commitments)
    .set({ version: sql`${commitments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(commitments.id, current.id), eq(commitments.version, version), eq(commitments.status, "draft")))
    .returning({ id: commitments.id });
  if (!claimed) return explainMissedWrite(tx, current.id);
  return claimed.id;
}

async function checkCodes(tx: Tx, input: { costCodeId: string; costTypeId: string }) {
  if (!(await activeCostCodeExists(tx, input.costCodeId))) throw new CommitmentRefused("Choose an active cost code.", "costCodeId");
  if (!(await activeCostTypeExists(tx, input.costTypeId))) throw new CommitmentRefused("Choose an active cost type.", "costTypeId");
}

async function lineOf(tx: Tx, commitmentId: string, lineId: string) {
  const [line] = await tx.select(lineColumns).from(commitmentLines).where(and(eq(commitmentLines.id, lineId), eq(commitmentLines.commitmentId, commitmentId)));
  if (!line) throw new RecordNotFound("commitment line");
  return line;
}

async function refuseTotalsOutOfRange(tx: Tx, commitmentId: string) {
  const problem = await commitmentTotalsProblem(tx, commitmentId);
  if (problem) throw new CommitmentRefused(problem, "amount");
}

export async function addCommitmentLine(tx: Tx, commitmentId: string, input: Omit<CommitmentLineInput, "intent">) {
  const id = await claimDraft(tx, commitmentId, input.version);
  await checkCodes(tx, input);
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${commitmentLines.lineNumber}), 0)::int + 1` })
    .from(commitmentLines)
    .where(eq(commitmentLines.commitmentId, id));
  const [line] = await tx
    .insert(commitmentLines)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      commitmentId: id,
      lineNumber: next,
      costCodeId: input.costCodeId,
      costTypeId: input.costTypeId,
      description: input.description,
      amount: input.amount,
      retainageRate: input.retainagePercent ?? null,
    })
    .returning(lineColumns);
  await refuseTotalsOutOfRange(tx, id);
  await recordAudit(tx, { entityType: "commitment_line", entityId: line.id, action: "created", after: line });
  return line;
}

export async function updateCommitmentLine(tx: Tx, commitmentId: string, input: Omit<CommitmentLineUpdate, "intent">) {
  const id = await claimDraft(tx, commitmentId, input.version);
  const before = await lineOf(tx, id, input.lineId);
  await checkCodes(tx, input);
  const [after] = await tx
    .update(commitmentLines)
    .set({ costCodeId: input.costCodeId, costTypeId: input.costTypeId, description: input.description, amount: input.amount, retainageRate: input.retainagePercent ?? null })
    .where(eq(commitmentLines.id, before.id))
    .returning(lineColumns);
  await refuseTotalsOutOfRange(tx, id);
  await recordAudit(tx, { entityType: "commitment_line", entityId: after.id, action: "updated", before, after });
  return after;
}

export async function deleteCommitmentLine(tx: Tx, commitmentId: string, input: Omit<CommitmentLineDelete, "intent">) {
  const id = await claimDraft(tx, commitmentId, input.version);
  const before = await lineOf(tx, id, input.lineId);
  await tx.delete(commitmentLines).where(eq(commitmentLines.id, before.id));
  await recordAudit(tx, { entityType: "commitment_line", entityId: before.id, action: "deleted", before });
}

/** The commitment's lines with their cost code and type, in line order. */
export async function listCommitmentLines(tx: Tx, commitmentId: string) {
  return tx
    .select({ ...lineColumns, costCode: costCodes.code, costCodeName: costCodes.name, costTypeName: costTypes.name })
    .from(commitmentLines)
    .innerJoin(costCodes, and(eq(costCodes.organizationId, commitmentLines.organizationId), eq(costCodes.id, commitmentLines.costCodeId)))
    .innerJoin(costTypes, and(eq(costTypes.organizationId, commitmentLines.organizationId), eq(costTypes.id, commitmentLines.costTypeId)))
    .where(eq(commitmentLines.commitmentId, commitmentId))
    .orderBy(asc(commitmentLines.lineNumber));
}
