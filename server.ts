/**
 * The HTTP server: `npm start` (production build) and `npm run dev` (Vite dev server). Boots the
 * database (embedded unless DATABASE_URL is set), runs migrations, seeds the demo when empty,
 * starts the in-process worker (unless RUN_WORKER=false), serves, and shuts all of it down on
 * SIGINT/SIGTERM.
 */
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { closeDatabase } from "@db/client";
import { prepareDatabase } from "@db/bootstrap";
import { startWorker, type Worker } from "@jobs/worker";
import { env } from "~/utils/env.server";
import { DEMO_USERS } from "@db/seed/demo";
import { ensureAnonCookie } from "~/utils/csrf.server";
import { logger, requestScope } from "~/utils/logger.server";
import { isCrossSiteWrite, newNonce, securityHeaders } from "~/utils/security-headers.server";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;
const say = (line: string) => process.stdout.write(`${line}\n`);

async function createApp(production: boolean) {
  const app = express();
  app.disable("x-powered-by");
  if (env().TRUST_PROXY) app.set("trust proxy", true);
  app.use(compression());

  app.use((req, res, next) => {
    const incoming = req.get("x-request-id") ?? req.get("fly-request-id");
    const requestId = incoming && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    const nonce = newNonce();
    res.locals.requestId = requestId;
    res.locals.cspNonce = nonce;
    res.set("X-Request-Id", requestId);
    res.set(securityHeaders({ nonce, production, dev: !production }));
    const t0 = performance.now();
    res.on("finish", () => {
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      logger.info({ requestId, method: req.method, path: req.path, status: res.statusCode, ms }, "request");
    });
    requestScope.run({ requestId, ip: req.ip ?? null }, next);
  });

  app.use((req, res, next) => {
    const crossSite = isCrossSiteWrite(req.method, {
      origin: req.get("origin"),
      host: req.get("host"),
      fetchSite: req.get("sec-fetch-site"),
    });
    if (crossSite) res.status(403).type("text/plain").send("Cross-site request refused.");
    else next();
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  if (production) {
    const buildDir = path.resolve("build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build = (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  } else {
    const vite = await import("vite").then((v) =>
      v.createServer({ server: { middlewareMode: true }, appType: "custom" }),
    );
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
  }

  // Anonymous forms (sign-in, sign-up, reset) need a CSRF binding before any session exists.
  app.use((req, res, next) => {
    const anon = ensureAnonCookie(req.headers.cookie);
    if (anon) {
      req.headers.cookie = anon.cookieHeader;
      res.append("Set-Cookie", anon.setCookie);
    }
    next();
  });

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: production ? "production" : "development",
      getLoadContext: (_req, res) => ({ requestId: res.locals.requestId, cspNonce: res.locals.cspNonce }),
    }),
  );
  return app;
}

async function main() {
  const config = env();
  const production = config.NODE_ENV === "production";
  const database = await prepareDatabase(say);
  const worker: Worker | null = config.RUN_WORKER ? await startWorker({ concurrency: config.WORKER_CONCURRENCY }) : null;
  let server: Server | null = null;
  if (config.RUN_WEB) {
    const app = await createApp(production);
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
