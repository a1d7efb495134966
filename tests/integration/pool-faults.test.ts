import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appPool } from "@db/client";
import * as projectsRoute from "~/domains/projects/routes/projects";
import { withSystem, withTenant, type TenantContext, type Tx } from "~/utils/db.server";
import { logger, requestScope } from "~/utils/logger.server";
import { isConnectionError } from "~/utils/pg-errors.server";
import { ownerConnection, useAppPoolSize } from "../support/connections";
import { newAccount } from "../support/identity-fixtures";
import { callRoute, signIn, useDevelopmentCookies, type SignedIn } from "../support/route-requests";
import { queryRows } from "@db/query-rows";
import type { SqlClient } from "@db/sql-client";

/**
 * The tenant is set per transaction (`set_config(..., true)`) on pooled connections. Here every
 * backend of the app pool is killed (pg_terminate_backend, as a failover or an operator would),
 * one of them inside an open withTenant transaction: the interrupted work fails at once, and
 * whatever connection the pool hands out next carries no tenant: another organization's
 * transaction sees only its own rows, a system transaction sees no tenant rows, and outside a
 * transaction `app.organization_id` is empty on every connection.
 */

const POOL = 3;
let restorePool: () => Promise<void>;
let owner: SqlClient;
type Org = { ctx: TenantContext & { organizationId: string }; email: string; jobs: string[] };
let a: Org;
let b: Org;
let asA: SignedIn;
let asB: SignedIn;

useDevelopmentCookies();
beforeAll(async () => {
  restorePool = await useAppPoolSize(POOL);
  owner = ownerConnection();
  const org = async (label: string, count: number): Promise<Org> => {
    const account = await newAccount(label);
    const jobs = Array.from({ length: count }, (_, i) => `${label.toUpperCase()}-${i + 1}`);
    for (const job of jobs) await owner`insert into projects (organization_id, job_number, name) values (${account.organizationId}, ${job}, ${`${label} job`})`;
    return { ctx: { organizationId: account.organizationId, userId: account.userId }, email: account.email, jobs };
  };
  [a, b] = [await org("pool-a", 3), await org("pool-b", 2)];
  [asA, asB] = [await signIn(a.email), await signIn(b.email)];
}, 60_000);
afterAll(async () => {
  await restorePool();
  await owner.end();
});

const appBackends = () =>
  owner`select pid, state, query, wait_event_type from pg_stat_activity where usename = 'secg_app' and datname = current_database() and pid <> pg_backend_pid()`;

/** Kills every app-role backend of this test's database and waits until they are gone. */
async function terminateAppBackends() {
  const killed = await owner`select pg_terminate_backend(pid, 5000) as gone from pg_stat_activity
    where usename = 'secg_app' and datname = current_database() and pid <> pg_backend_pid()`;
  expect(killed.every((k) => k.gone)).toBe(true);
  // The driver learns of a dead connection from its socket closing; let it read that first.
  await new Promise((r) => setTimeout(r, 50));
  return killed.length;
}

/** The tenant's projects as that tenant sees them, from a transaction held briefly so several pool connections are in use. */
const jobsSeen = (ctx: TenantContext) =>
  withTenant(ctx, async (tx) => {
    const rows = await queryRows<{ job: string; pid: number }>(tx, sql`select p.job_number as job, pg_backend_pid() as pid, pg_sleep(0.02)::text from projects p order by 1`);
    return rows.map((r) => r.job);
  });

/** `app.*` settings outside any transaction on as many pool connections as concurrent queries reach. */
async function settingsOutsideTransactions() {
  const rows = (
    await Promise.all(
      Array.from({ length: POOL * 2 }, async () => {
        const result = await appPool().query<{ pid: number; org: string | null; usr: string | null }>(
          "select pg_backend_pid() as pid, current_setting('app.organization_id', true) as org, current_setting('app.user_id', true) as usr, pg_sleep(0.05)::text",
        );
        return result.rows;
      }),
    )
  ).flat();
  return { pids: new Set(rows.map((r) => r.pid as number)).size, settings: [...new Set(rows.flatMap((r) => [r.org ?? "", r.usr ?? ""]))] };
}

/** The promise's outcome, observed from now on (so a rejection is never unhandled). */
const outcomeOf = <T>(promise: Promise<T>): Promise<PromiseSettledResult<T>> =>
  promise.then(
    (value) => ({ status: "fulfilled", value }),
    (reason: unknown) => ({ status: "rejected", reason }),
  );

