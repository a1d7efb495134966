import type { Writable } from "node:stream";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { DEV_APP_DATABASE_PASSWORD, env, type Env } from "~/utils/env.server";
import { logger } from "~/utils/logger.server";
import { createPool, withClient } from "./pool";
import { APP_ROLE, urlForRole, WORKER_ROLE } from "./roles";

export type AppDb = NodePgDatabase;
export type AppTx = Parameters<Parameters<AppDb["transaction"]>[0]>[0];

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

// Kept on globalThis: the server bundle and server.ts (and Vite's dev reloads) share one pool.
const store = globalThis as unknown as { __secgAppPool?: { url: string; pool: pg.Pool } };

/** The RLS-bound app pool. Reach it through withTenant/withSystem (app/utils/db.server.ts). */
export function appPool(): pg.Pool {
  const url = databaseUrls().app;
  if (!store.__secgAppPool || store.__secgAppPool.url !== url) {
    const pool = createPool(url, {
      max: env().DB_POOL_MAX,
      onIdleError: (error) =>
        logger.warn({ code: (error as { code?: string }).code, reason: error.message }, "an idle database connection broke; it is replaced on next use"),
    });
    store.__secgAppPool = { url, pool };
  }
  return store.__secgAppPool.pool;
}

export class TransactionEnded extends Error {
  constructor() {
    super("A statement was sent after its transaction ended: the connection already went back to the pool.");
  }
}

/**
 * The checked-out client as drizzle sees it during one transaction. Once the transaction ends it
 * refuses statements, so code that kept the transaction object (an un-awaited promise, a late
 * callback) can never run a statement on a connection that now serves another request.
 */
class TransactionClient {
  ended = false;
  private tail: Promise<unknown> = Promise.resolve();
  /** Statements sent along with BEGIN, in the same round trip (see appTransaction). */
  private withBegin: string | null;
  constructor(
    private readonly client: pg.PoolClient,
    settings: Record<string, string>,
  ) {
    const entries = Object.entries(settings);
    this.withBegin = entries.length
      ? `select ${entries.map(([name, value]) => `set_config(${client.escapeLiteral(name)}, ${client.escapeLiteral(value)}, true)`).join(", ")}`
      : null;
  }
  query(...args: unknown[]) {
    if (this.ended) return Promise.reject(new TransactionEnded());
    const config = args[0] as { text?: string; submit?: unknown };
    if (this.withBegin && config?.text === "begin" && (args[1] as unknown[] | undefined)?.length === 0) {
      // No parameters: sent as one simple-protocol query, "begin; select set_config(...)".
      args = [{ ...config, text: `begin; ${this.withBegin}` }, ...args.slice(1)];
      this.withBegin = null;
    }
    const send = () => (this.client.query as (...a: unknown[]) => unknown)(...args);
    if (typeof config?.submit === "function") return send(); // a COPY stream
    // Statements started together (Promise.all) run one after another, as they must on one
    // connection: pg would queue them too, but warns that it will stop doing so.
    const result = this.tail.then(() => (this.ended ? Promise.reject(new TransactionEnded()) : send()));
    this.tail = result.catch(() => {});
    return result;
  }
}

const clients = new WeakMap<object, TransactionClient>();

/**
 * One transaction on its own client of the app pool: checked out, BEGIN … COMMIT (ROLLBACK on a
 * throw) by drizzle on that client alone, then released; a client whose connection broke is
 * destroyed (`release(error)`), never reused. `settings` are set transaction-locally
 * (`set_config(name, value, true)`) by a statement sent with BEGIN in one round trip.
 */
export function appTransaction<T>(work: (tx: AppTx) => Promise<T>, settings: Record<string, string> = {}): Promise<T> {
  return withClient(appPool(), async (client) => {
    const own = new TransactionClient(client, settings);
    try {
      return await drizzle(own as unknown as pg.PoolClient, { casing: "snake_case" }).transaction((tx) => {
        clients.set(tx, own);
        return work(tx);
      });
    } finally {
      own.ended = true;
    }
  });
}

/** What drizzle cannot express, on the same client and transaction as `tx` (the tenant settings apply). */
export interface RawTransaction {
  query<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  /** COPY … FROM STDIN: write the data to the stream; the statement ends when the stream finishes. */
  copyFrom(text: string): Writable;
}

export function rawTransaction(tx: AppTx): RawTransaction {
  const own = clients.get(tx);
  if (!own) throw new Error("rawTransaction needs the transaction object appTransaction created");
  return {
    query: async <T>(text: string, values?: unknown[]) => ((await own.query(text, values)) as pg.QueryResult).rows as T[],
    copyFrom: (text: string) => own.query(copyFrom(text)) as unknown as Writable,
  };
}

export async function closeDatabase() {
  const handles = store.__secgAppPool;
  store.__secgAppPool = undefined;
  await handles?.pool.end();
}
