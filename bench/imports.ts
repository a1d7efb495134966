/**
 * The masterfile import at scale (issue 6): a generated 100,000-row masterfile (mostly budget lines
 * and commitment lines) end to end through the real worker process — upload (receiveMasterfile),
 * the validate job, confirm, the commit job — against a plain COPY FROM of the same rows (the
 * import's own staged CSVs into typed tables), with the worker's peak memory. Then the same rows
 * again in a new file (the update path): every row must count as an update and no table may grow.
 * No HTTP: the upload and confirm services are called directly, as their routes do.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { databaseUrls } from "@db/client";
import { transaction } from "@db/pool";
import { sqlClient, type SqlClient } from "@db/sql-client";
import { stagedKey } from "~/domains/imports/import-validate-job.server";
import { receiveMasterfile } from "~/domains/imports/import-upload.server";
import { confirmImport, getImport, type ImportRecord } from "~/domains/imports/imports.server";
import { writeMasterfile, type MasterfileSummary } from "~/domains/imports/masterfile-generator.server";
import { MASTERFILE_SHEETS, type CellType, type SheetKey } from "~/domains/imports/masterfile-spec";
import { snake } from "~/domains/imports/masterfile-upserts";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import { ratio } from "./stats";
import { TARGETS } from "./targets";
import { startWorkerProcess, type WorkerProcess } from "./worker-memory";

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000);
const SEED = 1;
const JOB_PREFIX = "BEN";
const COPY_RUNS = 3;
const POLL_MS = 50;
const PHASE_TIMEOUT_MS = Number(process.env.BENCH_IMPORT_TIMEOUT_SECONDS ?? 1800) * 1000;

/** QUALITY.md (bench/targets.ts): import of the masterfile ≤ 25 × COPY FROM of the same rows, with validation. */
export const IMPORT_TARGETS = { endToEndToCopy: TARGETS.importToCopy };

/** Each sheet's business table, for row counts. */
const TABLES: Record<SheetKey, string> = {
  projects: "projects",
  costCodes: "cost_codes",
  budgetLines: "budget_lines",
  vendors: "vendors",
  commitments: "commitments",
  commitmentLines: "commitment_lines",
  milestones: "project_milestones",
  leads: "leads",
  primeContracts: "prime_contracts",
  sovLines: "sov_lines",
  openingPositions: "pay_applications",
  openingBilling: "pay_application_lines",
  openingCosts: "opening_costs",
  commitmentOpenings: "commitment_line_openings",
};

interface Context {
  databaseUrl: string;
  dataDir: string;
  organizationId: string;
  user: { id: string; email: string };
  log: (line: string) => void;
}

type Owner = SqlClient;
type Who = { organizationId: string; userId: string };

const seconds = (ms: number) => Math.round(ms) / 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tableCounts(owner: Owner, organizationId: string): Promise<Record<SheetKey, number>> {
  const columns = MASTERFILE_SHEETS.map((s) => `(select count(*)::int from ${TABLES[s.key]} where organization_id = $1) as "${s.key}"`);
  const [row] = await owner.unsafe<Record<SheetKey, number>>(`select ${columns.join(", ")}`, [organizationId]);
  return row;
}

async function waitForStatus(who: Who, id: string, done: readonly string[], worker: WorkerProcess): Promise<ImportRecord> {
  const deadline = performance.now() + PHASE_TIMEOUT_MS;
  for (;;) {
    const record = (await withTenant(who, (tx) => getImport(tx, id)))!;
    if (record.status === "failed") throw new Error(`import ${id} failed (${record.failedPhase}): ${record.failureMessage}\n--- worker output (tail) ---\n${worker.recentOutput().slice(-5000)}`);
    if (done.includes(record.status)) return record;
    if (performance.now() > deadline) throw new Error(`import ${id} still ${record.status} after ${PHASE_TIMEOUT_MS / 1000} s\n--- worker output (tail) ---\n${worker.recentOutput().slice(-5000)}`);
    await sleep(POLL_MS);
  }
}

