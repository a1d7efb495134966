import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import type { JobHelpers } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { platformChecks } from "@db/schema";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { withSystem } from "~/utils/db.server";
import { enqueue } from "~/utils/jobs.server";
import { appConnection, ownerConnection } from "../tests/support/connections";
import { defineTenantTask } from "./define";
import { startWorker, type Worker } from "./worker";
import { queryRows } from "@db/query-rows";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let worker: Worker;

const jobsFor = (checkId: string) =>
  owner<{ attempts: number; last_error: string | null }>`
    select attempts, last_error from graphile_worker._private_jobs where payload->>'checkId' = ${checkId}`;

async function waitFor<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  owner = ownerConnection();
  worker = await startWorker({ concurrency: 2, pollInterval: 200 });
});
afterAll(async () => {
  await worker.stop();
  await owner.end();
});

describe("enqueue inside the business transaction", () => {
  it("a rolled-back transaction leaves no job", async () => {
    const checkId = randomUUID();
    await expect(
      withSystem(async (tx) => {
        await tx.insert(platformChecks).values({ id: checkId });
        await enqueue(tx, "platform__health_check", { checkId });
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    expect(await jobsFor(checkId)).toEqual([]);
  });

  it("a committed transaction's job runs in the worker", async () => {
    const checkId = randomUUID();
    await withSystem(async (tx) => {
      await tx.insert(platformChecks).values({ id: checkId });
      await enqueue(tx, "platform__health_check", { checkId });
    });
    const [done] = await waitFor(async () => {
      const rows = await owner`select completed_at, worker_id from platform_checks where id = ${checkId} and completed_at is not null`;
      return rows.length ? rows : null;
    });
    expect(done.worker_id).toMatch(/:\d+:/);
    await waitFor(async () => (await jobsFor(checkId)).length === 0);
  });

  it("a failing job is retried with its error recorded", async () => {
    const checkId = randomUUID(); // no such check: the handler throws
    await withSystem((tx) => enqueue(tx, "platform__health_check", { checkId }));
    const [job] = await waitFor(async () => {
      const rows = await jobsFor(checkId);
      return rows[0]?.attempts >= 2 ? rows : null;
    });
    expect(job.last_error).toContain(`platform check ${checkId} not found`);
    await owner`delete from graphile_worker._private_jobs where payload->>'checkId' = ${checkId}`;
  });
});

describe("the enqueue boundary", () => {
  it("validates payloads against the catalog before anything is written", async () => {
    await expect(
      withSystem((tx) => enqueue(tx, "platform__health_check", { checkId: "not-a-uuid" })),
    ).rejects.toThrow(/invalid payload for platform__health_check/);
  });

  it("the SQL wrapper refuses task names outside the <domain>__<verb> convention", async () => {
    await expect(
      withSystem((tx) => queryRows(tx, sql`select app_private.enqueue_job('drop table', '{}'::json)`)),
    ).rejects.toMatchObject({ cause: { code: "22023" } });
  });

  it("the app role cannot reach graphile_worker directly", async () => {
    const app = appConnection(1);
    try {
      await expect(app`select graphile_worker.add_job('platform__prune', '{}'::json)`).rejects.toMatchObject({ code: "42501" });
      await expect(app`select count(*) from graphile_worker._private_jobs`).rejects.toMatchObject({ code: "42501" });
    } finally {
      await app.end();
    }
  });
});

describe("tenant task handlers", () => {
  it("run inside withTenant for the organization named in the payload", async () => {
    await seedDemo();
    const organizationId = DEMO_ORGANIZATIONS[1].id;
    let seen: unknown;
    const task = defineTenantTask("platform__prune", async (tx) => {
      seen = (await queryRows(tx, sql`select current_setting('app.organization_id', true) as org, current_setting('app.request_id', true) as req`))[0];
    });
    await task({ organizationId }, { job: { id: "42" } } as unknown as JobHelpers);
    expect(seen).toEqual({ org: organizationId, req: "job:42" });
  });

  it("refuse a payload without an organization", async () => {
    const task = defineTenantTask("platform__prune", async () => {});
    await expect(task({}, { job: { id: "43" } } as unknown as JobHelpers)).rejects.toThrow(/organizationId/);
  });
});
