import { sql } from "drizzle-orm";
import { workerHeartbeats } from "@db/schema";
import type { Tx } from "~/utils/db.server";

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