/** Upload → validated → confirm → done, timed phase by phase, with the worker's peak RSS per phase. */
async function runImport(who: Who, file: string, worker: WorkerProcess) {
  const bytes = statSync(file).size;
  const tasksBefore = worker.completedTasks().length;
  const t0 = performance.now();
  const received = await receiveMasterfile(who, { fileName: path.basename(file), path: file, userId: who.userId });
  if (!received.ok) throw new Error(`upload refused: ${received.message}`);
  if (received.existing) throw new Error("upload pointed at an existing import: the file's bytes did not change");
  const t1 = performance.now();
  const cpu1 = worker.cpuMs();
  const stopValidate = worker.sampleRss();
  const validated = await waitForStatus(who, received.importId, ["validated"], worker);
  const validatePeakMb = stopValidate();
  const t2 = performance.now();
  const cpu2 = worker.cpuMs();
  await withTenant(who, (tx) => confirmImport(tx, { id: validated.id, version: validated.version, userId: who.userId }));
  const t3 = performance.now();
  const cpu3 = worker.cpuMs();
  const stopCommit = worker.sampleRss();
  const done = await waitForStatus(who, received.importId, ["done"], worker);
  const t4 = performance.now();
  // The commit job goes on after "done": it recomputes the budget figures the import made stale.
  await taskFinished(worker, tasksBefore, "imports__commit");
  const commitPeakMb = stopCommit();
  const cpu4 = worker.cpuMs();
  const t5 = performance.now();
  return {
    importId: received.importId,
    bytes,
    uploadMs: t1 - t0,
    validateMs: t2 - t1,
    confirmMs: t3 - t2,
    commitMs: t4 - t3,
    totalMs: t4 - t0,
    /** After "done" until the commit job ended: the budget figure warm-up. */
    warmUpMs: t5 - t4,
    /** The jobs' own durations as graphile-worker logged them. */
    validateTaskMs: taskMs(worker, tasksBefore, "imports__validate"),
    commitTaskMs: taskMs(worker, tasksBefore, "imports__commit"),
    /** CPU the worker process used (user + system) during each phase. */
    validateWorkerCpuMs: cpu2 - cpu1,
    commitWorkerCpuMs: cpu4 - cpu3,
    validatePeakRssMb: Math.round(validatePeakMb),
    commitPeakRssMb: Math.round(commitPeakMb),
    summary: validated.summary,
    errorCount: validated.errorCount,
    committedCounts: done.committedCounts!,
  };
}

type ImportRun = Awaited<ReturnType<typeof runImport>>;

/** Waits (up to 60 s) until the worker has logged `task` as completed since `from`. */
async function taskFinished(worker: WorkerProcess, from: number, task: string) {
  const until = performance.now() + 60_000;
  while (taskMs(worker, from, task) === null && performance.now() < until) await new Promise((r) => setTimeout(r, 50));
}

/** The duration of the one `task` the worker completed since `from` (its log line), or null. */
function taskMs(worker: WorkerProcess, from: number, task: string) {
  const runs = worker.completedTasks().slice(from).filter((t) => t.task === task);
  return runs.length === 1 ? Math.round(runs[0].ms) : null;
}

function check(failures: string[], ok: boolean, message: string) {
  if (!ok) failures.push(message);
}

/** The first import must create every generated row of the line sheets and write every row of the others. */
function checkFirstRun(generated: MasterfileSummary, run: ImportRun, before: Record<SheetKey, number>, after: Record<SheetKey, number>) {
  const failures: string[] = [];
  check(failures, run.errorCount === 0, `${run.errorCount} validation problems`);
  for (const { key } of MASTERFILE_SHEETS) {
    const rows = generated.sheets[key];
    const s = run.summary[key];
    const c = run.committedCounts[key];
    check(failures, s?.rows === rows && s.error === 0 && s.create + s.update === rows, `${key}: validation ${JSON.stringify(s)} for ${rows} generated rows`);
    check(failures, c !== undefined && c.created + c.updated === rows, `${key}: committed ${JSON.stringify(c)} for ${rows} generated rows`);
    check(failures, after[key] - before[key] === (c?.created ?? -1), `${key}: table grew by ${after[key] - before[key]}, commit says ${c?.created} created`);
  }
  for (const key of ["budgetLines", "commitmentLines"] as const)
    check(failures, run.committedCounts[key]?.created === generated.sheets[key], `${key}: ${run.committedCounts[key]?.created} created of ${generated.sheets[key]} generated`);
  if (failures.length) throw new Error(`First import does not match the generated file:\n  ${failures.join("\n  ")}`);
}

