import { describe, expect, it } from "vitest";
import { checkReport, evaluate, type BenchResults } from "../../bench/check";

// The check of `npm run bench -- --check` / `npm run bench:check` (bench/check.ts) on small results
// objects shaped like bench/results/latest.json. No database: it only reads figures.

const stats = (p50Ms: number, p95Ms = p50Ms, opsPerSecond = 100) => ({ n: 100, meanMs: p50Ms, p50Ms, p95Ms, opsPerSecond });

function page(key: string, label: string, list: boolean, o: { c1P50?: number; c20P95?: number; sqlP50?: number; rls?: number; second?: number; mainMs?: number } = {}) {
  const mainMs = o.mainMs ?? 3;
  return {
    key,
    label,
    path: `/${key}`,
    list,
    loaderCalls: "",
    bytes: 10_000,
    c1: stats(o.c1P50 ?? 10),
    c20: stats(20, o.c20P95 ?? 40),
    loadAfter: 2,
    sql: stats(o.sqlP50 ?? 5),
    statements: [],
    main: {
      description: "its slowest statement",
      statement: "select 1",
      rls: { rows: 50, withRls: stats(mainMs), withoutRls: stats(mainMs / (o.rls ?? 1.1)), ratioP50: o.rls ?? 1.1 },
      secondTenant: { first: stats(mainMs), second: stats(mainMs * (o.second ?? 1)), ratioP50: o.second ?? 1 },
    },
    serverToSqlP50: 2,
  };
}

function results(over: { pages?: ReturnType<typeof page>[]; baselineP50?: number; baselineRps?: number; far?: number; exportRatio?: number; rssGrowth?: number; importRatio?: number; only?: string[] } = {}): BenchResults {
  const pages = {
    benchmark: "pages",
    baseline: { path: "/settings/password", bytes: 5000, c1: stats(over.baselineP50 ?? 3), c20: stats(60, 90, over.baselineRps ?? 350), loadAfter: 2 },
    pages: over.pages ?? [page("projects", "Projects list", true), page("apFirst", "AP list, page 1", true), page("wip", "WIP", false), page("apAging", "AP aging", false)],
    farToFirst: { c1P95: over.far ?? 1.1, c20P95: 1.2 },
    budgetRefresh: stats(30),
  };
  const exports = {
    benchmark: "exports",
    servers: ["default heap", "heap capped"].map((label) => ({
      key: label,
      label,
      rssAtStartMb: 150,
      sizes: [
        { rows: 9999, exportMs: 500, copyMs: 50, exportToCopy: over.exportRatio ?? 10 },
        { rows: 100_000, exportMs: 5000, copyMs: 500, exportToCopy: over.exportRatio ?? 10 },
      ],
      rssGrowthMb: 20,
      rssGrowthScaledMb: over.rssGrowth ?? 20,
    })),
  };
  const imports = { benchmark: "imports", file: { totalRows: 100_000 }, first: { totalMs: 60_000 }, copy: { medianMs: 4000 }, endToEndToCopy: over.importRatio ?? 15 };
  const all = [pages, exports, imports].filter((b) => !over.only || over.only.includes(b.benchmark));
  return { at: "2025-01-01T00:00:00.000Z", cpus: 2, loadAverages: { start: [1, 1, 1] }, benchmarks: all };
}

const missed = (r: BenchResults) => evaluate(r).filter((v) => v.ok === false);

describe("bench check (QUALITY.md performance targets)", () => {
  it("passes results that meet every target, printing the met ones", () => {
    const r = results();
    expect(missed(r)).toEqual([]);
    const { lines, exitCode } = checkReport(r);
    expect(exitCode).toBe(0);
    expect(lines.join("\n")).toContain("✅ Met");
    expect(lines.join("\n")).toContain("| Projects list (50-row list): p95 at 20 clients | 40 ms | < 50 ms |");
    expect(lines.join("\n")).not.toContain("❌ Missed");
  });

  it("reports a missed target with its figure and the target, and exits non-zero", () => {
    const r = results({ pages: [page("projects", "Projects list", true, { c20P95: 61 }), page("wip", "WIP", false, { c20P95: 61 })] });
    expect(missed(r)).toEqual([{ target: "Projects list (50-row list): p95 at 20 clients", figure: "61 ms", goal: "< 50 ms", ok: false }]);
    const { lines, exitCode } = checkReport(r);
    expect(exitCode).toBe(1);
    const text = lines.join("\n");
    expect(text).toContain("❌ Missed (1):");
    expect(text).toContain("| Projects list (50-row list): p95 at 20 clients | 61 ms | < 50 ms |");
    expect(text).toContain("1 target missed");
  });

  it("checks server time against 2 × SQL + 2 ms", () => {
    const at = results({ pages: [page("wip", "WIP", false, { sqlP50: 5, c1P50: 12 })] });
    expect(missed(at)).toEqual([]);
    const over = results({ pages: [page("wip", "WIP", false, { sqlP50: 5, c1P50: 12.5 })] });
    expect(missed(over).map((v) => [v.figure, v.goal])).toEqual([["12.5 ms", "≤ 2 × SQL + 2 ms = 12 ms"]]);
  });

  it("lists every missed target at once: fixed cost, RLS, second tenant, reports, page 1,000, export, import", () => {
    const r = results({
      baselineP50: 4.5,
      baselineRps: 250,
      far: 2.5,
      exportRatio: 16,
      rssGrowth: 60,
      importRatio: 30,
      pages: [page("apAging", "AP aging", false, { rls: 1.6, second: 1.7, mainMs: 25, c20P95: 300 })],
    });
    const targets = missed(r).map((v) => v.target);
    expect(targets).toEqual([
      "lightest signed-in page (/settings/password): p50 at 1 client",
      "lightest signed-in page (/settings/password): throughput at 20 clients",
      "AP aging: p95 at 20 clients",
      "AP aging: main statement with ÷ without RLS",
      "AP aging: main statement, second organization ÷ first",
      "report: AP aging, main statement (its slowest statement)",
      "AP list page 1,000 ÷ page 1, p95 at 1 client",
      "Excel export of 9,999 rows ÷ COPY TO (500 ms / 50 ms)",
      "Excel export of 100,000 rows ÷ COPY TO (5000 ms / 500 ms)",
      "Excel export, default heap: server peak RSS growth 10,000 → 100,000 rows (scaled)",
      "Excel export, heap capped: server peak RSS growth 10,000 → 100,000 rows (scaled)",
      "masterfile import of 100,000 rows end to end ÷ COPY FROM (60 s / 4000 ms)",
    ]);
    expect(checkReport(r).exitCode).toBe(1);
  });

  it("says which targets a partial run did not measure, without failing on them", () => {
    const r = results({ only: ["pages"] });
    const unmeasured = evaluate(r).filter((v) => v.ok === null);
    expect(unmeasured.map((v) => v.figure)).toEqual([
      "not measured (no exports benchmark in the results)",
      "not measured (no exports benchmark in the results)",
      "not measured (no imports benchmark in the results)",
    ]);
    const { lines, exitCode } = checkReport(r);
    expect(exitCode).toBe(0);
    expect(lines.join("\n")).toContain("— Not measured (3):");
  });
});
