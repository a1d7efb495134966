/**
 * `npm run bench`: benchmarks against a real PostgreSQL (a throwaway embedded server, or
 * BENCH_DATABASE_URL's server). Writes bench/results/<name>-<timestamp>.json and latest.json and
 * prints a table. First benchmark: the overhead of withTenant (transaction + set_config) over a
 * bare query on the same app-role pool.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { appDb, closeDatabase, databaseUrls } from "@db/client";
import { migrate } from "@db/migrate";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { withTenant } from "~/utils/db.server";
import { createTestDatabase, startTestServer } from "../tests/support/test-database";

process.env.NODE_ENV = "production";
process.env.APP_DATABASE_PASSWORD ??= "bench-app-password";
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3000);
const WARMUP = 300;

interface Stats {
  n: number;
  meanMs: number;
  p50Ms: number;
  p95Ms: number;
  opsPerSecond: number;
}

async function measure(concurrency: number, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < ITERATIONS) {
        const s = performance.now();
        await fn();
        samples.push(performance.now() - s);
      }
    }),
  );
  const wall = performance.now() - t0;
  samples.sort((a, b) => a - b);
  const pick = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    n: samples.length,
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    p50Ms: round(pick(0.5)),
    p95Ms: round(pick(0.95)),
    opsPerSecond: Math.round((samples.length / wall) * 1000),
  };
}

const server = await startTestServer();
const database = await createTestDatabase(server.adminUrl, { prefix: "secg_bench" });
process.env.DATABASE_URL = database.url;
try {
  await migrate(databaseUrls());
  await seedDemo();
  const organizationId = DEMO_ORGANIZATIONS[0].id;
  const query = sql`select id, name from organizations where id = ${organizationId}`;
  const bareQuery = sql`select id, name from organizations where id = ${organizationId}`;
  const results = [];
  for (const concurrency of [1, 20]) {
    // Baselines on the same pool: `select 1`, and the same lookup outside any transaction (no
    // tenant set, so RLS filters it to zero rows; the plan and round trip are the same).
    const bare = await measure(concurrency, () => appDb().execute(sql`select 1 as one`));
    const bareLookup = await measure(concurrency, () => appDb().execute(bareQuery));
    const tenant = await measure(concurrency, () => withTenant({ organizationId }, (tx) => tx.execute(query)));
    results.push({
      concurrency,
      bare,
      bareLookup,
      withTenant: tenant,
      ratioMean: Math.round((tenant.meanMs / bareLookup.meanMs) * 100) / 100,
      ratioP95: Math.round((tenant.p95Ms / bareLookup.p95Ms) * 100) / 100,
    });
  }
  const report = {
    benchmark: "withTenant-overhead",
    at: new Date().toISOString(),
    iterations: ITERATIONS,
    node: process.version,
    results,
  };
  mkdirSync("bench/results", { recursive: true });
  const stamp = report.at.replace(/[:.]/g, "-");
  writeFileSync(`bench/results/withTenant-${stamp}.json`, JSON.stringify(report, null, 2));
  writeFileSync("bench/results/latest.json", JSON.stringify({ benchmarks: [report] }, null, 2));

  console.log("\nwithTenant overhead (app role, one pool; ms per request)\n");
  console.log("| concurrency | bare select 1 p50/p95 | bare lookup p50/p95 | withTenant lookup p50/p95 | withTenant ÷ bare lookup (mean) | (p95) |");
  console.log("|---|---|---|---|---|---|");
  for (const r of results)
    console.log(
      `| ${r.concurrency} | ${r.bare.p50Ms} / ${r.bare.p95Ms} | ${r.bareLookup.p50Ms} / ${r.bareLookup.p95Ms} | ${r.withTenant.p50Ms} / ${r.withTenant.p95Ms} | ${r.ratioMean}× | ${r.ratioP95}× |`,
    );
  console.log("\nwithTenant = BEGIN; set_config ×3; the query; COMMIT — one pooled connection per request.");
  console.log(`Results: bench/results/latest.json`);
} finally {
  await closeDatabase();
  await database.drop();
  await server.stop();
}
