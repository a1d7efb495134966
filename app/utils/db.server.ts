import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { z } from "zod";
import { appPool, appTransaction, rawTransaction, type AppTx, type RawTransaction } from "@db/client";
import { currentRequestId, logger, requestScope } from "./logger.server";
import { isConnectionError } from "./pg-errors.server";
import { timed } from "./server-timing.server";

export type Tx = AppTx;

const tenantContext = z.object({
  organizationId: z.uuid(),
  userId: z.uuid().nullish(),
  requestId: z.string().max(128).nullish(),
});

export type TenantContext = z.input<typeof tenantContext>;

/**
 * The only way code reaches tenant tables: one transaction on the RLS-bound app connection with
 * the tenant, user and request id set transaction-locally (`set_config(..., true)`, sent with
 * BEGIN in one round trip), so nothing survives into the next use of the pooled connection.
 */
export async function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { organizationId, userId, requestId } = tenantContext.parse(ctx);
  const settings = { "app.organization_id": organizationId, "app.user_id": userId ?? "", "app.request_id": requestId ?? currentRequestId() ?? "" };
  return unavailableAs503((body) => timed("db", () => appTransaction((tx) => body.run(() => fn(tx)), settings)));
}

/**
 * A transaction on the app connection with no tenant: global tables only (tenant tables read as
 * empty under RLS). For platform work such as health checks and identity lookups.
 */
export async function withSystem<T>(fn: (tx: Tx) => Promise<T>, requestId?: string | null): Promise<T> {
  const settings = { "app.request_id": requestId ?? currentRequestId() ?? "" };
  return unavailableAs503((body) => timed("db", () => appTransaction((tx) => body.run(() => fn(tx)), settings)));
}

const dialect = new PgDialect();

/**
 * One statement on the app connection outside any transaction and with no tenant (global tables
 * and app_private functions only): one round trip instead of BEGIN, settings, statement, COMMIT.
 * For the lookup every request starts with; anything that writes audited rows needs withSystem.
 */
export async function systemStatement<T>(query: SQL): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  return unavailableAs503(() => timed("db", async () => (await appPool().query(text, params)).rows as T[]));
}

/**
 * Inside an HTTP request (server.ts opens the request scope), losing the database (a restart, a
 * failover, a killed connection) means the service is briefly unavailable, not that the request is
 * wrong: it answers 503 with Retry-After, which the error page shows as "Temporarily unavailable",
 * instead of a 500. The transaction died with its connection, so it wrote nothing (unless the
 * connection was lost after the server committed, before its reply arrived: no client can tell).
 * The pool destroys the dead client and opens new ones on demand, so requests work again as soon as
 * the server does, with the same pool.
 * Outside requests (jobs, scripts) the error propagates unchanged, so graphile-worker retries the job.
 */
async function unavailableAs503<T>(work: (body: TransactionBody) => Promise<T>): Promise<T> {
  const body = new TransactionBody();
  try {
    return await work(body);
  } catch (error) {
    if (!requestScope.getStore() || !isConnectionError(error)) throw error;
    // The error names no statement, so whether the loss hit COMMIT is known only from the body having ended.
    const lostAt = body.finished ? "commit" : "statement";
    logger.warn({ err: error, lostAt }, lostAt === "commit" ? "database lost at COMMIT (outcome unknown): answering 503" : "database unavailable: answering 503");
    throw new Response("The service is temporarily unavailable. Please try again in a moment.", {
      status: 503,
      statusText: "Service Unavailable",
      headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
}

/** Whether a transaction's callback ran to its end: past that point only COMMIT remains. */
class TransactionBody {
  finished = false;
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const result = await fn();
    this.finished = true;
    return result;
  }
}

/**
 * The raw client of a transaction, for what drizzle cannot express (COPY … FROM STDIN). It is the
 * same connection and transaction, so the tenant settings apply.
 */
export const rawSql = (tx: Tx): RawTransaction => rawTransaction(tx);

export { queryRows } from "@db/query-rows";
