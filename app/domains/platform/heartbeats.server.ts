import { inArray, sql } from "drizzle-orm";
import { workerHeartbeats } from "@db/schema";
import type { Tx } from "~/utils/db.server";

/**
 * One row per live identity: each worker process (jobs/identity.ts) and, beside it, its
 * graphile-worker pool, whose id is what the queue writes into a locked job's `locked_by`.
 */
export async function beat(tx: Tx, worker: { workerId: string; hostname: string; pid: number }) {
  await tx
    .insert(workerHeartbeats)
    .values(worker)
    .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { seenAt: sql`now()` } });
}

export async function stopBeating(tx: Tx, workerId: string) {
  await tx.delete(workerHeartbeats).where(sql`${workerHeartbeats.workerId} = ${workerId}`);
}

export async function pruneHeartbeats(tx: Tx) {
  const removed = await tx
    .delete(workerHeartbeats)
    .where(sql`${workerHeartbeats.seenAt} < now() - interval '1 day'`)
    .returning({ id: workerHeartbeats.workerId });
  return removed.length;
}

/**
 * Ids silent for `seconds`, locked until the transaction ends (another reclaiming worker skips
 * them), so the caller can release what they hold and then forget them with forgetWorkers.
 */
export async function silentWorkers(tx: Tx, seconds: number): Promise<string[]> {
  const rows = await tx
    .select({ id: workerHeartbeats.workerId })
    .from(workerHeartbeats)
    .where(sql`${workerHeartbeats.seenAt} < now() - make_interval(secs => ${seconds})`)
    .for("update", { skipLocked: true });
  return rows.map((r) => r.id);
}

export async function forgetWorkers(tx: Tx, workerIds: string[]) {
  if (workerIds.length) await tx.delete(workerHeartbeats).where(inArray(workerHeartbeats.workerId, workerIds));
}
