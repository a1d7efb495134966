import { connect as connectSocket } from "node:net";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { DEV_APP_DATABASE_PASSWORD, env, type Env } from "~/utils/env.server";
import { APP_ROLE, urlForRole, WORKER_ROLE } from "./roles";
import * as schema from "./schema";

export type AppDb = PostgresJsDatabase<typeof schema>;

export interface DatabaseUrls {
  /** Owner: migrations, seed, operations. Never used to serve requests. */
  owner: string;
  /** secg_app: web requests and job handlers, bound by RLS. */
  app: string;
  /** secg_worker: graphile-worker's own queue bookkeeping. */
  worker: string;
}

export function databaseUrls(e: Env = env()): DatabaseUrls {
  if (!e.DATABASE_URL) throw new Error("DATABASE_URL is not set (embedded PostgreSQL sets it at start-up)");
  const password = e.APP_DATABASE_PASSWORD ?? DEV_APP_DATABASE_PASSWORD;
  return {
    owner: e.DATABASE_URL,
    app: e.APP_DATABASE_URL ?? urlForRole(e.DATABASE_URL, APP_ROLE, password),
    worker: e.WORKER_DATABASE_URL ?? urlForRole(e.DATABASE_URL, WORKER_ROLE, password),
  };
}

interface Handles {
  url: string;
  sql: postgres.Sql;
  db: AppDb;
}

// Kept on globalThis: the server bundle and server.ts (and Vite's dev reloads) share one pool.
const store = globalThis as unknown as { __secgAppDb?: Handles };

type SocketTarget = { host: string[]; port: number[]; path?: string | false };

/**
 * postgres.js's `socket` option (undeclared in its types): a TCP socket with TCP_NODELAY, as libpq
 * sets it. postgres.js leaves Nagle on, so the last small message of a COPY waits for the server's
 * delayed ACK (~40 ms, twice per COPY; measured 716 vs 114 ms for 100,000 rows). postgres.js still
 * does the TLS upgrade on it when `ssl` is set.
 *
 * The socket is handed over while still connecting (writes queue until it connects), not once
 * connected: postgres.js then sees a refused or failed connection as the socket's 'error' and
 * 'close', puts the connection back in its pool and applies its own connect_timeout. When this
 * function rejected instead, postgres.js dropped the connection for good, so each connection
 * refused while PostgreSQL restarted shrank the pool until every query waited forever.
 */
export const noDelaySocket = {
  socket: (target: SocketTarget) => {
    const socket = target.path ? connectSocket(target.path) : connectSocket(target.port[0], target.host[0]);
    return socket.setNoDelay(true);
  },
} as object;

/**
 * Seconds a connection waits before reconnecting after failed attempts. postgres.js grows this to
 * 20 s (3^failures / 100), and a query waits it out even once the server is back: after a restart
 * requests hung for up to 20 s. Capped at 1 s, a restart costs a request a second at most, while a
 * server that is down still gets at most about one attempt per connection per second.
 */
const reconnectDelay = (failures: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** failures, 1);

export function connect(url: string, options: postgres.Options<Record<string, never>> = {}) {
  return postgres(url, {
    max: env().DB_POOL_MAX,
    idle_timeout: 30,
    connect_timeout: 10,
    backoff: reconnectDelay,
    onnotice: () => {},
    connection: { application_name: "secg-erp" },
    ...noDelaySocket,
    ...options,
  });
}

function appHandles(): Handles {
  const url = databaseUrls().app;
  if (!store.__secgAppDb || store.__secgAppDb.url !== url) {
    const sql = connect(url);
    store.__secgAppDb = { url, sql, db: drizzle(sql, { schema, casing: "snake_case" }) };
  }
  return store.__secgAppDb;
}

/** The RLS-bound app connection. Reach it through withTenant/withSystem (app/utils/db.server.ts). */
export const appSql = () => appHandles().sql;
export const appDb = () => appHandles().db;

export async function closeDatabase() {
  const handles = store.__secgAppDb;
  store.__secgAppDb = undefined;
  await handles?.sql.end({ timeout: 5 });
}
