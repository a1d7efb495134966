import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqlClient } from "@db/sql-client";
import { databaseUrls, type DatabaseUrls } from "@db/client";
import { ensureLocalSessionSecret, env, resetEnv, shouldSeedDemo } from "~/utils/env.server";
import { startEmbedded, unreachableByPostgres, type EmbeddedServer } from "./embedded";
import { migrate } from "./migrate";
import { seedDemo } from "./seed/demo";

export const EMBEDDED_DATABASE = "secg_erp";

export interface Database {
  urls: DatabaseUrls;
  embedded: EmbeddedServer | null;
  seeded: boolean;
}

/** Where embedded PostgreSQL keeps its files: DATA_DIR/pg, or a temp folder when unreachable. */
export function embeddedDataDir(log: (message: string) => void): string {
  const preferred = path.resolve(env().DATA_DIR, "pg");
  const blocked = unreachableByPostgres(preferred);
  if (!blocked) return preferred;
  const key = createHash("sha256").update(preferred).digest("hex").slice(0, 12);
  const fallback = path.join(tmpdir(), `secg-erp-${key}`, "pg");
  log(
    `The OS user 'postgres' cannot enter ${blocked}, so embedded PostgreSQL cannot use ${preferred}.\n` +
      `Using ${fallback} instead. To keep data elsewhere, set DATA_DIR to a folder every user can reach.`,
  );
  return fallback;
}

export async function createDatabaseIfMissing(serverUrl: string, name: string, template?: string): Promise<string> {
  const sql = sqlClient(serverUrl, { max: 1 });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
    if (!exists) await sql.unsafe(`create database ${quote(name)}${template ? ` template ${quote(template)}` : ""}`);
  } finally {
    await sql.end({ timeout: 5 });
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Starts embedded PostgreSQL when DATABASE_URL is unset and points the env at it. */
export async function resolveDatabase(log: (message: string) => void): Promise<EmbeddedServer | null> {
  if (env().DATABASE_URL) return null;
  const embedded = await startEmbedded({ dataDir: embeddedDataDir(log), port: env().EMBEDDED_PG_PORT || 54329 });
  process.env.DATABASE_URL = await createDatabaseIfMissing(embedded.url, EMBEDDED_DATABASE);
  process.env.SECG_EMBEDDED = "true";
  resetEnv();
  ensureLocalSessionSecret(env().DATA_DIR);
  return embedded;
}

/**
 * Everything a process needs before serving: the database (embedded or DATABASE_URL), migrations,
 * and the (idempotent) demo seed — only with SEED_DEMO=true, or in embedded mode when this is not a
 * deployment (shouldSeedDemo): never implicitly against a DATABASE_URL or on a public server.
 */
export async function prepareDatabase(log: (message: string) => void): Promise<Database> {
  const embedded = await resolveDatabase(log);
  const urls = databaseUrls();
  await migrate(urls);
  const wantSeed = shouldSeedDemo(env(), embedded !== null);
  // The seed is idempotent: re-running it brings an older demo database up to date.
  if (wantSeed) await seedDemo();
  return { urls, embedded, seeded: wantSeed };
}
