import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TransactionEnded } from "@db/client";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { crossfire, type Seen, type Tenant } from "../support/crossfire";
import { ownerConnection, useAppPoolSize, type SqlClient } from "../support/connections";
import { newAccount } from "../support/identity-fixtures";

/**
 * Tenancy rests on transaction-local settings plus RLS, so a statement of one request must never
 * run inside another request's transaction. 200 transactions of two tenants share a pool of two
 * connections, with random awaits between statements and a quarter of them failing mid-way; each
 * statement reports the setting it ran under and the rows it saw (ADR 0010).
 */

let restorePool: () => Promise<void>;
let owner: SqlClient;
let tenants: [Tenant & { userId: string }, Tenant & { userId: string }];

beforeAll(async () => {
  restorePool = await useAppPoolSize(2);
  owner = ownerConnection();
  const tenant = async (label: string, count: number) => {
    const account = await newAccount(label);
    const jobs = Array.from({ length: count }, (_, i) => `${label.toUpperCase()}-${i + 1}`);
    for (const job of jobs) await owner`insert into projects (organization_id, job_number, name) values (${account.organizationId}, ${job}, ${`${label} job`})`;
    return { organizationId: account.organizationId, userId: account.userId, jobs };
  };
  tenants = [await tenant("crossfire-a", 3), await tenant("crossfire-b", 2)];
}, 60_000);
afterAll(async () => {
  await restorePool();
  await owner.end();
});

const seen = (tx: Tx) =>
  queryRows<Seen>(tx, sql`select current_setting('app.organization_id', true) as org, coalesce(array_agg(job_number order by job_number), '{}') as jobs from projects`).then((rows) => rows[0]);

const causes = (error: unknown) => {
  const chain: unknown[] = [];
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) chain.push(e);
  return chain;
};

describe("tenant crossfire on a pool of two connections", () => {
  it.each([1, 2, 3])("200 transactions of two tenants (seed %i): no statement runs under the other tenant or sees its rows", async (seed) => {
    const result = await crossfire(
      { transaction: (organizationId, body) => withTenant({ organizationId, userId: tenants.find((t) => t.organizationId === organizationId)!.userId }, (tx) => body(() => seen(tx))) },
      tenants,
      { transactions: 200, seed },
    );
    expect(result.leaks).toEqual([]);
    expect(result.unexpected).toEqual([]);
    expect(result.failedOnPurpose).toBeGreaterThan(20);
    expect(result.statements).toBeGreaterThan(400);
  }, 60_000);

  it("a statement sent through a transaction that already ended is refused, never run in the next transaction on that connection", async () => {
    const [a, b] = tenants;
    let kept: Tx | undefined;
    await withTenant({ organizationId: a.organizationId, userId: a.userId }, async (tx) => {
      kept = tx;
      expect((await seen(tx)).org).toBe(a.organizationId);
    });
    // Both connections are now in B's transactions: the one A used among them.
    const late = await Promise.all(
      [0, 1].map(() =>
        withTenant({ organizationId: b.organizationId, userId: b.userId }, async (tx) => {
          const stray = await seen(kept!).then(
            (row) => ({ ran: row }),
            (error: unknown) => ({ refused: causes(error).some((e) => e instanceof TransactionEnded) }),
          );
          return { stray, mine: await seen(tx) };
        }),
      ),
    );
    for (const { stray, mine } of late) {
      expect(stray).toEqual({ refused: true });
      expect(mine).toEqual({ org: b.organizationId, jobs: b.jobs });
    }
  });
});
