import type { SQL } from "drizzle-orm";

type Executes = { execute(query: SQL | string): PromiseLike<unknown> };

/** The rows of a raw statement run through drizzle (`db.execute` answers with the driver's result). */
export async function queryRows<T = Record<string, unknown>>(db: Executes, query: SQL | string): Promise<T[]> {
  const result = (await db.execute(query)) as T[] | { rows: T[] };
  return Array.isArray(result) ? result : result.rows;
}