/** The same rows again: all updates, nothing created, no table grows. */
function checkSecondRun(generated: MasterfileSummary, run: ImportRun, before: Record<SheetKey, number>, after: Record<SheetKey, number>) {
  const failures: string[] = [];
  for (const { key } of MASTERFILE_SHEETS) {
    const s = run.summary[key];
    check(failures, s?.rows === generated.sheets[key] && s.update === s.rows && s.create === 0 && s.error === 0, `${key}: validation ${JSON.stringify(s)}, expected ${generated.sheets[key]} updates`);
    check(failures, run.committedCounts[key]?.created === 0 && run.committedCounts[key]?.updated === generated.sheets[key], `${key}: committed ${JSON.stringify(run.committedCounts[key])}`);
    check(failures, after[key] === before[key], `${key}: ${before[key]} rows before, ${after[key]} after`);
  }
  if (failures.length) throw new Error(`Re-import of the same rows is not a pure update:\n  ${failures.join("\n  ")}`);
}

const SQL_TYPES: Record<CellType, string> = {
  text: "text",
  enum: "text",
  reference: "text",
  money: "numeric",
  percent: "numeric",
  date: "date",
  integer: "integer",
  boolean: "boolean",
};

/**
 * The baseline: COPY FROM each staged CSV of the import (read from object storage, as the commit
 * does) into a regular table with the CSV's columns typed as the spec says, on the owner
 * connection, in one transaction. Tables are created before the clock starts and dropped after.
 */
async function copyBaseline(owner: Owner, organizationId: string, importId: string, sheets: SheetKey[]) {
  const storage = objectStorage();
  const table = (key: SheetKey) => `bench_copy_${snake(key)}`;
  const create = async () => {
    for (const key of sheets) {
      const spec = MASTERFILE_SHEETS.find((s) => s.key === key)!;
      await owner.unsafe(`drop table if exists ${table(key)}`);
      await owner.unsafe(`create table ${table(key)} (row_number integer, ${spec.columns.map((c) => `${snake(c.key)} ${SQL_TYPES[c.type]}`).join(", ")})`);
    }
  };
  const runs: { ms: number; perSheetMs: Record<string, number>; rows: number }[] = [];
  try {
    for (let i = 0; i < COPY_RUNS; i++) {
      await create();
      const perSheetMs: Record<string, number> = {};
      const t0 = performance.now();
      await transaction(owner.pool, async (client) => {
        for (const key of sheets) {
          const s = performance.now();
          const source = await storage.getStream(stagedKey(organizationId, importId, key));
          await pipeline(source, client.query(copyFrom(`copy ${table(key)} from stdin with (format csv)`)));
          perSheetMs[key] = Math.round(performance.now() - s);
        }
      });
      const ms = performance.now() - t0;
      const [{ n }] = await owner.unsafe<{ n: number }>(`select ${sheets.map((k) => `(select count(*) from ${table(k)})`).join(" + ")} as n`);
      runs.push({ ms, perSheetMs, rows: Number(n) });
    }
  } finally {
    for (const key of sheets) await owner.unsafe(`drop table if exists ${table(key)}`);
  }
  const sorted = [...runs].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  let stagedBytes = 0;
  for (const key of sheets) for await (const chunk of await storage.getStream(stagedKey(organizationId, importId, key))) stagedBytes += (chunk as Buffer).length;
  return { rows: median.rows, medianMs: median.ms, runsMs: runs.map((r) => Math.round(r.ms)), perSheetMs: median.perSheetMs, stagedBytes };
}

