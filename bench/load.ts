/**
 * `npm run load`: mixed traffic from signed-in users of both demo organizations against the
 * production build, for a bounded time, while a masterfile import runs through the worker; then
 * the integrity checks. On a throwaway database (embedded PostgreSQL, or a new database on
 * LOAD_DATABASE_URL's server) with the demo and the scale dataset for both organizations, prepared
 * once; then each load profile in turn, each with a fresh server and worker, its own import and
 * its own report:
 * - closed: LOAD_USERS (20) users in a closed loop (LOAD_THINK_MS, 0: as fast as answered);
 * - office: LOAD_OFFICE_USERS (200) users pausing 1–3 s (uniform) between two actions, ≈ 100
 *   requests/s, realistic office use; QUALITY.md: p95 < 250 ms per request kind (bench/targets.ts).
 *
 *   LOAD_PROFILE (both)     closed | office: run that one only
 *   LOAD_SECONDS (60)       how long the users of each profile send requests
 *   LOAD_USERS (20)         closed profile: virtual users, alternately of Summit Builders and Harbor Construction
 *   LOAD_THINK_MS (0)       closed profile: pause between a user's requests
 *   LOAD_OFFICE_USERS (200) office profile: virtual users
 *   LOAD_IMPORT_ROWS (20000) rows of the masterfile imported during each profile (into Summit Builders)
 *   LOAD_IMPORT_WAIT_SECONDS (180) how long after the traffic the import may still take to finish
 *
 * Every virtual user signs in with its own session (the demo's owner, admin and finance accounts of
 * its organization, shared round robin): the login throttle counts failed sign-ins only.
 *
 * Reports requests/s and p50/p95/p99 per kind, errors (any unexpected status or missing content),
 * responses showing the other tenant's names or row ids, the import's progress, and afterwards
 * the invariants of bench/load-integrity.ts. Exits 1 if anything failed or (office) a request
 * kind missed its p95 target.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { sqlClient, type SqlClient } from "@db/sql-client";
import { closeDatabase, databaseUrls } from "@db/client";
import { migrate } from "@db/migrate";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { writeMasterfile } from "~/domains/imports/masterfile-generator.server";
import { encodeCursor } from "~/utils/data-table.server";
import { env } from "~/utils/env.server";
import { ensureProductionBuild, startAppServer, WEB_PROCESSES, type AppServer } from "./http";
import { postgresCpuSeconds, processTreeCpuSeconds, selfCpuSeconds } from "./load-cpu";
import { importDuringLoad, type ImportRun } from "./load-import";
import { collectTenantMarkers, foreignMarkersIn, integrityChecks, type IntegrityCheck, type TenantMarkers } from "./load-integrity";
import { foreignMarkers, newRecorder, REQUEST_KINDS, runTraffic, signInUser, Traffic, type Recorder, type TenantPlan, type ThinkTime, type VirtualUser } from "./load-traffic";
import { addScaleDataset, SCALE_JOB_NUMBER } from "./scale-dataset";
import { TARGETS } from "./targets";
import { startWorkerProcess } from "./worker-memory";
import { createTestDatabase, startTestServer } from "../tests/support/test-database";

process.env.NODE_ENV = "production";
process.env.APP_DATABASE_PASSWORD ??= "load-app-password";
process.env.SESSION_SECRET ??= "load-session-secret-0123456789abcdef";
process.env.LOG_LEVEL ??= "warn";
process.env.APP_URL ??= "http://127.0.0.1";
if (process.env.LOAD_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.LOAD_DATABASE_URL;

const whole = (name: string, fallback: number, min: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number ≥ ${min} (got ${process.env[name]})`);
    process.exit(2);
  }
  return value;
};
const SECONDS = whole("LOAD_SECONDS", 60, 1);
const CLOSED_USERS = whole("LOAD_USERS", 20, 2);
const CLOSED_THINK_MS = whole("LOAD_THINK_MS", 0, 0);
const OFFICE_USERS = whole("LOAD_OFFICE_USERS", TARGETS.office.users, 2);
const IMPORT_ROWS = whole("LOAD_IMPORT_ROWS", 20_000, 10);
const IMPORT_WAIT_MS = whole("LOAD_IMPORT_WAIT_SECONDS", 180, 0) * 1000;
/** The deep /payables page: 500 pages of 50 rows in (the scale dataset has ≈ 1,000). */
const DEEP_PAGE = 500;
const PAYABLE_PER_USER = 3;
/** Sign-ins at a time (argon2id costs the server ≈ 20–50 ms of CPU each). */
const SIGN_IN_CONCURRENCY = 4;

