import { and, eq, sql } from "drizzle-orm";
import { commitmentLines, commitments } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import type { CommitmentTransition } from "./commitments.schema";
import { CommitmentConflict, CommitmentRefused, commitmentColumns, findCommitment } from "./commitments.server";

type Status = (typeof commitments.$inferSelect)["status"];

/** draft → executed → closed; draft or executed → void. Closed and void are final. */
const TRANSITIONS: Record<CommitmentTransition, { from: Status[]; to: Status; action: string; verb: string }> = {
  execute: { from: ["draft"], to: "executed", action: "executed", verb: "executed" },
  close: { from: ["executed"], to: "closed", action: "closed", verb: "closed" },
  void: { from: ["draft", "executed"], to: "void", action: "voided", verb: "voided" },
};

export const allowedTransitions = (status: Status) =>
  (Object.keys(TRANSITIONS) as CommitmentTransition[]).filter((t) => TRANSITIONS[t].from.includes(status));

/** Moves the commitment along its lifecycle if nobody changed it since `version` was read. */
export async function changeCommitmentStatus(tx: Tx, commitmentId: string, input: { to: CommitmentTransition; version: number }) {
  const rule = TRANSITIONS[input.to];
  const before = await findCommitment(tx, commitmentId);
  if (!rule.from.includes(before.status))
    throw new CommitmentRefused(`Commitment ${before.number} is ${before.status}: it cannot be ${rule.verb}.`);
  if (input.to === "execute") {
    const [{ lines }] = await tx.select({ lines: sql<number>`count(*)::int` }).from(commitmentLines).where(eq(commitmentLines.commitmentId, before.id));
    if (lines === 0) throw new CommitmentRefused(`Add at least one line before executing commitment ${before.number}.`);
  }
  const [after] = await tx
    .update(commitments)
    .set({
      status: rule.to,
      ...(input.to === "execute" ? { executedAt: sql`now()` } : {}),
      version: sql`${commitments.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(and(eq(commitments.id, before.id), eq(commitments.version, input.version), eq(commitments.status, before.status)))
    .returning(commitmentColumns);
  if (!after) throw new CommitmentConflict(`Someone else changed commitment ${before.number} meanwhile. Reload the page and try again.`);
  await recordAudit(tx, { entityType: "commitment", entityId: after.id, action: rule.action, before, after });
  return after;
}
