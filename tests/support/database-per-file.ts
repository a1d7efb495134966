import { afterAll } from "vitest";
import { createTestDatabase } from "./test-database";

// Runs before each test file: a private copy of the migrated template database.
const adminUrl = process.env.TEST_ADMIN_URL;
const template = process.env.TEST_TEMPLATE_DATABASE;
if (!adminUrl || !template) throw new Error("tests/support/global-setup.ts did not run");

const database = await createTestDatabase(adminUrl, { template });
process.env.DATABASE_URL = database.url;

afterAll(async () => {
  const { closeDatabase } = await import("@db/client");
  await closeDatabase();
  await database.drop();
});
