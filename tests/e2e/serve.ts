/**
 * The app under test: the production build on a throwaway database — embedded PostgreSQL in a
 * temp folder, or a fresh database on TEST_DATABASE_URL's server — with the demo seed.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqlClient } from "@db/sql-client";
import { createTestDatabase } from "../support/test-database";
import { e2eMailDir } from "./support/mail";

if (!existsSync("build/server/index.js")) execFileSync("npx", ["react-router", "build"], { stdio: "inherit" });

process.env.NODE_ENV = "production";
process.env.SEED_DEMO = "true";
process.env.LOG_LEVEL ??= "warn";

// Mail goes to files the specs read (tests/e2e/support/mail.ts); links point at this server.
const port = Number(process.env.PORT ?? 3311);
const mailDir = e2eMailDir(port);
rmSync(mailDir, { recursive: true, force: true });
mkdirSync(mailDir, { recursive: true });
process.env.MAIL_DIR = mailDir;
delete process.env.SMTP_URL;
process.env.APP_URL = `http://localhost:${port}`;

// A throwaway DATA_DIR either way: embedded PostgreSQL's files, and the stored uploads (imports),
// never land in the checkout's .data.
const root = mkdtempSync(path.join(tmpdir(), "secg-e2e-"));
chmodSync(root, 0o755);
process.env.DATA_DIR = root;
process.on("exit", () => rmSync(root, { recursive: true, force: true }));

const external = process.env.TEST_DATABASE_URL;
if (external) {
  await dropStaleE2eDatabases(external);
  const database = await createTestDatabase(external, { prefix: "secg_e2e" });
  process.env.DATABASE_URL = database.url;
  process.env.APP_DATABASE_PASSWORD = "e2e-app-password";
  process.env.SESSION_SECRET = "e2e-session-secret-0123456789abcdef";
}

await import("../../server");

/** Databases left by earlier e2e runs on a shared server (we cannot await a drop on exit). */
async function dropStaleE2eDatabases(adminUrl: string) {
  const sql = sqlClient(adminUrl, { max: 1 });
  try {
    const stale = await sql<{ datname: string }>`select datname from pg_database where datname like 'secg_e2e_%'`;
    for (const { datname } of stale) await sql.unsafe(`drop database if exists "${datname}" with (force)`);
  } finally {
    await sql.end();
  }
}
