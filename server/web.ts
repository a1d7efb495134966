/**
 * The web side of server.ts: one HTTP server in this process, or WEB_CONCURRENCY web processes
 * (node:cluster) sharing the port, so a machine with N cores serves with all of them. The cluster's
 * primary (server.ts) keeps the database bootstrap and the job worker; each web process has its own
 * connection pool (DB_POOL_MAX connections each).
 */
import cluster, { type Worker as ClusterWorker } from "node:cluster";
import type { Server } from "node:http";
import { closeDatabase } from "@db/client";
import { env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createApp } from "./app";

export interface Web {
  port: number;
  processes: number;
  stop(): Promise<void>;
}

async function listen(production: boolean): Promise<Server> {
  const { PORT, HOST } = env();
  const app = await createApp({ production });
  return new Promise<Server>((resolve) => {
    const server = app.listen(PORT, HOST, () => resolve(server));
  });
}

function closeServer(server: Server) {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

const portOf = (server: Server) => {
  const address = server.address();
  return typeof address === "object" && address ? address.port : env().PORT;
};

/** Serves from this process (WEB_CONCURRENCY=1) or forks the web processes and waits until all listen. */
export async function startWeb(production: boolean): Promise<Web> {
  const processes = env().WEB_CONCURRENCY;
  if (processes === 1) {
    const server = await listen(production);
    return { port: portOf(server), processes, stop: () => closeServer(server) };
  }
  return startCluster(processes);
}

async function startCluster(processes: number): Promise<Web> {
  let stopping = false;
  const exited = new Map<number, Promise<void>>();
  const fork = () => {
    const child = cluster.fork();
    exited.set(child.id, new Promise((resolve) => child.once("exit", () => resolve())));
    child.once("exit", (code, signal) => {
      exited.delete(child.id);
      if (stopping) return;
      logger.error({ code, signal }, "a web process stopped: starting another");
      fork();
    });
    return child;
  };
  const listening = new Promise<number>((resolve, reject) => {
    let count = 0;
    const onListening = (_child: ClusterWorker, address: { port: number }) => {
      if (++count === processes) {
        cluster.off("listening", onListening);
        resolve(address.port);
      }
    };
    cluster.on("listening", onListening);
    cluster.once("exit", (_child, code) => count < processes && reject(new Error(`a web process exited with ${code} before listening`)));
  });
  for (let i = 0; i < processes; i++) fork();
  const port = await listening;
  return {
    port,
    processes,
    async stop() {
      stopping = true;
      for (const child of Object.values(cluster.workers ?? {})) child?.process.kill("SIGTERM");
      await Promise.all(exited.values());
    },
  };
}

/** A forked web process: serve until SIGTERM/SIGINT, then finish open requests and leave. */
export async function serveAsClusterChild(production: boolean) {
  const server = await listen(production);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await closeServer(server);
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}
