import { EventEmitter } from "node:events";
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { makeWorkerUtils, run, type Runner, type WorkerEvents, type WorkerUtils } from "graphile-worker";
import { databaseUrls } from "@db/client";
import { projectRoot } from "@db/project-root";
import { HEARTBEAT_STALE_SECONDS } from "~/domains/platform/health.server";
import { beat, forgetWorkers, silentWorkers, stopBeating } from "~/domains/platform/heartbeats.server";
import { withSystem } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { workerId } from "./identity";
import { workerLogger } from "./logger";
import { taskList } from "./tasks";

const HEARTBEAT_MS = 10_000;
const crontabPath = path.join(projectRoot, "jobs", "crontab");

export interface Worker {
  runner: Runner;
  stop(): Promise<void>;
}

/**
 * Releases the jobs of workers that died holding them. graphile-worker marks a job it runs with
 * its pool's id (`locked_by`) and, if that process is killed, leaves the job locked for 4 hours.
 * Each process beats for itself and for its pool (worker_heartbeats); an id silent for longer
 * than a live worker ever is (/readyz's threshold) belongs to a dead worker, so its locks are
 * dropped with graphile-worker's own forceUnlockWorkers and the job runs again at once. Run at
 * start-up and with every heartbeat, so a restarted or surviving worker picks the jobs up.
 * Jobs must be idempotent for this (they are: QUALITY.md), since a worker cut off from the
 * database for that long but still running would finish its job too.
 */
async function reclaimJobsOfDeadWorkers(utils: WorkerUtils) {
  await withSystem(async (tx) => {
    const dead = await silentWorkers(tx, HEARTBEAT_STALE_SECONDS);
    if (!dead.length) return;
    await utils.forceUnlockWorkers(dead);
    await forgetWorkers(tx, dead);
    logger.warn({ workers: dead }, "released the jobs of workers that stopped beating");
  });
}

/**
 * The graphile-worker runner. Its queue connection uses the secg_worker role; task handlers do
 * their work on the RLS-bound app connection through withTenant/withSystem.
 */
export async function startWorker(options: { concurrency: number; pollInterval?: number }): Promise<Worker> {
  const events: WorkerEvents = new EventEmitter();
  let poolId: string | null = null;
  events.on("pool:create", ({ workerPool }) => (poolId = workerPool.id));
  const runner = await run({
    connectionString: databaseUrls().worker,
    maxPoolSize: options.concurrency + 2,
    concurrency: options.concurrency,
    pollInterval: options.pollInterval ?? 2000,
    noHandleSignals: true,
    taskList,
    crontab: readFileSync(crontabPath, "utf8"),
    logger: workerLogger(),
    events,
  });
  const utils = await makeWorkerUtils({ connectionString: databaseUrls().worker, maxPoolSize: 1, logger: workerLogger() });
  const ids = () => [workerId, ...(poolId ? [poolId] : [])];
  const identity = { hostname: hostname(), pid: process.pid };
  const heartbeat = () =>
    withSystem(async (tx) => {
      for (const id of ids()) await beat(tx, { ...identity, workerId: id });
    })
      .then(() => reclaimJobsOfDeadWorkers(utils))
      .catch((error) => logger.warn({ err: error }, "worker heartbeat failed"));
  await heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  timer.unref();
  return {
    runner,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await utils.release();
      await withSystem(async (tx) => {
        for (const id of ids()) await stopBeating(tx, id);
      }).catch(() => {});
    },
  };
}