/** The outcome within `ms`, or "hung". */
async function within<T>(outcome: Promise<PromiseSettledResult<T>>, ms: number): Promise<PromiseSettledResult<T> | "hung"> {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), ms)));
  try {
    return await Promise.race([outcome, hung]);
  } finally {
    clearTimeout(timer);
  }
}

const expectConnectionFailure = (outcome: PromiseSettledResult<unknown> | "hung") => {
  expect(outcome).not.toBe("hung");
  expect((outcome as PromiseSettledResult<unknown>).status).toBe("rejected");
  expect(isConnectionError((outcome as PromiseRejectedResult).reason)).toBe(true);
};

async function waitFor(probe: () => Promise<boolean>, what: string) {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const projectRows = (answer: { data: unknown }) => (answer.data as { page: { rows: { jobNumber: string }[] } }).page.rows.map((r) => r.jobNumber).sort();

describe("killed backends of the app pool", () => {
  it("fail the interrupted transactions at once and leave no tenant on any connection the pool hands out next", async () => {
    const before = await Promise.all([jobsSeen(a.ctx), jobsSeen(a.ctx), jobsSeen(a.ctx), jobsSeen(b.ctx)]);
    expect(before).toEqual([a.jobs, a.jobs, a.jobs, b.jobs]);
    expect(await settingsOutsideTransactions()).toEqual({ pids: POOL, settings: [""] });

    // Two of the three connections inside withTenant(A): one running a statement, one idle in its
    // transaction while its code awaits something else (a file, a hash…).
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = outcomeOf(withTenant(a.ctx, (tx) => queryRows(tx, sql`select pg_sleep(30)`)));
    let late: Promise<PromiseSettledResult<unknown>> | undefined; // A's statement after the kill
    const idle = outcomeOf(
      withTenant(a.ctx, async (tx) => {
        await tx.execute(sql`select 1`);
        await gate;
        late = outcomeOf(queryRows(tx, sql`select current_setting('app.organization_id', true) as org, count(*) from projects`));
        return late;
      }),
    );
    await waitFor(async () => {
      const states = (await appBackends()).map((x) => (x.query.includes("pg_sleep(30)") ? "sleeping" : x.state));
      return states.includes("sleeping") && states.includes("idle in transaction");
    }, "both transactions to be open");

    expect(await terminateAppBackends()).toBe(POOL);
    expectConnectionFailure(await within(running, 5_000));
    expect(await appBackends()).toHaveLength(0);

    // The pool reconnects by itself. B's transactions take every connection the pool has, so one of
    // them reuses the connection A's idle transaction was on; A's code resumes meanwhile and its
    // next statement must fail, not run inside B's session (where it would see B's tenant, and its
    // ROLLBACK would undo B's work: what postgres.js 3.4.9 did before the project patched it, ADR 0010).
    const during = await Promise.all(
      Array.from({ length: POOL }, () =>
        withTenant(b.ctx, async (tx) => {
          release();
          await new Promise((r) => setTimeout(r, 100));
          const [setting] = await queryRows<{ org: string }>(tx, sql`select current_setting('app.organization_id', true) as org`);
          const rows = await queryRows<{ job: string }>(tx, sql`select job_number as job from projects order by 1`);
          return { org: setting.org, jobs: rows.map((r) => r.job) };
        }),
      ),
    );
    expect(during).toEqual(Array.from({ length: POOL }, () => ({ org: b.ctx.organizationId, jobs: b.jobs })));
    expectConnectionFailure(await within(idle, 5_000));
    expect(late).toBeDefined();
    expectConnectionFailure(await within(late!, 5_000));

    const after = await Promise.all(Array.from({ length: 6 }, () => jobsSeen(b.ctx)));
    expect(after).toEqual(Array.from({ length: 6 }, () => b.jobs));
    expect(await withSystem(async (tx) => (await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from projects`))[0].n)).toBe(0);
    for (let round = 0; round < 3; round++) expect(await settingsOutsideTransactions()).toEqual({ pids: POOL, settings: [""] });

    // Requests as the routes serve them work again, without restarting anything, each tenant its own rows.
    const pages = await Promise.all([asA, asB, asA, asB].map((who) => callRoute(projectsRoute.loader, who.get("/projects"))));
    expect(pages.map((p) => p.status)).toEqual([200, 200, 200, 200]);
    expect(pages.map(projectRows)).toEqual([a.jobs, b.jobs, a.jobs, b.jobs]);
    const newSession = await signIn(b.email);
    expect(projectRows(await callRoute(projectsRoute.loader, newSession.get("/projects")))).toEqual(b.jobs);
  }, 30_000);

  it("requests caught by the kill answer 503 (never a 500 or another tenant's rows); the next ones succeed", async () => {
    const request = (who: SignedIn, i: number) =>
      requestScope.run({ requestId: `pool-fault-${i}` }, () => callRoute(projectsRoute.loader, who.get("/projects")));
    // The owner holds a lock the projects list needs, so the requests are inside their transactions,
    // waiting, when their connections are killed: at least one of them must be caught.
    const blocker = await owner.reserve();
    let inFlight: Promise<Awaited<ReturnType<typeof request>>>[];
    try {
      await blocker`begin`;
      await blocker`lock table projects in access exclusive mode`;
      inFlight = Array.from({ length: 8 }, (_, i) => request(i % 2 ? asB : asA, i));
      await waitFor(async () => (await appBackends()).some((x) => x.wait_event_type === "Lock"), "a request to wait for the lock");
      await terminateAppBackends();
    } finally {
      await blocker`rollback`;
      blocker.release();
    }
    const answers = await Promise.all(inFlight);
    expect(answers.filter((x) => x.status === 503).length).toBeGreaterThan(0);
    for (const [i, answer] of answers.entries()) {
      if (answer.status === 503) {
        expect((answer.data as Response).headers.get("Retry-After")).toBe("5");
        expect(await (answer.data as Response).text()).toBe("The service is temporarily unavailable. Please try again in a moment.");
      } else {
        expect(answer.status).toBe(200);
        expect(projectRows(answer)).toEqual(i % 2 ? b.jobs : a.jobs);
      }
    }
    const again = await Promise.all(Array.from({ length: 8 }, (_, i) => request(i % 2 ? asB : asA, i)));
    expect(again.map((x) => x.status)).toEqual(Array(8).fill(200));
    expect(again.map(projectRows)).toEqual(Array.from({ length: 8 }, (_, i) => (i % 2 ? b.jobs : a.jobs)));
  }, 30_000);

  it("a 503 logs whether the connection was lost at COMMIT (outcome unknown) or at a statement before it (nothing written)", async () => {
    const logged: { lostAt?: string; message: string }[] = [];
    const warn = vi.spyOn(logger, "warn").mockImplementation(((obj: { lostAt?: string }, message: string) => {
      logged.push({ lostAt: obj?.lostAt, message });
    }) as typeof logger.warn);
    const selfKill = sql`select pg_terminate_backend(pg_backend_pid())`;
    try {
      const inRequest = (fn: (tx: Tx) => Promise<unknown>) => requestScope.run({ requestId: "lost-at" }, () => outcomeOf(withTenant(a.ctx, fn)));
      // The backend kills itself from a deferred trigger, which PostgreSQL runs inside COMMIT.
      const atCommit = await inRequest(async (tx) => {
        await tx.execute(sql`create temp table lost_at_commit (x int) on commit drop`);
        await tx.execute(sql`create function pg_temp.lost_at_commit() returns trigger language plpgsql as $$ begin perform pg_terminate_backend(pg_backend_pid()); return null; end $$`);
        await tx.execute(sql`create constraint trigger die after insert on lost_at_commit deferrable initially deferred for each row execute function pg_temp.lost_at_commit()`);
        await tx.execute(sql`insert into lost_at_commit values (1)`);
      });
      const atStatement = await inRequest(async (tx) => {
        await tx.execute(sql`insert into projects (organization_id, job_number, name) values (${a.ctx.organizationId}, 'LOST-1', 'lost')`);
        await tx.execute(selfKill);
      });
      for (const outcome of [atCommit, atStatement]) {
        expect(outcome.status).toBe("rejected");
        expect(((outcome as PromiseRejectedResult).reason as Response).status).toBe(503);
      }
    } finally {
      warn.mockRestore();
    }
    expect(logged).toEqual([
      { lostAt: "commit", message: "database lost at COMMIT (outcome unknown): answering 503" },
      { lostAt: "statement", message: "database unavailable: answering 503" },
    ]);
    expect(await owner`select 1 from projects where job_number = 'LOST-1'`).toHaveLength(0);
  }, 30_000);
});