async function generate(dir: string, name: string, log: (line: string) => void) {
  const file = path.join(dir, name);
  const t0 = performance.now();
  const summary = await writeMasterfile({ path: file, rows: ROWS, seed: SEED, jobPrefix: JOB_PREFIX });
  log(`  ${file}: ${summary.totalRows} rows, ${(statSync(file).size / 1048576).toFixed(1)} MB in ${seconds(performance.now() - t0)} s`);
  return { file, summary, generateMs: performance.now() - t0 };
}

export async function importsBenchmark(ctx: Context) {
  const who: Who = { organizationId: ctx.organizationId, userId: ctx.user.id };
  const owner = sqlClient(databaseUrls().owner, { max: 2 });
  const dir = mkdtempSync(path.join(tmpdir(), "secg-bench-masterfile-"));
  let worker: WorkerProcess | null = null;
  try {
    ctx.log(`Imports: generating a ${ROWS}-row masterfile (seed ${SEED})…`);
    const first = await generate(dir, `masterfile-${ROWS}.xlsx`, ctx.log);

    ctx.log("Imports: starting the worker (node --import tsx jobs/main.ts, NODE_ENV=production)…");
    worker = await startWorkerProcess({ databaseUrl: ctx.databaseUrl, dataDir: ctx.dataDir });
    await sleep(3000); // let it drain the jobs the demo seed left queued (they find their imports done and skip)
    const idleRssMb = Math.round(worker.rssMb());

    ctx.log("Imports: first import (creates)…");
    const before = await tableCounts(owner, ctx.organizationId);
    const run1 = await runImport(who, first.file, worker);
    const afterFirst = await tableCounts(owner, ctx.organizationId);
    const peakAfterFirstMb = Math.round(worker.peakRssMb());
    checkFirstRun(first.summary, run1, before, afterFirst);
    ctx.log(`  ${seconds(run1.totalMs)} s (validate ${seconds(run1.validateMs)} s, commit ${seconds(run1.commitMs)} s)`);

    ctx.log("Imports: COPY FROM of the same staged rows…");
    const sheets = MASTERFILE_SHEETS.map((s) => s.key).filter((k) => first.summary.sheets[k] > 0);
    const copy = await copyBaseline(owner, ctx.organizationId, run1.importId, sheets);
    if (copy.rows !== first.summary.totalRows) throw new Error(`COPY FROM loaded ${copy.rows} rows, the file has ${first.summary.totalRows}`);
    const lineSheets: SheetKey[] = ["budgetLines", "commitmentLines"];
    const lineCopy = await copyBaseline(owner, ctx.organizationId, run1.importId, lineSheets);

    ctx.log("Imports: the same rows in a new file (updates)…");
    let second = await generate(dir, `masterfile-${ROWS}-again.xlsx`, ctx.log);
    if (readFileSync(second.file).equals(readFileSync(first.file))) {
      await sleep(2000); // zip timestamps have a 2-second resolution
      second = await generate(dir, `masterfile-${ROWS}-again.xlsx`, ctx.log);
    }
    const run2 = await runImport(who, second.file, worker);
    const afterSecond = await tableCounts(owner, ctx.organizationId);
    checkSecondRun(second.summary, run2, afterFirst, afterSecond);
    ctx.log(`  ${seconds(run2.totalMs)} s (validate ${seconds(run2.validateMs)} s, commit ${seconds(run2.commitMs)} s)`);
    const peakRssMb = Math.round(worker.peakRssMb());

    return {
      benchmark: "imports",
      targets: IMPORT_TARGETS,
      file: { rows: first.summary.sheets, totalRows: first.summary.totalRows, bytes: run1.bytes, generateMs: Math.round(first.generateMs) },
      worker: { idleRssMb, peakRssMbAfterFirstImport: peakAfterFirstMb, peakRssMb },
      first: run1,
      copy,
      lineCopy,
      endToEndToCopy: ratio(run1.totalMs, copy.medianMs),
      commitToCopy: ratio(run1.commitMs, copy.medianMs),
      validateToCopy: ratio(run1.validateMs, copy.medianMs),
      rowsPerSecond: Math.round(first.summary.totalRows / (run1.totalMs / 1000)),
      second: run2,
      secondRowsPerSecond: Math.round(second.summary.totalRows / (run2.totalMs / 1000)),
      tableCounts: { before, afterFirst, afterSecond },
      workerTasks: worker.completedTasks(),
    };
  } finally {
    await worker?.stop();
    await owner.end({ timeout: 5 });
    rmSync(dir, { recursive: true, force: true });
  }
}

