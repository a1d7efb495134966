/**
 * QUALITY.md's "Performance" targets (bench/targets.ts) checked against benchmark results:
 * `npm run bench -- --check` after a run, `npm run bench:check` on bench/results/latest.json (or
 * the file given as its argument) without running anything. Prints every target met, missed or
 * not measured (a benchmark the run skipped, BENCH_ONLY) and exits 1 if any was missed.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ExportsReport } from "./exports";
import type { ImportsReport } from "./imports";
import type { PagesReport } from "./pages";
import { REPORT_PAGES, serverBudgetMs, TARGETS as T } from "./targets";

/** What `npm run bench` writes (bench/run.ts). */
export interface BenchResults {
  at: string;
  cpus?: number;
  loadAverages?: Record<string, number[]>;
  /** Each benchmark's report, named by its `benchmark` field. */
  benchmarks: unknown[];
}

export interface Verdict {
  target: string;
  /** The measured figure, or why it was not measured. */
  figure: string;
  goal: string;
  /** null: not measured in these results. */
  ok: boolean | null;
}

const num = (v: number) => (Number.isFinite(v) ? (v >= 100 ? String(Math.round(v)) : String(Math.round(v * 100) / 100)) : String(v));
const msFig = (v: number) => `${num(v)} ms`;
const times = (v: number) => `${num(v)}×`;

function find<R>(results: BenchResults, name: string): R | null {
  const named = (b: unknown): b is { benchmark: string } => typeof b === "object" && b !== null && (b as { benchmark?: unknown }).benchmark === name;
  return (results.benchmarks.find(named) as R | undefined) ?? null;
}

const notMeasured = (target: string, goal: string, benchmark: string): Verdict => ({ target, goal, figure: `not measured (no ${benchmark} benchmark in the results)`, ok: null });

type Page = PagesReport["pages"][number];

/** A page's main statement alone, p50 under RLS as the app runs it (when RLS was not compared: the first organization's runs of the cross-tenant comparison). */
export const mainStatementMs = (p: Page) => ("skipped" in p.main.rls ? p.main.secondTenant.first.p50Ms : p.main.rls.withRls.p50Ms);

function pageVerdicts(r: PagesReport | null): Verdict[] {
  if (!r)
    return [
      notMeasured("lightest signed-in page: p50 at 1 client", `≤ ${T.baseline.p50At1ClientMs} ms`, "pages"),
      notMeasured("lightest signed-in page: throughput at 20 clients", `≥ ${T.baseline.reqPerSecondAt20Clients} req/s`, "pages"),
      notMeasured("every main page: p95 at 20 clients", `< ${T.mainPageP95At20Ms} ms`, "pages"),
      notMeasured("50-row list pages: p95 at 20 clients", `< ${T.listPageP95At20Ms} ms`, "pages"),
      notMeasured("server time ≤ 2 × SQL + 2 ms", `≤ ${T.serverToSql.factor} × SQL + ${T.serverToSql.plusMs} ms`, "pages"),
      notMeasured("main statement with ÷ without RLS", `≤ ${T.rlsRatio}×`, "pages"),
      notMeasured("second organization ÷ first", `≤ ${T.secondTenantRatio}×`, "pages"),
      notMeasured("AP list page 1,000 ÷ page 1, p95", `≤ ${T.farToFirstP95}×`, "pages"),
      notMeasured("reports' main statement", `≤ ${T.reportMainStatementMs} ms`, "pages"),
    ];
  const out: Verdict[] = [];
  const b = r.baseline;
  out.push({
    target: `lightest signed-in page (${b.path}): p50 at 1 client`,
    figure: msFig(b.c1.p50Ms),
    goal: `≤ ${T.baseline.p50At1ClientMs} ms`,
    ok: b.c1.p50Ms <= T.baseline.p50At1ClientMs,
  });
  out.push({
    target: `lightest signed-in page (${b.path}): throughput at 20 clients`,
    figure: `${num(b.c20.opsPerSecond)} req/s`,
    goal: `≥ ${T.baseline.reqPerSecondAt20Clients} req/s`,
    ok: b.c20.opsPerSecond >= T.baseline.reqPerSecondAt20Clients,
  });
  for (const p of r.pages) {
    out.push({ target: `${p.label}: p95 at 20 clients`, figure: msFig(p.c20.p95Ms), goal: `< ${T.mainPageP95At20Ms} ms`, ok: p.c20.p95Ms < T.mainPageP95At20Ms });
    if (p.list)
      out.push({ target: `${p.label} (50-row list): p95 at 20 clients`, figure: msFig(p.c20.p95Ms), goal: `< ${T.listPageP95At20Ms} ms`, ok: p.c20.p95Ms < T.listPageP95At20Ms });
    const budget = serverBudgetMs(p.sql.p50Ms);
    out.push({
      target: `${p.label}: server p50 at 1 client vs its SQL p50 (${msFig(p.sql.p50Ms)})`,
      figure: msFig(p.c1.p50Ms),
      goal: `≤ ${T.serverToSql.factor} × SQL + ${T.serverToSql.plusMs} ms = ${msFig(budget)}`,
      ok: p.c1.p50Ms <= budget,
    });
    const rls = p.main.rls;
    out.push(
      "skipped" in rls
        ? { target: `${p.label}: main statement with ÷ without RLS`, figure: `not measured (${rls.skipped})`, goal: `≤ ${T.rlsRatio}×`, ok: null }
        : { target: `${p.label}: main statement with ÷ without RLS`, figure: times(rls.ratioP50), goal: `≤ ${T.rlsRatio}×`, ok: rls.ratioP50 <= T.rlsRatio },
    );
    const second = p.main.secondTenant;
    out.push({ target: `${p.label}: main statement, second organization ÷ first`, figure: times(second.ratioP50), goal: `≤ ${T.secondTenantRatio}×`, ok: second.ratioP50 <= T.secondTenantRatio });
    const report = REPORT_PAGES[p.key];
    if (report) {
      const mainMs = mainStatementMs(p);
      out.push({ target: `report: ${report}, main statement (${p.main.description})`, figure: msFig(mainMs), goal: `≤ ${T.reportMainStatementMs} ms`, ok: mainMs <= T.reportMainStatementMs });
    }
  }
  for (const [clients, value] of [
    ["1 client", r.farToFirst.c1P95],
    ["20 clients", r.farToFirst.c20P95],
  ] as const)
    out.push({ target: `AP list page 1,000 ÷ page 1, p95 at ${clients}`, figure: times(value), goal: `≤ ${T.farToFirstP95}×`, ok: value <= T.farToFirstP95 });
  return out;
}

