/**
 * `npm run bench`: benchmarks against a real PostgreSQL (a throwaway embedded server, or
 * BENCH_DATABASE_URL's server). Seeds the demo plus one benchmark-scale project per demo tenant,
 * then runs (BENCH_ONLY=tenant|finance|money picks one):
 * - tenant: the overhead of withTenant (transaction + set_config) over a bare query;
 * - finance: the budget page and job cost report of the scale project over HTTP against the
 *   production server vs the SQL time of their queries, and the budget query with vs without RLS;
 * - money: the WIP schedule over a 200-project portfolio, the vendor invoice list over 100,000
 *   invoices (200,000 lines) page 1 vs page 1,000, and its Excel export vs COPY TO.
 * - imports: a 100,000-row masterfile end to end through the worker process vs COPY FROM of its rows.
 * Writes bench/results/bench-<timestamp>.json and latest.json and prints Markdown tables.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";
import { closeDatabase, databaseUrls } from "@db/client";
import { migrate } from "@db/migrate";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { financeBenchmark, financeTable } from "./finance";
import { importsBenchmark, importsTable } from "./imports";
import { moneyCycleBenchmark, moneyCycleTable } from "./money-cycle";
import { addApVolume, addPortfolio, analyzeMoneyTables } from "./scale-money";
import { addScaleProject, analyzeFinanceTables } from "./scale-project";
import { tenantOverheadBenchmark, tenantOverheadTable } from "./tenant-overhead";
import { createTestDatabase, startTestServer } from "../tests/support/test-database";

process.env.NODE_ENV = "production";
process.env.APP_DATABASE_PASSWORD ??= "bench-app-password";
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
process.env.APP_URL ??= "http://127.0.0.1"; // required in production; only used in mailed links
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;

const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 3000);
const PORTFOLIO_PROJECTS = Number(process.env.BENCH_PORTFOLIO_PROJECTS ?? 200);
const AP_INVOICES = Number(process.env.BENCH_AP_INVOICES ?? 100_000);
const ONLY = process.env.BENCH_ONLY;
const log = (line: string) => console.log(line);

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
  const benchmarks: unknown[] = [];
  const tables: string[][] = [];

  if (!ONLY || ONLY === "tenant") {
    const report = await tenantOverheadBenchmark(summit.id, ITERATIONS);
    benchmarks.push(report);
    tables.push(tenantOverheadTable(report));
  }
  const ownerUser = DEMO_USERS.find((u) => u.email === "owner@demo.test")!;
  if (!ONLY || ONLY === "finance" || ONLY === "money") {
    const owner = postgres(databaseUrls().owner, { max: 2, onnotice: () => {} });
    cleanups.push(() => owner.end({ timeout: 5 }));
    const t0 = performance.now();
    const summitProject = await addScaleProject(owner, summit.id, "N-2000");
    const harborProject = await addScaleProject(owner, harbor.id, "N-2000");
    await analyzeFinanceTables(owner);
    log(`Scale projects seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${JSON.stringify(summitProject.counts)} per tenant`);
    if (!ONLY || ONLY === "finance") {
      const report = await financeBenchmark({ databaseUrl: database.url, summit: summitProject, harbor: harborProject, user: ownerUser, log });
      benchmarks.push(report);
      tables.push(financeTable(report));
    }
    if (!ONLY || ONLY === "money") {
      const t1 = performance.now();
      const portfolio = await addPortfolio(owner, summit.id, PORTFOLIO_PROJECTS);
      const volume = await addApVolume(owner, summit.id, summitProject.projectId, AP_INVOICES);
      await analyzeMoneyTables(owner);
      log(`Money-cycle data seeded in ${((performance.now() - t1) / 1000).toFixed(1)} s: ${JSON.stringify({ ...portfolio, ...volume })}`);
      const report = await moneyCycleBenchmark({
        databaseUrl: database.url,
        organizationId: summit.id,
        portfolioSize: PORTFOLIO_PROJECTS,
        scale: volume,
        user: ownerUser,
        log,
      });
      benchmarks.push(report);
      tables.push(moneyCycleTable(report));
    }
  }
  if (!ONLY || ONLY === "imports") {
    const finance = DEMO_USERS.find((u) => u.email === "finance@demo.test")!;
    const report = await importsBenchmark({ databaseUrl: database.url, dataDir, organizationId: summit.id, user: finance, log });
    benchmarks.push(report);
    tables.push(importsTable(report));
  }

  const at = new Date().toISOString();
  // Other work on the machine skews every figure: the load averages say how quiet it was.
  const output = { at, node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => Math.round(l * 100) / 100), benchmarks };
  mkdirSync("bench/results", { recursive: true });
  writeFileSync(`bench/results/bench-${at.replace(/[:.]/g, "-")}.json`, JSON.stringify(output, null, 2));
  writeFileSync("bench/results/latest.json", JSON.stringify(output, null, 2));
  for (const table of tables) log(`\n${table.join("\n")}`);
  log(`\n${output.cpus} CPUs, load average ${output.loadAverage.join(" / ")} (1/5/15 min) at the end of the run.`);
  log("Results: bench/results/latest.json");
} finally {
  await cleanUp();
}
