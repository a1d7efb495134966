import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { platformChecks, workerHeartbeats } from "@db/schema";
import { withSystem } from "~/utils/db.server";
import { completeCheck, pruneChecks, requestCheck } from "./checks.server";
import { HEARTBEAT_STALE_SECONDS, readiness } from "./health.server";
import { beat } from "./heartbeats.server";

describe("platform checks", () => {
  it("queues one check with its job, then refuses another within the interval", async () => {
    await withSystem((tx) => tx.delete(platformChecks));
    const first = await withSystem((tx) => requestCheck(tx, "req-1"));
    expect(first.queued).toBe(true);
    const second = await withSystem((tx) => requestCheck(tx, "req-2"));
    expect(second).toEqual({ queued: false, reason: expect.stringContaining("less than 5 seconds") });
    const jobs = await withSystem((tx) => tx.select().from(platformChecks));
    expect(jobs).toHaveLength(1);
  });

  it("completing an unknown check throws so the job is retried", async () => {
    await expect(withSystem((tx) => completeCheck(tx, randomUUID(), "w"))).rejects.toThrow(/not found/);
  });

  it("prunes only completed checks older than the retention", async () => {
    await withSystem(async (tx) => {
      await tx.delete(platformChecks);
      await tx.insert(platformChecks).values([
        { requestedAt: sql`now() - interval '8 days'`, completedAt: sql`now() - interval '8 days'` },
        { requestedAt: sql`now() - interval '8 days'` },
        { requestedAt: sql`now() - interval '1 day'`, completedAt: sql`now()` },
      ]);
    });
    expect(await withSystem((tx) => pruneChecks(tx))).toBe(1);
    expect(await withSystem((tx) => tx.select().from(platformChecks))).toHaveLength(2);
  });
});

describe("readiness", () => {
  it("is ready with current migrations and a fresh heartbeat, not ready when the heartbeat is stale", async () => {
    await withSystem((tx) => tx.delete(workerHeartbeats));
    const before = await readiness();
    expect(before.database.ok).toBe(true);
    expect(before.migrations).toMatchObject({ ok: true });
    expect(before.migrations.applied).toBe(before.migrations.expected);
    expect(before.worker).toEqual({ ok: false, lastSeenSecondsAgo: null });
    expect(before.ok).toBe(false);

    await withSystem((tx) => beat(tx, { workerId: "test-worker", hostname: "test", pid: 1 }));
    expect((await readiness()).ok).toBe(true);

    await withSystem((tx) =>
      tx.update(workerHeartbeats).set({ seenAt: sql`now() - make_interval(secs => ${HEARTBEAT_STALE_SECONDS + 5})` }),
    );
    const stale = await readiness();
    expect(stale.worker.ok).toBe(false);
    expect(stale.ok).toBe(false);
  });
});
