import { sqlClient } from "@db/sql-client";

export type { SqlClient } from "@db/sql-client";
import { closeDatabase, databaseUrls } from "@db/client";
import { resetEnv } from "~/utils/env.server";

/** Connections for tests: the owner (superuser in tests) and a one-connection app-role pool. */
export function ownerConnection() {
  return sqlClient(databaseUrls().owner, { max: 2 });
}

export function appConnection(max = 1) {
  return sqlClient(databaseUrls().app, { max });
}

/** A fresh app pool of `size` connections for this test file; the returned function restores the setting. */
export async function useAppPoolSize(size: number): Promise<() => Promise<void>> {
  const before = process.env.DB_POOL_MAX;
  process.env.DB_POOL_MAX = String(size);
  resetEnv();
  await closeDatabase();
  return async () => {
    if (before === undefined) delete process.env.DB_POOL_MAX;
    else process.env.DB_POOL_MAX = before;
    resetEnv();
    await closeDatabase();
  };
}
