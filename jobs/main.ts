/** Standalone worker process (Fly's `worker` process group): `node --import tsx jobs/main.ts`. */
import { closeDatabase } from "@db/client";
import { env, separateStorageProblem } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { startWorker } from "./worker";

// A worker apart from the web process needs storage both can reach (S3), or it says why not.
const storage = separateStorageProblem(env(), { standaloneWorker: true });
if (storage) {
  console.error(`Invalid environment configuration:\n  ${storage}`);
  process.exit(1);
}

const worker = await startWorker({ concurrency: env().WORKER_CONCURRENCY });
logger.info({ concurrency: env().WORKER_CONCURRENCY }, "worker started");

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, async () => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "worker stopping");
    await worker.stop();
    await closeDatabase();
    process.exit(0);
  });
}
