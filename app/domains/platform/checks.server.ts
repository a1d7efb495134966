import { desc, eq, sql } from "drizzle-orm";
import { platformChecks } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/jobs.server";

/** One check every few seconds is plenty; the page is public until identity lands. */
const MIN_INTERVAL_SECONDS = 5;

export type CheckRequest = { queued: true; checkId: string } | { queued: false; reason: string };

/** Records a web → queue → worker round trip and enqueues it in the same transaction. */
export async function requestCheck(tx: Tx, requestId: string | null): Promise<CheckRequest> {
  const [recent] = await tx
    .select({ id: platformChecks.id })
    .from(platformChecks)
    .where(sql`${platformChecks.requestedAt} > now() - make_interval(secs => ${MIN_INTERVAL_SECONDS})`)
    .limit(1);
  if (recent) return { queued: false, reason: `A check was requested less than ${MIN_INTERVAL_SECONDS} seconds ago.` };
  const [check] = await tx.insert(platformChecks).values({ requestId }).returning({ id: platformChecks.id });
  await enqueue(tx, "platform__health_check", { checkId: check.id });
  return { queued: true, checkId: check.id };
}

/** Marks a check done; throws when it does not exist so the job is retried, never lost. */
export async function completeCheck(tx: Tx, checkId: string, workerId: string) {
  const done = await tx
    .update(platformChecks)
    .set({ completedAt: sql`coalesce(${platformChecks.completedAt}, now())`, workerId })
    .where(eq(platformChecks.id, checkId))
    .returning({ id: platformChecks.id });
  if (done.length === 0) throw new Error(`platform check ${checkId} not found`);
}

export function recentChecks(tx: Tx, limit = 10) {
  return tx
    .select({
      id: platformChecks.id,
      requestedAt: platformChecks.requestedAt,
      completedAt: platformChecks.completedAt,
      workerId: platformChecks.workerId,
    })
    .from(platformChecks)
    .orderBy(desc(platformChecks.requestedAt))
    .limit(limit);
}

/** Daily housekeeping: old checks; pending ones older than a day are kept for inspection. */
export async function pruneChecks(tx: Tx, olderThanDays = 7) {
  const removed = await tx
    .delete(platformChecks)
    .where(sql`${platformChecks.requestedAt} < now() - make_interval(days => ${olderThanDays}) and ${platformChecks.completedAt} is not null`)
    .returning({ id: platformChecks.id });
  return removed.length;
}
