import { mulberry32 } from "~/domains/imports/masterfile-generator.server";

/**
 * The tenant crossfire: many concurrent transactions of two tenants on a small pool, with random
 * awaits between statements and some transactions failing mid-way. Every statement returns the
 * tenant setting it ran under and the rows it saw; a statement that ran under the other tenant's
 * setting, or saw its rows, is a leak. Written against a small driver-neutral interface so the same
 * scenario can be run against another driver (ADR 0010 ran it against postgres.js).
 */

export interface CrossfireDriver {
  /** Runs `body` in one transaction with `app.organization_id` set to `organizationId` (transaction-local). */
  transaction<T>(organizationId: string, body: (statement: () => Promise<Seen>) => Promise<T>): Promise<T>;
}

/** What one statement saw: `select current_setting('app.organization_id', true), array of the job numbers visible`. */
export interface Seen {
  org: string | null;
  jobs: string[];
}

export interface Tenant {
  organizationId: string;
  jobs: string[];
}

export interface CrossfireResult {
  transactions: number;
  statements: number;
  failedOnPurpose: number;
  /** Statements that ran under another setting than their transaction's, or saw other rows. */
  leaks: string[];
  /** Transactions that failed for another reason than the planned one. */
  unexpected: string[];
}

class PlannedFailure extends Error {}

const pause = (random: () => number) => {
  const r = random();
  if (r < 0.3) return Promise.resolve(); // a microtask only
  if (r < 0.6) return new Promise<void>((resolve) => setImmediate(resolve));
  return new Promise<void>((resolve) => setTimeout(resolve, Math.floor(random() * 4)));
};

export async function crossfire(driver: CrossfireDriver, tenants: [Tenant, Tenant], options: { transactions: number; seed: number }): Promise<CrossfireResult> {
  const random = mulberry32(options.seed);
  const result: CrossfireResult = { transactions: options.transactions, statements: 0, failedOnPurpose: 0, leaks: [], unexpected: [] };
  const expectedJobs = tenants.map((t) => [...t.jobs].sort().join(","));
  const runs = Array.from({ length: options.transactions }, async (_, i) => {
    const which = random() < 0.5 ? 0 : 1;
    const tenant = tenants[which];
    const statements = 1 + Math.floor(random() * 4);
    const failAfter = random() < 0.25 ? Math.floor(random() * statements) : -1;
    const startDelay = pause(random);
    const delays = Array.from({ length: statements }, () => random());
    await startDelay;
    try {
      await driver.transaction(tenant.organizationId, async (statement) => {
        for (let s = 0; s < statements; s++) {
          const seen = await statement();
          result.statements++;
          const jobs = [...seen.jobs].sort().join(",");
          if (seen.org !== tenant.organizationId || jobs !== expectedJobs[which])
            result.leaks.push(`transaction ${i} (tenant ${which ? "B" : "A"}), statement ${s}: ran under ${seen.org === tenants[1 - which].organizationId ? "the other tenant" : JSON.stringify(seen.org)}, saw [${jobs}]`);
          if (s === failAfter) throw new PlannedFailure();
          await (delays[s] < 0.5 ? Promise.resolve() : new Promise<void>((resolve) => setTimeout(resolve, Math.floor(delays[s] * 3))));
        }
      });
    } catch (error) {
      if (error instanceof PlannedFailure) result.failedOnPurpose++;
      else result.unexpected.push(`transaction ${i}: ${(error as Error).message}`);
    }
  });
  await Promise.all(runs);
  return result;
}
