import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sqlClient } from "@db/sql-client";
import { createDatabaseIfMissing } from "@db/bootstrap";
import { startEmbedded, type EmbeddedServer } from "@db/embedded";

export interface TestServer {
  /** A superuser URL on the server's maintenance database (create/drop databases). */
  adminUrl: string;
  embedded: EmbeddedServer | null;
  stop(): Promise<void>;
}

/** TEST_DATABASE_URL's server, or a throwaway embedded PostgreSQL under the OS temp folder. */
export async function startTestServer(): Promise<TestServer> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) return { adminUrl: external, embedded: null, stop: async () => {} };
  const root = mkdtempSync(path.join(tmpdir(), "secg-test-"));
  chmodSync(root, 0o755); // the postgres OS user must traverse it
  const embedded = await startEmbedded({ dataDir: path.join(root, "pg") });
  return {
    adminUrl: embedded.url,
    embedded,
    stop: async () => {
      await embedded.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function createTestDatabase(
  adminUrl: string,
  options: { prefix?: string; template?: string } = {},
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `${options.prefix ?? "secg_test"}_${randomBytes(5).toString("hex")}`;
  const url = await createDatabaseIfMissing(adminUrl, name, options.template);
  return {
    name,
    url,
    async drop() {
      const sql = sqlClient(adminUrl, { max: 1 });
      try {
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await sql.end({ timeout: 5 });
      }
    },
  };
}
