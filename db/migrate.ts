import path from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate as drizzleMigrate } from "drizzle-orm/node-postgres/migrator";
import { runMigrations as workerMigrations } from "graphile-worker";
import { sqlClient, type SqlClient } from "@db/sql-client";
import { workerLogger } from "@jobs/logger";
import { projectRoot } from "./project-root";
import { APP_ROLE, WORKER_ROLE } from "./roles";

export const migrationsFolder = path.join(projectRoot, "db", "migrations");

const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/**
 * Brings a database to the current schema as its owner: graphile-worker's schema, drizzle-kit
 * migrations (incl. custom SQL), the catalog-driven RLS/grant pass, and runtime role passwords.
 * Safe to run concurrently (advisory lock) and repeatedly.
 */
export async function migrate(urls: { owner: string; app: string; worker: string }) {
  const sql = sqlClient(urls.owner, { max: 1 });
  try {
    await sql`select pg_advisory_lock(hashtext('secg-erp:migrate'))`;
    await workerMigrations({ connectionString: urls.owner, logger: workerLogger("warning") });
    await drizzleMigrate(drizzle(sql.pool), { migrationsFolder });
    await sql`select app_private.secure_tables()`;
    await grantWorkerQueue(sql);
    await sql.unsafe(`grant usage on schema drizzle to ${APP_ROLE}; grant select on drizzle.__drizzle_migrations to ${APP_ROLE}`);
    await setRolePasswords(sql, urls);
    await sql`select pg_advisory_unlock(hashtext('secg-erp:migrate'))`;
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function grantWorkerQueue(sql: SqlClient) {
  await sql.unsafe(`
    grant usage on schema graphile_worker to ${WORKER_ROLE};
    grant select, insert, update, delete on all tables in schema graphile_worker to ${WORKER_ROLE};
    grant usage, select, update on all sequences in schema graphile_worker to ${WORKER_ROLE};
    grant execute on all functions in schema graphile_worker to ${WORKER_ROLE};
  `);
  // graphile-worker enables RLS on its private tables (deny-all for non-owners); the queue role
  // gets an explicit policy on each, so it can work the queue without owning anything.
  const tables = await sql<{ name: string }>`select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'graphile_worker' and c.relkind in ('r', 'p') and c.relrowsecurity`;
  for (const { name } of tables) {
    const table = `graphile_worker."${name.replaceAll('"', '""')}"`;
    await sql.unsafe(`drop policy if exists secg_worker_queue on ${table}`);
    await sql.unsafe(`create policy secg_worker_queue on ${table} for all to ${WORKER_ROLE} using (true) with check (true)`);
  }
}

/** Runtime URLs that use our roles define their passwords (needed for password auth). */
async function setRolePasswords(sql: SqlClient, urls: { app: string; worker: string }) {
  for (const [role, url] of [
    [APP_ROLE, urls.app],
    [WORKER_ROLE, urls.worker],
  ] as const) {
    const parsed = new URL(url);
    if (decodeURIComponent(parsed.username) !== role || !parsed.password) continue;
    await sql.unsafe(`alter role ${role} password ${quoteLiteral(decodeURIComponent(parsed.password))}`);
  }
}
