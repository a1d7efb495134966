import pg from "pg";
import { isConnectionError } from "./connection-errors";

export interface PoolOptions {
  max?: number;
  /** Idle clients are closed after this long (ms). */
  idleTimeoutMillis?: number;
  connectionTimeoutMillis?: number;
  applicationName?: string;
  /** An idle client's connection broke (server restart, killed backend): pg then drops it. */
  onIdleError?: (error: Error) => void;
}

/**
 * A node-postgres pool. Its `error` event (an idle client's connection broke) is always handled:
 * unhandled, Node would turn it into an uncaught exception and stop the process. pg drops that
 * client and opens a new one on the next checkout.
 */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: options.connectionTimeoutMillis ?? 10_000,
    application_name: options.applicationName ?? "secg-erp",
  });
  pool.on("error", options.onIdleError ?? (() => {}));
  return pool;
}

/**
 * Runs `work` on one client checked out of `pool` for it alone, then gives the client back. A client
 * whose connection broke is released with the error, which destroys it instead of handing it to
 * the next caller.
 */
export async function withClient<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // pg removes the pool's error listener while a client is checked out: a connection lost between
  // statements would otherwise be an 'error' event nobody handles, which stops the process.
  const onError = (error: Error) => (broken = error);
  client.on("error", onError);
  try {
    return await work(client);
  } catch (error) {
    if (isConnectionError(error)) broken ??= error as Error;
    throw error;
  } finally {
    client.removeListener("error", onError);
    client.release(broken);
  }
}

/** BEGIN, `work`, COMMIT on one checked-out client (ROLLBACK when `work` throws). */
export function transaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withClient(pool, async (client) => {
    await client.query("begin");
    try {
      const result = await work(client);
      await client.query("commit");
      return result;
    } catch (error) {
      // A failed ROLLBACK means the connection is gone: report that, so the client is destroyed.
      await client.query("rollback");
      throw error;
    }
  });
}
