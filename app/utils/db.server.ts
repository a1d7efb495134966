import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { z } from "zod";
import { appDb, type AppDb } from "@db/client";
import { currentRequestId } from "./logger.server";

export type Tx = Parameters<Parameters<AppDb["transaction"]>[0]>[0];

const tenantContext = z.object({
  organizationId: z.uuid(),
  userId: z.uuid().nullish(),
  requestId: z.string().max(128).nullish(),
});

export type TenantContext = z.input<typeof tenantContext>;

/**
 * The only way code reaches tenant tables: one transaction on the RLS-bound app connection with
 * the tenant, user and request id set transaction-locally (`set_config(..., true)`), so nothing
 * survives into the next use of the pooled connection.
 */
export async function withTenant<T>(ctx: TenantContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const { organizationId, userId, requestId } = tenantContext.parse(ctx);
  return appDb().transaction(async (tx) => {
    await tx.execute(sql`select
      set_config('app.organization_id', ${organizationId}, true),
      set_config('app.user_id', ${userId ?? ""}, true),
      set_config('app.request_id', ${requestId ?? currentRequestId() ?? ""}, true)`);
    return fn(tx);
  });
}

/**
 * A transaction on the app connection with no tenant: global tables only (tenant tables read as
 * empty under RLS). For platform work such as health checks and identity lookups.
 */
export async function withSystem<T>(fn: (tx: Tx) => Promise<T>, requestId?: string | null): Promise<T> {
  return appDb().transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.request_id', ${requestId ?? currentRequestId() ?? ""}, true)`);
    return fn(tx);
  });
}

/**
 * The postgres.js handle of a transaction, for what drizzle cannot express (COPY … FROM STDIN).
 * It is the same connection and transaction, so the tenant settings apply.
 */
export function rawSql(tx: Tx): postgres.TransactionSql {
  return (tx as unknown as { session: { client: postgres.TransactionSql } }).session.client;
}
