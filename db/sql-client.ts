import type pg from "pg";
import { createPool, transaction, type PoolOptions } from "./pool";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of ad-hoc SQL in scripts and tests
type AnyRow = Record<string, any>;

/** The rows; `count` (not enumerable, so rows compare as plain arrays) is the statement's row count. */
export type Rows<T> = T[] & { readonly count: number };

/**
 * Tagged-template SQL on a node-postgres pool, for scripts, tests and benchmarks (the app itself
 * goes through drizzle and withTenant). Interpolated values are always bound parameters.
 *
 *   const [row] = await sql<{ n: number }>`select count(*)::int as n from t where id = ${id}`;
 */
export interface SqlClient {
  <T = AnyRow>(strings: TemplateStringsArray, ...values: unknown[]): Promise<Rows<T>>;
  /** A statement built as text (identifiers, DDL, several statements when there are no values). */
  unsafe<T = AnyRow>(text: string, values?: unknown[]): Promise<Rows<T>>;
  /** One transaction on one client: BEGIN, `fn`, COMMIT (ROLLBACK when it throws). */
  begin<T>(fn: (sql: SqlClient) => Promise<T>): Promise<T>;
  /** Inside `begin`: SAVEPOINT, `fn`, RELEASE (ROLLBACK TO when it throws). */
  savepoint<T>(fn: (sql: SqlClient) => Promise<T>): Promise<T>;
  /** A client of the pool for the caller alone (a session of its own) until `release()`. */
  reserve(): Promise<SqlClient & { release(): void }>;
  end(options?: { timeout?: number }): Promise<void>;
  readonly pool: pg.Pool;
}

type Queryable = Pick<pg.Pool, "query">;

export function sqlClient(url: string, options: PoolOptions = {}): SqlClient {
  const pool = createPool(url, { max: 10, ...options });
  return bind(pool, pool);
}

function bind(pool: pg.Pool, target: Queryable): SqlClient {
  const run = async <T>(text: string, values?: unknown[]): Promise<Rows<T>> => {
    const result = await target.query(text, values as unknown[]);
    // several statements in one text answer with one result each: the last one is the answer
    const last = Array.isArray(result) ? (result[result.length - 1] as pg.QueryResult) : result;
    return Object.defineProperty(last.rows as T[], "count", { value: last.rowCount ?? 0, enumerable: false }) as Rows<T>;
  };
  const tag = <T>(strings: TemplateStringsArray, ...values: unknown[]) =>
    run<T>(strings.reduce((text, part, i) => `${text}$${i}${part}`), values);
  const self: SqlClient = Object.assign(tag, {
    unsafe: run,
    begin: <T>(fn: (sql: SqlClient) => Promise<T>) => transaction(pool, (client) => fn(bind(pool, client))),
    savepoint: async <T>(fn: (sql: SqlClient) => Promise<T>) => {
      await run("savepoint sql_client");
      try {
        const result = await fn(self);
        await run("release savepoint sql_client");
        return result;
      } catch (error) {
        await run("rollback to savepoint sql_client");
        throw error;
      }
    },
    reserve: async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (error: Error) => (broken = error);
      client.on("error", onError);
      const release = () => {
        client.removeListener("error", onError);
        client.release(broken);
      };
      return Object.assign(bind(pool, client), { release });
    },
    end: () => pool.end(),
    pool,
  }) as SqlClient;
  return self;
}
