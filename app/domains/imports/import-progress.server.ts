import { notifyImportOutcome } from "~/domains/notifications/producers.server";
import { and, eq, or, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import { imports } from "@db/schema";
import { withTenant, type Tx } from "~/utils/db.server";

/**
 * The jobs' side of an import record. Every write names the attempt it belongs to, so a job from
 * an attempt that was re-queued after its worker died changes nothing (fencing).
 */

export type JobContext = { organizationId: string; importId: string; attempt: number; workerId: string; requestId: string };
type Phase = "parsing" | "committing";

/**
 * Takes the import for this job; null when the attempt is stale, the phase is over or another job
 * holds it. Validation is claimed once (queued → parsing; again only by the same worker, for
 * graphile-worker's own retry). Two commits of one attempt may both claim: the advisory lock in
 * the commit job serialises them and the second one's final write finds the import done.
 */
export async function claimImport(ctx: JobContext, phase: Phase) {
  const claimable =
    phase === "parsing"
      ? or(eq(imports.status, "queued"), and(eq(imports.status, "parsing"), eq(imports.workerId, ctx.workerId)))
      : eq(imports.status, "committing");
  return withTenant(ctx, async (tx) => {
    const [claimed] = await tx
      .update(imports)
      .set({ status: phase, workerId: ctx.workerId, heartbeatAt: sql`now()`, progressDone: 0, updatedAt: sql`now()` })
      .where(and(eq(imports.id, ctx.importId), eq(imports.attempt, ctx.attempt), claimable))
      .returning();
    return claimed ?? null;
  });
}

/** Rows processed so far (its own short transaction, so the page sees it while the job works). */
export async function reportProgress(ctx: JobContext, done: number, total?: number) {
  await withTenant(ctx, (tx) =>
    tx
      .update(imports)
      .set({ progressDone: done, ...(total === undefined ? {} : { progressTotal: total }), heartbeatAt: sql`now()` })
      .where(and(eq(imports.id, ctx.importId), eq(imports.attempt, ctx.attempt))),
  );
}

/** Marks the attempt failed with a message the user reads on the import page. */
export async function failImport(ctx: JobContext, phase: Phase, message: string) {
  await withTenant(ctx, async (tx) => {
    const failed = await tx
      .update(imports)
      .set({ status: "failed", failedPhase: phase, failureMessage: message.slice(0, 2000), workerId: null, version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
      .where(and(eq(imports.id, ctx.importId), eq(imports.attempt, ctx.attempt), eq(imports.status, phase)))
      .returning({ id: imports.id });
    if (failed.length) await notifyImportOutcome(tx, ctx.importId, "failed");
  });
}

/**
 * Ends a phase inside the caller's transaction. Throws when the attempt was superseded meanwhile,
 * so the caller's whole transaction (validation results or committed rows) rolls back.
 */
export async function finishPhase(tx: Tx, ctx: JobContext, phase: Phase, set: PgUpdateSetSource<typeof imports>) {
  const [row] = await tx
    .update(imports)
    .set({ ...set, workerId: null, version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(imports.id, ctx.importId), eq(imports.attempt, ctx.attempt), eq(imports.status, phase)))
    .returning();
  if (!row) throw new SupersededAttempt(ctx);
  return row;
}

export class SupersededAttempt extends Error {
  constructor(ctx: JobContext) {
    super(`import ${ctx.importId}: attempt ${ctx.attempt} was superseded`);
  }
}
