/**
 * The HTTP server: `npm start` (production build) and `npm run dev` (Vite dev server). Boots the
 * database (embedded unless DATABASE_URL is set), runs migrations, seeds the demo when empty,
 * starts the in-process worker (unless RUN_WORKER=false), serves, and shuts all of it down on
 * SIGINT/SIGTERM.
 */
import type { Server } from "node:http";
import { closeDatabase } from "@db/client";
import { prepareDatabase } from "@db/bootstrap";
import { startWorker, type Worker } from "@jobs/worker";
import { env } from "~/utils/env.server";
import { DEMO_USERS } from "@db/seed/demo";
import { logger } from "~/utils/logger.server";
import { createApp } from "./server/app";

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const config = env();
  const production = config.NODE_ENV === "production";
  const database = await prepareDatabase(say);
  const worker: Worker | null = config.RUN_WORKER ? await startWorker({ concurrency: config.WORKER_CONCURRENCY }) : null;
  let server: Server | null = null;
  if (config.RUN_WEB) {
    const app = await createApp({ production });
    server = await new Promise<Server>((resolve) => {
      const s = app.listen(config.PORT, config.HOST, () => resolve(s));
    });
  }
  const address = server?.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;
  const seconds = (performance.now() / 1000).toFixed(1); // since process start
  say(
    [
      "",
      `SECG ERP is ready in ${seconds}s (${production ? "production build" : "development"}).`,
      server ? `  Open:      http://localhost:${port}` : "  Web:       off (RUN_WEB=false)",
      `  Database:  ${database.embedded ? `embedded PostgreSQL in ${database.embedded.dataDir} (port ${database.embedded.port})` : "DATABASE_URL"}`,
      `  Worker:    ${worker ? `in this process (concurrency ${config.WORKER_CONCURRENCY})` : "off (RUN_WORKER=false)"}`,
      database.seeded ? "  Demo data: Summit Builders and Harbor Construction" : "",
      database.seeded
        ? `  Sign in:   ${DEMO_USERS.map((u) => u.email).join(", ")}\n             password: ${config.DEMO_PASSWORD}`
        : "  Sign in:   /signup creates your organization and its owner",
      "  Stop:      Ctrl-C",
      "",
    ]
      .filter(Boolean)
      .join("\n"),
  );

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      say("Forced exit.");
      process.exit(1);
    }
    stopping = true;
    say(`\n${signal}: shutting down…`);
    // Referenced on purpose: it also keeps the event loop alive while the steps below settle.
    setTimeout(() => process.exit(1), 15_000);
    await new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.close(() => resolve());
      server.closeIdleConnections();
    });
    await worker?.stop().catch((e) => logger.error({ err: e }, "worker stop failed"));
    await closeDatabase();
    await database.embedded?.stop();
    say("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
