/**
 * The Express app of server.ts: request id, security headers, cross-site refusal, request body
 * caps, static assets (production), the anonymous CSRF cookie, then React Router.
 */
import { randomUUID } from "node:crypto";
import path from "node:path";
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@react-router/node";
import { createRequestHandler, type ServerBuild } from "react-router";
import compression from "compression";
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from "express";
import { clientIp, trustProxies } from "~/utils/client-ip.server";
import { ensureAnonCookie } from "~/utils/csrf.server";
import { env } from "~/utils/env.server";
import { logger, requestScope } from "~/utils/logger.server";
import { bodyCap, bodyTooLargeMessage, countedBody } from "~/utils/request-body.server";
import { isCrossSiteWrite, newNonce, securityHeaders } from "~/utils/security-headers.server";
import { addTiming, serverTimingHeader, type Timings } from "~/utils/server-timing.server";

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export type RouterBuild = ServerBuild | (() => Promise<ServerBuild>);

export async function createApp(options: { production: boolean; build?: RouterBuild }) {
  const { production } = options;
  const trust = env().TRUST_PROXY;
  const serverTiming = env().SERVER_TIMING;
  const app = express();
  app.disable("x-powered-by");
  trustProxies(app, trust);
  // gzip level 1: a fraction of level 6's CPU per page (zlib was ~5 % of server CPU) for slightly larger HTML
  app.use(compression({ level: 1 }));

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
    res.locals.t0 = t0;
    const timings: Timings | undefined = serverTiming ? new Map() : undefined;
    requestScope.run({ requestId, ip: clientIp(req, trust), timings }, next);
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

  app.use(limitBody);

  let build = options.build;
  if (production) {
    const buildDir = path.resolve("build");
    app.use("/assets", express.static(path.join(buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(buildDir, "client"), { maxAge: "1h" }));
    build ??= (await import(path.join(buildDir, "server/index.js"))) as ServerBuild;
  } else if (!build) {
    const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true }, appType: "custom" }));
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:react-router/server-build") as Promise<ServerBuild>;
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

  app.all("*", routerHandler(build, production));
  return app;
}

/** 413; the rest of the body is never buffered (drainThenClose discards it). */
function refuseBody(req: ExpressRequest, res: ExpressResponse, cap: number) {
  if (res.headersSent) return;
  drainThenClose(req, res);
  res.status(413).set("Connection", "close").type("text/plain").send(bodyTooLargeMessage(cap));
}

const LINGER_MS = 2_000;

/**
 * Once an answer went out before the request body was read to its end, what the client still
 * sends is read and thrown away for at most LINGER_MS, then the connection closes. Closing a
 * socket with unread bytes makes the kernel reset it, and a client still sending could then lose
 * the answer already on its way (the "lingering close" of HTTP servers).
 */
function drainThenClose(req: ExpressRequest, res: ExpressResponse) {
  const socket = req.socket;
  const destroySoon = socket.destroySoon.bind(socket);
  // Node ends a "Connection: close" answer with destroySoon(): after the answer, linger instead.
  socket.destroySoon = () => {
    if (req.complete) return destroySoon();
    socket.end();
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    req.once("end", () => {
      clearTimeout(timer);
      socket.destroy();
    });
    req.removeAllListeners("readable");
    req.on("data", () => {});
    req.resume();
  };
  res.once("close", () => (socket.destroySoon = destroySoon));
}

/**
 * Caps every request body at its route's size (request-body.server.ts): a declared length over
 * it is refused before reading, and the bytes of any body are counted as React Router reads them.
 */
function limitBody(req: ExpressRequest, res: ExpressResponse, next: express.NextFunction) {
  if (req.method === "GET" || req.method === "HEAD") return next();
  const cap = bodyCap(req.path);
  if (Number(req.get("content-length") ?? 0) > cap) return refuseBody(req, res, cap);
  res.locals.body = countedBody(req, cap, () => refuseBody(req, res, cap));
  next();
}

/** As React Router's adapter: req.hostname honours the proxy trust; the port comes from X-Forwarded-Host or Host. */
function requestHost(req: ExpressRequest) {
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("x-forwarded-host")), portOf(req.get("host"))].find((p) => Number.isSafeInteger(p));
  return `${req.hostname}${port ? `:${port}` : ""}`;
}

function routerRequest(req: ExpressRequest, res: ExpressResponse) {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    for (const value of Array.isArray(values) ? values : values ? [values] : []) headers.append(key, value);
  }
  let controller: AbortController | null = new AbortController();
  // Abort loaders and actions when the client left before the answer was written.
  res.on("finish", () => (controller = null));
  res.on("close", () => controller?.abort());
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const body = hasBody ? ((res.locals.body as ReadableStream<Uint8Array> | undefined) ?? createReadableStreamFromReadable(req)) : undefined;
  return new Request(`${req.protocol}://${requestHost(req)}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal: controller.signal,
    body,
    ...(body ? { duplex: "half" } : {}),
  } as RequestInit);
}

/** React Router's Express adapter, except that the body is the counted one and a refused request gets no second answer. */
function routerHandler(build: RouterBuild, production: boolean) {
  const handle = createRequestHandler(build, production ? "production" : "development");
  return async (req: ExpressRequest, res: ExpressResponse, next: express.NextFunction) => {
    try {
      const started = performance.now();
      addTiming("pre", started - (res.locals.t0 as number));
      const response = await handle(routerRequest(req, res), { requestId: res.locals.requestId, cspNonce: res.locals.cspNonce });
      if (res.headersSent) {
        await response.body?.cancel();
        return;
      }
      // A body the route never read is not drained: the connection closes after the answer.
      if (!req.complete) {
        drainThenClose(req, res);
        res.set("Connection", "close");
      }
      const timings = requestScope.getStore()?.timings;
      if (timings) {
        addTiming("router", performance.now() - started);
        res.set("Server-Timing", serverTimingHeader(timings));
      }
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}
