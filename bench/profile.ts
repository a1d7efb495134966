/**
 * `npm run profile`: a CPU profile of the production server under load, summarized.
 * PROFILE_DATABASE_URL (default: the local PostgreSQL's `secg_profile` database) is prepared once
 * (migrations, demo, the scale dataset) and kept, so later runs start in seconds. The server runs
 * with `--cpu-prof`; PROFILE_PATHS (comma separated, default the lightest page and the projects
 * list) are each requested by PROFILE_CLIENTS keep-alive clients (default 20) for PROFILE_SECONDS
 * (default 10), after a sequential run that gives p50 at one client. Prints req/s, p50/p95, the
 * server's Server-Timing breakdown, and where the CPU time went (by package and by function).
 * PROFILE_PREPARE_ONLY=1 stops after preparing the database (a scale dataset to EXPLAIN against).
 * The .cpuprofile is kept under bench/results/profiles/ (open it in Chrome DevTools or speedscope).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { sqlClient } from "@db/sql-client";
import { createDatabaseIfMissing } from "@db/bootstrap";
import { migrate } from "@db/migrate";
import { databaseUrls } from "@db/client";
import { env } from "~/utils/env.server";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { ensureProductionBuild, signIn, withAppServer } from "./http";
import { addScaleDataset } from "./scale-dataset";
import { measure } from "./stats";
import { summarizeProfile } from "./profile-summary";

process.env.NODE_ENV = "production";
process.env.APP_DATABASE_PASSWORD ??= "bench-app-password";
process.env.SESSION_SECRET ??= "bench-session-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
process.env.APP_URL ??= "http://127.0.0.1";
process.env.SERVER_TIMING = "true";

const databaseUrl = process.env.PROFILE_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/secg_profile";
const paths = (process.env.PROFILE_PATHS ?? "/settings/password,/projects").split(",").filter(Boolean);
const clients = Number(process.env.PROFILE_CLIENTS ?? 20);
const seconds = Number(process.env.PROFILE_SECONDS ?? 10);
const nodeFlags = (process.env.PROFILE_NODE_FLAGS ?? "").split(" ").filter(Boolean);
const log = (line: string) => console.log(line);

async function prepare() {
  const url = new URL(databaseUrl);
  const name = url.pathname.slice(1);
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  await createDatabaseIfMissing(admin.toString(), name);
  process.env.DATABASE_URL = databaseUrl;
  const owner = sqlClient(databaseUrl, { max: 2 });
  try {
    await migrate(databaseUrls());
    const [{ n }] = await owner<{ n: number }>`select count(*)::int as n from organizations`;
    if (n === 0) {
      log("Seeding the demo and the scale dataset (once)…");
      await seedDemo();
      await Promise.all(DEMO_ORGANIZATIONS.map((org) => addScaleDataset(owner, org.id)));
      // As autovacuum leaves a table that has settled: statistics and the visibility map (index-only scans).
    await owner`vacuum analyze`;
    }
  } finally {
    await owner.end({ timeout: 5 });
  }
}

function serverTimingOf(response: Response, into: Map<string, number[]>) {
  for (const part of (response.headers.get("server-timing") ?? "").split(",")) {
    const [name, ...params] = part.trim().split(";");
    const dur = params.find((p) => p.trim().startsWith("dur="));
    if (name && dur) (into.get(name) ?? into.set(name, []).get(name)!).push(Number(dur.trim().slice(4)));
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

await prepare();
if (process.env.PROFILE_PREPARE_ONLY) process.exit(0);
ensureProductionBuild(log);
const profileDir = path.resolve("bench/results/profiles");
mkdirSync(profileDir, { recursive: true });
const stamp = new Date().toISOString().replace(/[:.]/g, "-");
const before = new Set(readdirSync(profileDir));
// --cpu-prof profiles one process: the web server's (WEB_CONCURRENCY=1 unless set).
await withAppServer(databaseUrl, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, ...nodeFlags], async (server) => {
  const owner = DEMO_USERS.find((u) => u.email === "owner@demo.test")!;
  const cookie = await signIn(server.baseUrl, owner.email, env().DEMO_PASSWORD);
  for (const p of paths) {
    const timings = new Map<string, number[]>();
    const get = async () => {
      const response = await fetch(`${server.baseUrl}${p}`, { headers: { Cookie: cookie, Accept: "text/html", "Accept-Encoding": "gzip" } });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET ${p}: ${response.status}`);
      serverTimingOf(response, timings);
    };
    const one = await measure({ concurrency: 1, iterations: 300, warmup: 20, maxMs: 5000 }, get);
    timings.clear();
    const many = await measure({ concurrency: clients, iterations: 1e9, warmup: 0, maxMs: seconds * 1000 }, get);
    log(`\n${p}: 1 client p50 ${one.p50Ms} ms; ${clients} clients ${many.opsPerSecond} req/s, p50 ${many.p50Ms} ms, p95 ${many.p95Ms} ms`);
    if (timings.size) log(`  server-timing medians at ${clients} clients: ${[...timings].map(([k, v]) => `${k} ${median(v).toFixed(2)}`).join(", ")} ms`);
  }
});
const written = readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile") && !before.has(f));
for (const file of written) {
  const target = path.join(profileDir, `server-${stamp}.cpuprofile`);
  renameSync(path.join(profileDir, file), target);
  log(`\nProfile: ${path.relative(process.cwd(), target)}`);
  log(summarizeProfile(JSON.parse(readFileSync(target, "utf8"))).join("\n"));
}
process.exit(0);