export type ImportsReport = Awaited<ReturnType<typeof importsBenchmark>>;
type Report = ImportsReport;

const mark = (ok: boolean) => (ok ? "✅" : "❌");
const s = (ms: number) => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

export function importsTable(r: Report): string[] {
  const sheetRows = MASTERFILE_SHEETS.map((sheet) => `${sheet.name} ${r.file.rows[sheet.key]}`).join(", ");
  const lines = r.file.rows.budgetLines + r.file.rows.commitmentLines;
  return [
    `Masterfile import: ${r.file.totalRows} rows (${lines} budget + commitment lines), ${(r.file.bytes / 1048576).toFixed(1)} MB xlsx, through the real worker process (NODE_ENV=production, no HTTP)`,
    "",
    `Rows per sheet: ${sheetRows}.`,
    "",
    "| figure | value | target |",
    "|---|---|---|",
    `| upload (checks + SHA-256 + store + record) | ${s(r.first.uploadMs)} s | — |`,
    `| validation job (queue → validated) | ${s(r.first.validateMs)} s | — |`,
    `| confirm | ${s(r.first.confirmMs)} s | — |`,
    `| commit job (confirm → done) | ${s(r.first.commitMs)} s | — |`,
    `| end to end | ${s(r.first.totalMs)} s, ${r.rowsPerSecond} rows/s | — |`,
    `| COPY FROM of the same ${r.copy.rows} staged rows into typed tables (median of ${r.copy.runsMs.length}: ${r.copy.runsMs.join(", ")} ms) | ${Math.round(r.copy.medianMs)} ms | — |`,
    `| end to end ÷ COPY FROM | ${r.endToEndToCopy}× ${mark(r.endToEndToCopy <= r.targets.endToEndToCopy)} | ≤ ${r.targets.endToEndToCopy}× |`,
    `| validation ÷ COPY FROM / commit ÷ COPY FROM | ${r.validateToCopy}× / ${r.commitToCopy}× | — |`,
    `| COPY FROM of the ${r.lineCopy.rows} budget + commitment lines alone | ${Math.round(r.lineCopy.medianMs)} ms | — |`,
    `| after "done", the commit job's budget figure warm-up of the projects in progress | ${s(r.first.warmUpMs)} s | — |`,
    `| worker's own task durations: validate / commit (warm-up included) | ${r.first.validateTaskMs ?? "?"} / ${r.first.commitTaskMs ?? "?"} ms | — |`,
    `| worker CPU time (user + system): validate / commit (warm-up included) | ${r.first.validateWorkerCpuMs} / ${r.first.commitWorkerCpuMs} ms | — |`,
    `| worker RSS idle / peak while validating / peak while committing | ${r.worker.idleRssMb} / ${r.first.validatePeakRssMb} / ${r.first.commitPeakRssMb} MB | — |`,
    `| worker peak RSS (VmHWM) after the first import / after both | ${r.worker.peakRssMbAfterFirstImport} / ${r.worker.peakRssMb} MB | — |`,
    `| same rows again, new file: validation / commit / end to end | ${s(r.second.validateMs)} / ${s(r.second.commitMs)} / ${s(r.second.totalMs)} s, ${r.secondRowsPerSecond} rows/s | — |`,
    `| same rows again: every row an update, no table grew | ✅ (checked) | all updates |`,
  ];
}