interface Profile {
  key: "closed" | "office";
  title: string;
  users: number;
  think: ThinkTime;
  /** Per request kind (QUALITY.md); none: figures only. */
  p95TargetMs?: number;
  /**
   * The masterfile's job number prefix: each profile imports new projects. The generator's seed is
   * the same for all (its vendors update the ones the first profile's import created): with
   * another seed, its vendors carry the first file's tax ids under other names, two rows of the
   * file then resolve to one vendor (one by name, one by tax id) and the commit refuses the file.
   */
  jobPrefix: string;
}

const PROFILES: Profile[] = [
  {
    key: "closed",
    title: "closed loop",
    users: CLOSED_USERS,
    think: { minMs: CLOSED_THINK_MS, maxMs: CLOSED_THINK_MS },
    jobPrefix: "LD",
  },
  {
    key: "office",
    title: "office",
    users: OFFICE_USERS,
    think: { minMs: TARGETS.office.thinkMinMs, maxMs: TARGETS.office.thinkMaxMs },
    p95TargetMs: TARGETS.office.p95Ms,
    jobPrefix: "LO",
  },
];
const chosen = process.env.LOAD_PROFILE;
if (chosen && !PROFILES.some((p) => p.key === chosen)) {
  console.error(`LOAD_PROFILE must be one of ${PROFILES.map((p) => p.key).join(", ")} (unset: all, one after the other); got ${chosen}`);
  process.exit(2);
}
const RUN_PROFILES = PROFILES.filter((p) => !chosen || p.key === chosen);

const log = (line: string) => console.log(line);
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

