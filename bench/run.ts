/**
 * `npm run bench`: benchmarks against a real PostgreSQL (a throwaway embedded server, or
 * BENCH_DATABASE_URL's server) and the production build. Seeds the demo, brings both demo
 * organizations to the QUALITY.md demo scale (bench/scale-dataset.ts), then runs
 * (BENCH_ONLY=tenant|pages|exports|imports picks one):
 * - tenant: the overhead of withTenant (transaction + set_config) over a bare query, and the cost
 *   of recording a read (the data_access_events insert) in the WIP loader's transaction;
 * - pages: every main page (bench/page-catalog.ts) at 1 and 20 clients, server ÷ SQL time, its
 *   main query with ÷ without RLS and in the second organization, AP list page 1,000 ÷ page 1;
 * - exports: the vendor invoice Excel export at ≈ 10k rows and at all rows vs COPY TO, with the
 *   server's peak memory;
 * - imports: a 100,000-row masterfile end to end through the worker process vs COPY FROM of its rows.
 * Writes bench/results/bench-<timestamp>.json and latest.json and prints Markdown tables.
 * `npm run bench -- --check` then checks the results against QUALITY.md's targets (bench/check.ts)
 * and exits 1 if any was missed.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { sqlClient } from "@db/sql-client";
import { closeDatabase, databaseUrls } from "@db/client";
import { migrate } from "@db/migrate";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { checkReport } from "./check";
import { exportsBenchmark, exportsTable } from "./exports";
import { importsBenchmark, importsTable } from "./imports";
import { resolveScope } from "./page-scope";
import { pagesBenchmark } from "./pages";
import { pagesTable } from "./pages-table";
import { addScaleDataset } from "./scale-dataset";
import { tenantOverheadBenchmark, tenantOverheadTable } from "./tenant-overhead";
import { dataAccessCostBenchmark, dataAccessCostTable } from "./data-access-cost";
import { createTestDatabase, startTestServer } from "../tests/support/test-database";

process.env.NODE_ENV = "production";
process.env.APP_DATABASE_PASSWORD ??= "bench-app-password";
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
process.env.APP_URL ??= "http://127.0.0.1"; // required in production; only used in mailed links
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const CHECK = process.argv.slice(2).includes("--check");
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3000);
const ONLY = process.env.BENCH_ONLY;
const KINDS = ["tenant", "pages", "exports", "imports"];
if (ONLY && !KINDS.includes(ONLY)) throw new Error(`BENCH_ONLY must be one of ${KINDS.join(", ")}`);
const runs = (kind: string) => !ONLY || ONLY === kind;
const started = performance.now();
const log = (line: string) => console.log(line);
// Other work on the machine skews every figure: the load averages say how quiet it was.
const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error("cleanup failed:", e));
}
// Ctrl-C / kill: stop the child server, drop the database and stop PostgreSQL before leaving.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

try {
  const server = await startTestServer();
  cleanups.push(() => server.stop());
  // Stored files (the seed's demo imports, the imports benchmark's uploads) go to a throwaway folder.
  const dataDir = mkdtempSync(path.join(tmpdir(), "secg-bench-data-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  process.env.DATA_DIR = dataDir;
  const database = await createTestDatabase(server.adminUrl, { prefix: "secg_bench" });
  cleanups.push(() => database.drop());
  process.env.DATABASE_URL = database.url;
  cleanups.push(() => closeDatabase());

  await migrate(databaseUrls());
  await seedDemo();
  const [summit, harbor] = DEMO_ORGANIZATIONS;
  const ownerUser = DEMO_USERS.find((u) => u.email === "owner@demo.test")!;
  const benchmarks: unknown[] = [];
  const tables: string[][] = [];
  const loadAverages: Record<string, number[]> = { start: loadAverage() };

  let projectIds: string[] = [];
  if (runs("pages") || runs("exports") || runs("imports")) {
    const owner = sqlClient(databaseUrls().owner, { max: 4 });
    cleanups.push(() => owner.end({ timeout: 5 }));
    const t0 = performance.now();
    // One connection per organization, in parallel: PostgreSQL has a core for each.
    const datasets = await Promise.all([summit, harbor].map((org) => addScaleDataset(owner, org.id)));
    // As autovacuum leaves a table that has settled: statistics and the visibility map (index-only scans).
    await owner`vacuum analyze`;
    projectIds = datasets.map((d) => d.projectId);
    log(`Scale dataset for both organizations seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${datasets.map((d) => d.added.join(", ")).join(" | ")}`);
  }
  if (runs("tenant")) {
    loadAverages.tenant = loadAverage();
    const report = await tenantOverheadBenchmark(summit.id, ITERATIONS);
    benchmarks.push(report);
    tables.push(tenantOverheadTable(report));
    const recording = await dataAccessCostBenchmark(summit.id, ITERATIONS);
    benchmarks.push(recording);
    tables.push(dataAccessCostTable(recording));
  }
  if (runs("pages")) {
    loadAverages.pages = loadAverage();
    const scopes = await Promise.all([summit, harbor].map((org, i) => resolveScope(org.id, projectIds[i])));
    const report = await pagesBenchmark({ databaseUrl: database.url, scopes: [scopes[0], scopes[1]], user: ownerUser, log });
    benchmarks.push(report);
    tables.push(pagesTable(report));
  }
  if (runs("exports")) {
    loadAverages.exports = loadAverage();
    const report = await exportsBenchmark({ databaseUrl: database.url, organizationId: summit.id, user: ownerUser, log });
    benchmarks.push(report);
    tables.push(exportsTable(report));
  }
  if (runs("imports")) {
    loadAverages.imports = loadAverage();
    const finance = DEMO_USERS.find((u) => u.email === "finance@demo.test")!;
    const report = await importsBenchmark({ databaseUrl: database.url, dataDir, organizationId: summit.id, user: finance, log });
    benchmarks.push(report);
    tables.push(importsTable(report));
  }
  loadAverages.end = loadAverage();

  const at = new Date().toISOString();
  const totalSeconds = Math.round((performance.now() - started) / 1000);
  const output = { at, node: process.version, cpus: cpus().length, totalSeconds, loadAverages, benchmarks };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/bench-${at.replace(/[:.]/g, "-")}.json`, JSON.stringify(output, null, 2));
  writeFileSync("bench/results/latest.json", JSON.stringify(output, null, 2));
  for (const table of tables) log(`\n${table.join("\n")}`);
  log(`\n${output.cpus} CPUs; load average (1 / 5 / 15 min) ${Object.entries(loadAverages).map(([when, l]) => `${when === "start" || when === "end" ? `at the ${when}` : `before ${when}`}: ${l.join(" / ")}`).join("; ")}.`);
  log(`Total ${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s.`);
  log("Results: bench/results/latest.json");
  if (CHECK) {
    const { lines, exitCode } = checkReport(output);
    log(`\n${lines.join("\n")}`);
    process.exitCode = exitCode;
  }
} finally {
  await cleanUp();
}