function exportVerdicts(r: ExportsReport | null): Verdict[] {
  if (!r)
    return [
      notMeasured("Excel export ÷ COPY TO", `≤ ${T.export.toCopy}×`, "exports"),
      notMeasured("Excel export: server peak RSS growth 10k → 100k rows", `< ${T.export.rssGrowthMb} MB`, "exports"),
    ];
  const out: Verdict[] = [];
  const [asRun] = r.servers;
  for (const e of asRun.sizes)
    out.push({
      target: `Excel export of ${e.rows.toLocaleString("en-US")} rows ÷ COPY TO (${msFig(e.exportMs)} / ${msFig(e.copyMs)})`,
      figure: times(e.exportToCopy),
      goal: `≤ ${T.export.toCopy}×`,
      ok: e.exportToCopy <= T.export.toCopy,
    });
  for (const s of r.servers)
    out.push({
      target: `Excel export, ${s.label}: server peak RSS growth ${T.export.fromRows.toLocaleString("en-US")} → ${T.export.toRows.toLocaleString("en-US")} rows (scaled)`,
      figure: `${num(s.rssGrowthScaledMb)} MB`,
      goal: `< ${T.export.rssGrowthMb} MB`,
      ok: s.rssGrowthScaledMb < T.export.rssGrowthMb,
    });
  return out;
}

function importVerdicts(r: ImportsReport | null): Verdict[] {
  if (!r) return [notMeasured("masterfile import ÷ COPY FROM", `≤ ${T.importToCopy}×`, "imports")];
  return [
    {
      target: `masterfile import of ${r.file.totalRows.toLocaleString("en-US")} rows end to end ÷ COPY FROM (${num(r.first.totalMs / 1000)} s / ${msFig(r.copy.medianMs)})`,
      figure: times(r.endToEndToCopy),
      goal: `≤ ${T.importToCopy}×`,
      ok: r.endToEndToCopy <= T.importToCopy,
    },
  ];
}

/** Every QUALITY.md performance target against `results`. */
export function evaluate(results: BenchResults): Verdict[] {
  return [
    ...pageVerdicts(find<PagesReport>(results, "pages")),
    ...exportVerdicts(find<ExportsReport>(results, "exports")),
    ...importVerdicts(find<ImportsReport>(results, "imports")),
  ];
}

/** The check's printout and exit code: 1 when any target was missed. */
export function checkReport(results: BenchResults): { lines: string[]; exitCode: number } {
  const verdicts = evaluate(results);
  const missed = verdicts.filter((v) => v.ok === false);
  const met = verdicts.filter((v) => v.ok === true);
  const unmeasured = verdicts.filter((v) => v.ok === null);
  const row = (v: Verdict) => `| ${v.target} | ${v.figure} | ${v.goal} |`;
  const table = (title: string, vs: Verdict[]) => (vs.length ? ["", `${title} (${vs.length}):`, "", "| target | figure | goal |", "|---|---|---|", ...vs.map(row)] : []);
  const loads = results.loadAverages ? `; load average ${Object.entries(results.loadAverages).map(([when, l]) => `${when} ${l.join(" / ")}`).join(", ")}` : "";
  return {
    lines: [
      `QUALITY.md performance targets vs the results of ${results.at}${results.cpus ? ` (${results.cpus} CPUs${loads})` : ""}:`,
      ...table("❌ Missed", missed),
      ...table("✅ Met", met),
      ...table("— Not measured", unmeasured),
      "",
      missed.length
        ? `${missed.length} target${missed.length === 1 ? "" : "s"} missed, ${met.length} met, ${unmeasured.length} not measured.`
        : `Every measured target met (${met.length}); ${unmeasured.length} not measured.`,
    ],
    exitCode: missed.length ? 1 : 0,
  };
}

export const LATEST_RESULTS = path.join("bench", "results", "latest.json");

// `npm run bench:check [file]`: the latest results (or the given file), nothing run.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const file = process.argv[2] ?? LATEST_RESULTS;
  let results: BenchResults;
  try {
    results = JSON.parse(readFileSync(file, "utf8")) as BenchResults;
  } catch (error) {
    console.error(`Cannot read benchmark results from ${file} (run npm run bench first): ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  }
  const { lines, exitCode } = checkReport(results);
  console.log(lines.join("\n"));
  process.exit(exitCode);
}
