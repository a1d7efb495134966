import type { TestProject } from "vitest/node";
import { migrate } from "@db/migrate";
import { databaseUrls } from "@db/client";
import { createTestDatabase, startTestServer } from "./test-database";

/**
 * One server (embedded, or TEST_DATABASE_URL's) and one freshly migrated database per run; the
 * test processes inherit its URLs through the environment.
 */
export default async function setup(_project: TestProject) {
  const server = await startTestServer();
  const database = await createTestDatabase(server.adminUrl);
  process.env.DATABASE_URL = database.url;
  process.env.TEST_ADMIN_URL = server.adminUrl;
  process.env.NODE_ENV = "test";
  process.env.LOG_LEVEL ??= "warn";
  await migrate(databaseUrls());
  return async () => {
    const { closeDatabase } = await import("@db/client");
    await closeDatabase();
    await database.drop();
    await server.stop();
  };
}
