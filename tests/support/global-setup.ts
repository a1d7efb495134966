import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { migrate } from "@db/migrate";
import { databaseUrls } from "@db/client";
import { createTestDatabase, startTestServer } from "./test-database";

/**
 * One server per run (embedded, or TEST_DATABASE_URL's) and one migrated template database; each
 * test file then gets its own copy of the template (tests/support/database-per-file.ts), so files
 * run in parallel without sharing rows or the job queue.
 */
export default async function setup(_project: TestProject) {
  const server = await startTestServer();
  const template = await createTestDatabase(server.adminUrl, { prefix: "secg_template" });
  process.env.NODE_ENV = "test";
  process.env.LOG_LEVEL ??= "warn";
  process.env.TEST_ADMIN_URL = server.adminUrl;
  process.env.TEST_TEMPLATE_DATABASE = template.name;
  process.env.DATABASE_URL = template.url;
  // Stored files (imports) and mail go to a scratch directory, not the checkout's .data.
  const dataDir = process.env.DATA_DIR ? null : mkdtempSync(path.join(tmpdir(), "secg-test-data-"));
  if (dataDir) process.env.DATA_DIR = dataDir;
  await migrate(databaseUrls());
  return async () => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await template.drop();
    await server.stop();
  };
}