const cleanups: (() => Promise<unknown>)[] = [];
async function cleanUp() {
  while (cleanups.length) await cleanups.pop()!().catch((e) => console.error("cleanup failed:", e));
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

/** What each organization's users request, read from the scaled database. */
async function tenantPlan(owner: SqlClient, org: { id: string; name: string }, markers: Map<string, TenantMarkers>, users: number): Promise<TenantPlan> {
  const [project] = await owner<{ id: string }>`select id from projects where organization_id = ${org.id} and job_number = ${SCALE_JOB_NUMBER}`;
  const [payApp] = await owner<{ id: string }>`
    select id from pay_applications where organization_id = ${org.id} and project_id = ${project.id} order by number desc limit 1`;
  const byDate = (offset: number) => owner<{ date: string; id: string; number: string }>`
    select invoice_date::text as date, id, invoice_number as number from ap_invoices
    where organization_id = ${org.id} order by invoice_date desc, id desc offset ${offset} limit 1`;
  const [first] = await byDate(0);
  const [cursorRow] = await byDate((DEEP_PAGE - 1) * 50 - 1);
  const [deepFirst] = await byDate((DEEP_PAGE - 1) * 50);
  const payable = await owner<{ id: string }>`
    select id from ap_invoices where organization_id = ${org.id} and status = 'approved' and invoice_number like 'B-%'
    order by invoice_number limit ${users * PAYABLE_PER_USER}`;
  const others = [...markers.values()].filter((m) => m.organizationId !== org.id);
  return {
    organizationId: org.id,
    name: org.name,
    tag: org.name[0],
    emails: DEMO_USERS.filter((u) => u.organizationId === org.id && ["owner", "admin", "finance"].includes(u.role)).map((u) => u.email),
    scaleProjectId: project.id,
    payAppId: payApp.id,
    firstInvoice: first.number,
    deepCursor: encodeCursor({ key: "invoiceDate", dir: "desc", value: cursorRow.date, id: cursorRow.id }),
    deepFirstInvoice: deepFirst.number,
    payableInvoices: payable.map((p) => p.id),
    foreign: foreignMarkers(
      others.flatMap((m) => m.names),
      new Set(others.flatMap((m) => [...m.ids])),
    ),
  };
}

/** For each tenant: its vendors list and budget page, as one of its users sees them, searched with the other tenant's check. */
async function detectorSelfTest(baseUrl: string, users: VirtualUser[], plans: TenantPlan[]) {
  const found: string[] = [];
  for (const watcher of plans) {
    const member = users.find((u) => u.plan !== watcher)!;
    for (const page of ["/vendors", `/projects/${member.plan.scaleProjectId}/budget`]) {
      const response = await fetch(`${baseUrl}${page}`, { headers: { Cookie: member.jar.header() } });
      const markers = foreignMarkersIn(await response.text(), watcher.foreign);
      found.push(`${member.plan.name} ${page}: ${markers.filter((m) => m.startsWith("name")).length} names, ${markers.filter((m) => m.startsWith("id")).length} ids`);
      if (!markers.some((m) => m.startsWith("id")) || (page === "/vendors" && !markers.some((m) => m.startsWith("name"))))
        return { ok: false, found };
    }
  }
  return { ok: true, found };
}

const percentile = (sorted: number[], q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : NaN);
const ms = (v: number) => (Number.isNaN(v) ? "—" : v >= 100 ? String(Math.round(v)) : v.toFixed(1));
const mark = (ok: boolean) => (ok ? "✅" : "❌");

/** The table, and the request kinds whose p95 missed `p95TargetMs`. */
function trafficTable(recorder: Recorder, wallS: number, p95TargetMs: number | undefined): { lines: string[]; slowKinds: string[] } {
  const rows = [...recorder.kinds.values()];
  const slowKinds: string[] = [];
  const line = (label: string, group: string, samples: number[], errors: number, kind: boolean) => {
    const sorted = [...samples].sort((a, b) => a - b);
    const p95 = percentile(sorted, 0.95);
    let p95Cell = ms(p95);
    if (p95TargetMs !== undefined && kind) {
      const ok = p95 < p95TargetMs;
      if (!ok) slowKinds.push(`${label} ${ms(p95)} ms`);
      p95Cell += ` ${mark(ok)}`;
    }
    return `| ${label} | ${group} | ${samples.length} | ${(samples.length / wallS).toFixed(1)} | ${ms(percentile(sorted, 0.5))} | ${p95Cell} | ${ms(percentile(sorted, 0.99))} | ${errors} ${mark(errors === 0)} |`;
  };
  const order = new Map<string, number>(REQUEST_KINDS.map((k, i) => [k.key, i]));
  // The payments page is read on the way to each payment: listed just before it.
  const rank = (key: string) => order.get(key) ?? order.get("payment")! - 0.5;
  rows.sort((a, b) => rank(a.key) - rank(b.key));
  const all = (filter: (r: (typeof rows)[number]) => boolean) => rows.filter(filter);
  const sum = (rs: typeof rows) => [rs.flatMap((r) => r.samples), rs.reduce((n, r) => n + r.errors, 0)] as const;
  const lines = [
    `| kind | group | requests | req/s | p50 ms | p95 ms${p95TargetMs === undefined ? "" : ` (< ${p95TargetMs} per kind)`} | p99 ms | errors |`,
    "|---|---|---:|---:|---:|---:|---:|---|",
    ...rows.map((r) => line(r.label, r.group, r.samples, r.errors, true)),
    ...(["read", "post", "export"] as const).map((g) => line(`**all ${g}s**`, g, ...sum(all((r) => r.group === g)), false)),
    line("**all requests**", "—", ...sum(rows), false),
  ];
  return { lines, slowKinds };
}

function importLine(run: ImportRun) {
  if (run.status === "done")
    return `done ✅: uploaded at ${run.uploadedAt} s, validated at ${run.validatedAt} s, confirmed at ${run.confirmedAt} s, committed at ${run.finishedAt} s (traffic ran ${SECONDS} s)`;
  return `${run.status} ❌: ${run.failure ?? "did not finish"}`;
}

/** `count` sign-ins, SIGN_IN_CONCURRENCY at a time, in order. */
async function signInAll<T>(count: number, one: (n: number) => Promise<T>): Promise<T[]> {
  const out: T[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(SIGN_IN_CONCURRENCY, count) }, async () => {
      while (next < count) {
        const n = next++;
        out[n] = await one(n);
      }
    }),
  );
  return out;
}

interface Prepared {
  server: Awaited<ReturnType<typeof startTestServer>>;
  databaseUrl: string;
  dataDir: string;
  owner: SqlClient;
  plans: TenantPlan[];
  importDir: string;
}

