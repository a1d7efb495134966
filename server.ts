/**
 * The HTTP server: `npm start` (production build, bundled to build/server.js) and `npm run dev`
 * (Vite dev server). Boots the database (embedded unless DATABASE_URL is set), runs migrations,
 * seeds the demo when empty, starts the in-process worker (unless RUN_WORKER=false), serves from
 * this process or from WEB_CONCURRENCY forked web processes (server/web.ts), and shuts all of it
 * down on SIGINT/SIGTERM.
 */
import cluster from "node:cluster";
import { closeDatabase } from "@db/client";
import { prepareDatabase } from "@db/bootstrap";
import { startWorker, type Worker } from "@jobs/worker";
import { env } from "~/utils/env.server";
import { DEMO_USERS } from "@db/seed/demo";
import { logger } from "~/utils/logger.server";
import { serveAsClusterChild, startWeb, type Web } from "./server/web";

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main() {
  const config = env();
  const production = config.NODE_ENV === "production";
  const database = await prepareDatabase(say);
  const worker: Worker | null = config.RUN_WORKER ? await startWorker({ concurrency: config.WORKER_CONCURRENCY }) : null;
  const web: Web | null = config.RUN_WEB ? await startWeb(production) : null;
  const seconds = (performance.now() / 1000).toFixed(1); // since process start
  say(
    [
      "",
      `SECG ERP is ready in ${seconds}s (${production ? "production build" : "development"}).`,
      web ? `  Open:      http://localhost:${web.port}` : "  Web:       off (RUN_WEB=false)",
      web && web.processes > 1 ? `  Web:       ${web.processes} processes (WEB_CONCURRENCY)` : "",
      `  Database:  ${database.embedded ? `embedded PostgreSQL in ${database.embedded.dataDir} (port ${database.embedded.port})` : "DATABASE_URL"}`,
      `  Worker:    ${worker ? `in this process (concurrency ${config.WORKER_CONCURRENCY})` : "off (RUN_WORKER=false)"}`,
      database.seeded ? "  Demo data: Summit Builders and Harbor Construction" : "",
      database.seeded
        ? `  Sign in:   ${DEMO_USERS.map((u) => u.email).join(", ")}\n             password: ${config.DEMO_PASSWORD}`
        : config.SIGNUP === "open"
          ? "  Sign in:   /signup creates your organization and its owner"
          : "  Sign in:   by invitation (SIGNUP=invite-only); `npm run db:seed` or SEED_DEMO=true adds the demo",
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
    await web?.stop();
    await worker?.stop().catch((e) => logger.error({ err: e }, "worker stop failed"));
    await closeDatabase();
    await database.embedded?.stop();
    say("Stopped.");
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown("SIGINT"));
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
}

const start = cluster.isPrimary ? main : () => serveAsClusterChild(env().NODE_ENV === "production");
start().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
