import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { run, type Runner } from "graphile-worker";
import { databaseUrls } from "@db/client";
import { beat, stopBeating } from "~/domains/platform/heartbeats.server";
import { withSystem } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { workerId } from "./identity";
import { workerLogger } from "./logger";
import { taskList } from "./tasks";

const HEARTBEAT_MS = 10_000;
const crontabPath = path.join(path.dirname(fileURLToPath(import.meta.url)), "crontab");

export interface Worker {
  runner: Runner;
  stop(): Promise<void>;
}

/**
 * The graphile-worker runner. Its queue connection uses the secg_worker role; task handlers do
 * their work on the RLS-bound app connection through withTenant/withSystem.
 */
export async function startWorker(options: { concurrency: number; pollInterval?: number }): Promise<Worker> {
  const runner = await run({
    connectionString: databaseUrls().worker,
    maxPoolSize: options.concurrency + 2,
    concurrency: options.concurrency,
    pollInterval: options.pollInterval ?? 2000,
    noHandleSignals: true,
    taskList,
    crontab: readFileSync(crontabPath, "utf8"),
    logger: workerLogger(),
  });
  const identity = { workerId, hostname: hostname(), pid: process.pid };
  const heartbeat = () =>
    withSystem((tx) => beat(tx, identity)).catch((error) => logger.warn({ err: error }, "worker heartbeat failed"));
  await heartbeat();
  const timer = setInterval(heartbeat, HEARTBEAT_MS);
  timer.unref();
  return {
    runner,
    async stop() {
      clearInterval(timer);
      await runner.stop();
      await withSystem((tx) => stopBeating(tx, workerId)).catch(() => {});
    },
  };
}