/** One profile: a fresh server and worker, its users signed in, traffic + import, integrity checks, its report. True when it passed. */
async function runProfile(profile: Profile, firstUser: number, ctx: Prepared): Promise<{ ok: boolean; summary: string }> {
  const { server, owner, plans } = ctx;
  const thinkText = profile.think.maxMs
    ? profile.think.minMs === profile.think.maxMs
      ? `${profile.think.minMs} ms think time`
      : `${profile.think.minMs / 1000}–${profile.think.maxMs / 1000} s think time (uniform) between two actions`
    : "closed loop (no think time)";
  log("");
  log(`=== Profile "${profile.key}": ${profile.users} users, ${thinkText}, ${SECONDS} s ===`);
  const masterfile = await writeMasterfile({
    path: path.join(ctx.importDir, `masterfile-${profile.key}-${IMPORT_ROWS}.xlsx`),
    rows: IMPORT_ROWS,
    seed: 11,
    jobPrefix: profile.jobPrefix,
  });
  log("Starting the production server and the worker…");
  const app: AppServer = await startAppServer(ctx.databaseUrl, [], { WEB_CONCURRENCY: WEB_PROCESSES });
  const worker = await startWorkerProcess({ databaseUrl: ctx.databaseUrl, dataDir: ctx.dataDir });
  const stops = [() => app.stop(), () => worker.stop()];
  try {
    const password = env().DEMO_PASSWORD;
    const t0 = performance.now();
    // Users n of each profile take approved invoices no other profile's users pay on (firstUser: how many came before).
    const users = await signInAll(profile.users, (n) => {
      const plan = plans[n % plans.length];
      const k = Math.ceil(firstUser / plans.length) + Math.floor(n / plans.length);
      const payable = plan.payableInvoices.slice(k * PAYABLE_PER_USER, (k + 1) * PAYABLE_PER_USER);
      // Numbered after the earlier profiles' users: the vendors a user creates are named after its number.
      return signInUser(app.baseUrl, firstUser + n + 1, plan.emails[k % plan.emails.length], password, plan, payable);
    });
    const signInS = seconds(t0);
    const importer = await signInUser(app.baseUrl, 0, "finance@demo.test", password, plans[0], []);
    const accounts = new Set(users.map((u) => u.email)).size;
    log(
      `${profile.users} users signed in over HTTP in ${signInS} s (${SIGN_IN_CONCURRENCY} at a time), each with its own session, on ${accounts} demo accounts ` +
        `(${plans.map((p) => `${users.filter((u) => u.plan === p).length} of ${p.name}`).join(", ")}); traffic for ${SECONDS} s…`,
    );

    const figureVersions = () => owner<{ name: string; version: string }>`
      select o.name, s.source_version::text as version from budget_figure_state s
      join projects p on p.organization_id = s.organization_id and p.id = s.project_id join organizations o on o.id = p.organization_id
      where p.job_number = ${SCALE_JOB_NUMBER} order by o.name`;
    const versionsBefore = await figureVersions();
    const cpu = () => ({
      server: processTreeCpuSeconds(app.pid),
      worker: worker.cpuMs() / 1000,
      postgres: postgresCpuSeconds(server.embedded?.dataDir ?? null),
      generator: selfCpuSeconds(),
    });
    const cpuBefore = cpu();
    // The leak check must have teeth: each tenant's own pages must show the markers the other tenant's users are checked for.
    const selfTest = await detectorSelfTest(app.baseUrl, users, plans);
    const started = performance.now();
    const recorder = newRecorder(started);
    const traffic = new Traffic(app.baseUrl, recorder);
    const deadline = started + SECONDS * 1000;
    const importing = importDuringLoad({ baseUrl: app.baseUrl, user: importer, file: masterfile.path, rows: masterfile.totalRows, owner, started, until: deadline + IMPORT_WAIT_MS });
    await runTraffic(traffic, users, deadline, profile.think);
    const wallS = (performance.now() - started) / 1000;
    const cpuAfter = cpu();
    log(`Traffic done after ${wallS.toFixed(1)} s; waiting for the import…`);
    const imported = await importing;
    const versionsAfter = await figureVersions();
    const serverOutput = app.recentOutput();
    for (const stop of stops.splice(0)) await stop();

    log("Integrity checks…");
    const checks: IntegrityCheck[] = await integrityChecks(owner);

    const errors = [...recorder.kinds.values()].reduce((n, k) => n + k.errors, 0);
    const failedChecks = checks.filter((c) => c.failures.length);
    const table = trafficTable(recorder, wallS, profile.p95TargetMs);
    log("");
    log(
      `Load test, profile "${profile.key}": ${profile.users} users (${plans.map((p) => `${users.filter((u) => u.plan === p).length} ${p.name}`).join(", ")}), ${SECONDS} s, ` +
        `${thinkText}, production build, worker in its own process; a ${masterfile.totalRows}-row masterfile imported meanwhile. ` +
        `${profile.users} sign-ins, each its own session, ${accounts} accounts shared round robin. ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(2)).join(" / ")}.`,
    );
    log("");
    for (const line of table.lines) log(line);
    log("");
    log("| check | checked | result |");
    log("|---|---:|---|");
    if (profile.p95TargetMs !== undefined)
      log(`| p95 of every request kind < ${profile.p95TargetMs} ms (QUALITY.md) | ${recorder.kinds.size} | ${table.slowKinds.length ? `❌ ${table.slowKinds.join("; ")}` : "✅"} |`);
    log(`| every response searched for the other tenant's names and row ids (xlsx unzipped) | ${recorder.bodiesChecked} | ${recorder.leaks.length ? `❌ ${recorder.leaks.length} responses` : "✅ none seen"} |`);
    log(`| the same search finds each tenant's markers in its own pages (self-test: ${selfTest.found.join("; ")}) | ${selfTest.found.length} | ${mark(selfTest.ok)} |`);
    log(`| masterfile import (${masterfile.totalRows} rows, Summit Builders) during the traffic | 1 | ${importLine(imported)} |`);
    for (const c of checks) log(`| ${c.check} | ${c.checked} | ${c.failures.length ? `❌ ${c.failures.length} failing` : "✅"}${c.note ? ` (${c.note})` : ""} |`);
    log("");
    log(`${(recorder.bytes / 1048576).toFixed(0)} MB of responses in ${wallS.toFixed(1)} s.`);
    log(`Slowest requests: ${recorder.slowest.map((r) => `${ms(r.ms)} ms ${r.what} at ${r.at} s`).join("; ")}.`);
    const webProcesses = WEB_PROCESSES === "auto" ? cpus().length : Number(WEB_PROCESSES);
    const used = (k: keyof typeof cpuBefore) => (Number.isNaN(cpuAfter[k]) ? "not measured" : `${(cpuAfter[k] - cpuBefore[k]).toFixed(1)} s`);
    const requests = [...recorder.kinds.values()].reduce((n, k) => n + k.samples.length, 0);
    const perRequest = (k: keyof typeof cpuBefore) => (Number.isNaN(cpuAfter[k]) ? "—" : `${(((cpuAfter[k] - cpuBefore[k]) * 1000) / Math.max(1, requests)).toFixed(1)} ms`);
    log(
      `CPU during the traffic (${cpus().length} cores × ${wallS.toFixed(1)} s = ${(cpus().length * wallS).toFixed(0)} s): web server ${used("server")} (${perRequest("server")} per request; ` +
        `WEB_CONCURRENCY=${WEB_PROCESSES}: ${webProcesses} web process${webProcesses === 1 ? "" : "es"}, at most ${webProcesses} core${webProcesses === 1 ? "" : "s"}: ${Math.round(wallS * webProcesses)} s), worker ${used("worker")}, PostgreSQL ${used("postgres")} (postmaster and its backends, ended ones included; ` +
        `not measured on LOAD_DATABASE_URL's server), load generator ${used("generator")} (${perRequest("generator")} per request: timing, checks, marker search, ` +
        "unzipping exports); the rest of the machine's time went to other processes.",
    );
    if (profile.think.maxMs) {
      // Each user's action (one request, or two for a payment) plus its pause: what the users would send if every answer were instant.
      const actions = REQUEST_KINDS.reduce((n, k) => n + k.weight * (k.key === "payment" ? 2 : 1), 0) / REQUEST_KINDS.reduce((n, k) => n + k.weight, 0);
      const offered = (profile.users * actions) / ((profile.think.minMs + profile.think.maxMs) / 2000);
      log(
        `Offered load with instant answers: ${profile.users} users × ${actions.toFixed(2)} requests per action ÷ ${((profile.think.minMs + profile.think.maxMs) / 2000).toFixed(1)} s mean think time ≈ ${Math.round(offered)} req/s; ` +
          `served ${(requests / wallS).toFixed(1)} req/s${requests / wallS < offered * 0.8 ? " — the server did not keep up (answers slower than the think time)" : ""}.`,
      );
    }
    // Every write to a figure input (an AP payment bumps its invoice's version) marks the project's stored figures stale.
    log(
      `Budget figures of ${SCALE_JOB_NUMBER} marked stale during the run (the next budget, job cost or WIP reader recomputes them): ` +
        versionsAfter.map((a, i) => `${a.name} ${Number(a.version) - Number(versionsBefore[i]?.version ?? a.version)}×`).join(", ") +
        ".",
    );
    if (recorder.errors.length) log(`\nErrors (first ${recorder.errors.length}):\n  ${recorder.errors.join("\n  ")}`);
    if (recorder.leaks.length) log(`\nOther tenant's markers seen (first ${recorder.leaks.length}):\n  ${recorder.leaks.join("\n  ")}`);
    for (const c of failedChecks) log(`\n${c.check}:\n  ${c.failures.join("\n  ")}`);
    const broken = errors || recorder.leaks.length || !selfTest.ok || failedChecks.length || imported.status !== "done";
    if (broken && serverOutput.trim()) log(`\n--- server output (tail) ---\n${serverOutput.slice(-5000)}`);
    const problems = [
      errors && `${errors} errors`,
      recorder.leaks.length && `${recorder.leaks.length} responses with the other tenant's markers`,
      !selfTest.ok && "marker self-test failed",
      failedChecks.length && `${failedChecks.length} integrity checks failing`,
      imported.status !== "done" && `import ${imported.status}`,
      table.slowKinds.length && `${table.slowKinds.length} request kinds over the p95 target`,
    ].filter(Boolean);
    const summary = `${profile.key} (${profile.users} users, ${thinkText}): ${requests} requests, ${(requests / wallS).toFixed(1)} req/s, ${problems.length ? `❌ ${problems.join(", ")}` : "✅ passed"}`;
    return { ok: problems.length === 0, summary };
  } finally {
    for (const stop of stops) await stop().catch((e) => console.error("stop failed:", e));
  }
}

