import { sql } from "drizzle-orm";
import { dataAccessEvents, type DATA_ACCESS_FORMATS } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import type { DataAccessView } from "./data-access-views";
import type { TableQuery, TableRow } from "./data-table";
import type { Tx } from "./db.server";
import { currentRequestIp, logger } from "./logger.server";

export type DataAccessFormat = (typeof DATA_ACCESS_FORMATS)[number];
export type DataAccessFilters = Record<string, string | number | boolean | null | undefined>;

export interface DataAccess {
  view: DataAccessView;
  format: DataAccessFormat;
  /** What the reader asked for: URL filters, sort, the record id of a detail view. */
  filters?: DataAccessFilters;
  /** Rows shown or downloaded. */
  rowCount: number;
}

const MAX_FILTER_LENGTH = 200;

/** Strings only as long as a filter may be and without control characters (jsonb refuses \u0000). */
function storedFilters(filters: DataAccessFilters = {}): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (value === null || value === undefined || value === "") continue;
    // eslint-disable-next-line no-control-regex
    const clean = (s: string) => s.replace(/[\u0000-\u001f\u007f]/g, "").slice(0, MAX_FILTER_LENGTH);
    out[clean(key)] = typeof value === "string" ? clean(value) : value;
  }
  return out;
}

/** A list's filters and sort as recorded (the keyset cursor is noted, not stored). */
export function tableFilters(query: TableQuery, extra: DataAccessFilters = {}): DataAccessFilters {
  return { ...query.filters, sort: `${query.sort.key} ${query.sort.dir}`, ...(query.after ? { page: "next" } : {}), ...extra };
}

/**
 * A read whose only write is its access event commits without waiting for the WAL flush (a disk
 * sync of ~3 ms per page view here, ADR 0011): PostgreSQL's asynchronous commit, which after a
 * database crash can lose at most the last ~0.6 s of such events and never corrupts anything. A
 * transaction that already wrote (an xid is assigned) keeps the synchronous commit its writes need.
 */
async function commitReadWithoutFlushWait(tx: Tx) {
  await tx.execute(sql`select set_config('synchronous_commit', 'off', true) where pg_current_xact_id_if_assigned() is null`);
}

/**
 * The one way to record a read of financial data: one INSERT, meant as the last statement of the
 * reader's own transaction (no extra round trip to a pool, no second transaction). Organization,
 * actor and request id come from the transaction (withTenant), the client address from the
 * request scope. The table is append-only for the app role.
 */
export async function recordDataAccess(tx: Tx, access: DataAccess) {
  await commitReadWithoutFlushWait(tx);
  await tx.insert(dataAccessEvents).values({
    organizationId: sql`${currentOrganizationId}`,
    view: access.view,
    format: access.format,
    filters: storedFilters(access.filters),
    rowCount: access.rowCount,
    ip: currentRequestIp(),
  });
}

/**
 * A streamed download's batches, counted as they go out. The event is written once the stream
 * ends, however it ends (complete, client gone, error), with the rows actually handed out, in one
 * short transaction of its own: a batched export holds no transaction open between batches.
 */
export async function* recordedBatches(
  run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  access: Omit<DataAccess, "rowCount">,
  rows: AsyncIterable<TableRow[]>,
): AsyncIterable<TableRow[]> {
  let rowCount = 0;
  try {
    for await (const batch of rows) {
      rowCount += batch.length;
      yield batch;
    }
  } finally {
    await run((tx) => recordDataAccess(tx, { ...access, rowCount })).catch((err: unknown) =>
      logger.error({ err, view: access.view }, "could not record a data access event"),
    );
  }
}