let exitCode = 0;
try {
  const t0 = performance.now();
  const server = await startTestServer();
  cleanups.push(() => server.stop());
  const dataDir = mkdtempSync(path.join(tmpdir(), "secg-load-data-"));
  cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
  process.env.DATA_DIR = dataDir;
  const database = await createTestDatabase(server.adminUrl, { prefix: "secg_load" });
  cleanups.push(() => database.drop());
  process.env.DATABASE_URL = database.url;
  cleanups.push(() => closeDatabase());

  await migrate(databaseUrls());
  await seedDemo();
  const owner = sqlClient(databaseUrls().owner, { max: 4 });
  cleanups.push(() => owner.end({ timeout: 5 }));
  await Promise.all(DEMO_ORGANIZATIONS.map((org) => addScaleDataset(owner, org.id)));
  // As autovacuum leaves a table that has settled: statistics and the visibility map (index-only scans).
  await owner`vacuum analyze`;
  log(`Demo + scale dataset for both organizations in ${seconds(t0)} s`);

  const markers = await collectTenantMarkers(
    owner,
    DEMO_ORGANIZATIONS.map((o) => o.id),
  );
  const allUsers = RUN_PROFILES.reduce((n, p) => n + p.users, 0);
  const organizations = DEMO_ORGANIZATIONS.length;
  const plans = await Promise.all(DEMO_ORGANIZATIONS.map((org) => tenantPlan(owner, org, markers, Math.ceil(allUsers / organizations) + RUN_PROFILES.length)));
  for (const [i, org] of DEMO_ORGANIZATIONS.entries())
    log(`  ${org.name}: ${markers.get(org.id)!.names.length} names and ${markers.get(org.id)!.ids.size} row ids mark its data; ${plans[i].payableInvoices.length} approved invoices to pay on`);

  const importDir = mkdtempSync(path.join(tmpdir(), "secg-load-masterfile-"));
  cleanups.push(async () => rmSync(importDir, { recursive: true, force: true }));
  ensureProductionBuild(log);

  const summaries: string[] = [];
  let firstUser = 0;
  for (const profile of RUN_PROFILES) {
    const result = await runProfile(profile, firstUser, { server, databaseUrl: database.url, dataDir, owner, plans, importDir });
    firstUser += profile.users;
    summaries.push(result.summary);
    if (!result.ok) exitCode = 1;
  }
  if (summaries.length > 1) log(`\nProfiles:\n  ${summaries.join("\n  ")}`);
  else log(`\n${summaries[0]}`);
} catch (error) {
  console.error(error);
  exitCode = 1;
} finally {
  await cleanUp();
}
process.exit(exitCode);
