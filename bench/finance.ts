/**
 * The budget page and the job cost report of the benchmark-scale project (2,000 budget lines,
 * 20,000 commitment lines): latency over HTTP against the production server at 1 and 20 clients,
 * the SQL time of the same service calls the loaders make, their ratio, the main budget query
 * with vs without RLS, and the same SQL in the second tenant.
 */
import { sql as sqlText } from "drizzle-orm";
import { databaseUrls } from "@db/client";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { FINANCE_PAGES, mainBudgetQuery } from "./finance-pages";
import { ensureProductionBuild, getPage, loadPage, signIn, startAppServer } from "./http";
import { compareRls } from "./rls-compare";
import { captureQueries, timeStatements, type StatementTiming } from "./sql-capture";
import type { ScaleProject } from "./scale-project";
import { measure, measureAlternating, ratio, type Stats } from "./stats";

/** Request budgets; each measurement also stops starting requests after BENCH_MAX_SECONDS. */
const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 60);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 200);
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? 20) * 1000;

export const TARGETS = { serverToSql: 3, p95At20Ms: 50, ownerFloorP95Ms: 300, rlsRatio: 1.5 };

interface Context {
  /** The owner URL of the benchmark database: the child server derives its role URLs from it. */
  databaseUrl: string;
  summit: ScaleProject;
  harbor: ScaleProject;
  user: { id: string; email: string };
  log: (line: string) => void;
}

const sqlStats = (organizationId: string, userId: string, run: (tx: Tx) => Promise<unknown>) =>
  measure({ concurrency: 1, iterations: REQUESTS, warmup: 5, maxMs: MAX_MS }, () => withTenant({ organizationId, userId }, run));

export async function financeBenchmark(ctx: Context) {
  const { summit, harbor } = ctx;
  const urls = databaseUrls();

  ctx.log("Finance: SQL time of the loaders' service calls…");
  const sql: Record<string, Stats> = {};
  const statements: Record<string, StatementTiming[]> = {};
  for (const page of FINANCE_PAGES) {
    sql[page.key] = await sqlStats(summit.organizationId, ctx.user.id, (tx) => page.loaderSql(tx, summit.projectId));
    const captured = await captureQueries(urls.app, summit.organizationId, (tx) => page.loaderSql(tx, summit.projectId));
    statements[page.key] = await timeStatements(urls.app, summit.organizationId, captured);
  }
  const [summitSql, harborSql] = await measureAlternating(
    { iterations: REQUESTS, warmup: 3, maxMs: MAX_MS },
    () => withTenant({ organizationId: summit.organizationId }, (tx) => mainBudgetQuery(tx, summit.projectId)),
    () => withTenant({ organizationId: harbor.organizationId }, (tx) => mainBudgetQuery(tx, harbor.projectId)),
  );
  const secondTenant = { summit: summitSql, harbor: harborSql };

  ctx.log("Finance: refreshing the stored figures after a change…");
  const refresh = await sqlStats(summit.organizationId, ctx.user.id, async (tx) => {
    await tx.execute(sqlText`update budget_figure_state set source_version = source_version + 1 where project_id = ${summit.projectId}`);
    await refreshFigures(tx, summit.projectId);
  });

  ctx.log("Finance: budget query with vs without RLS…");
  const captured = await captureQueries(urls.app, summit.organizationId, (tx) => mainBudgetQuery(tx, summit.projectId));
  const main = captured.reduce((a, b) => (b.text.length > a.text.length ? b : a));
  const rls = await compareRls({ appUrl: urls.app, ownerUrl: urls.owner, organizationId: summit.organizationId, query: main, iterations: REQUESTS });

  ensureProductionBuild(ctx.log);
  ctx.log("Finance: pages over HTTP against the production server…");
  const server = await startAppServer(ctx.databaseUrl);
  const http: Record<string, { bytes: number; c1: Stats; c20: Stats }> = {};
  try {
    const cookie = await signIn(server.baseUrl, ctx.user.email, env().DEMO_PASSWORD);
    for (const page of FINANCE_PAGES) {
      ctx.log(`  ${page.label}: 1 client, then 20 clients`);
      const load = { url: `${server.baseUrl}${page.path(summit.projectId)}`, cookie, marker: page.marker };
      const bytes = await getPage(load);
      const c1 = await loadPage(load, { concurrency: 1, requests: REQUESTS, warmup: 5, maxMs: MAX_MS });
      const c20 = await loadPage(load, { concurrency: 20, requests: CONCURRENT_REQUESTS, warmup: 0, maxMs: MAX_MS });
      http[page.key] = { bytes, c1, c20 };
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server output (tail) ---\n${server.recentOutput()}`, { cause: error });
  } finally {
    await server.stop();
  }

  return {
    benchmark: "finance-pages",
    scale: summit.counts,
    targets: TARGETS,
    pages: FINANCE_PAGES.map((page) => ({
      key: page.key,
      label: page.label,
      path: page.path(":projectId"),
      sqlQueries: page.describe,
      ...http[page.key],
      sql: sql[page.key],
      statements: statements[page.key],
      serverToSqlP50: ratio(http[page.key].c1.p50Ms, sql[page.key].p50Ms),
    })),
    secondTenant: { ...secondTenant, harborToSummitP50: ratio(secondTenant.harbor.p50Ms, secondTenant.summit.p50Ms) },
    refresh,
    rls,
  };
}

type Report = Awaited<ReturnType<typeof financeBenchmark>>;

const mark = (ok: boolean) => (ok ? "✅" : "❌");
/** Milliseconds for reading: whole numbers from 100 up, one decimal below. */
const ms = (v: number) => (v >= 100 ? String(Math.round(v)) : v.toFixed(1));

export function financeTable(report: Report): string[] {
  const { pages } = report;
  const cells = (f: (p: Report["pages"][number]) => string) => pages.map(f).join(" | ");
  const p95 = (p: Report["pages"][number]) =>
    `${ms(p.c20.p95Ms)} ${p.c20.p95Ms < TARGETS.p95At20Ms ? mark(true) : p.c20.p95Ms < TARGETS.ownerFloorP95Ms ? "⚠️ floor met" : mark(false)}`;
  const lines = [
    `Project finance pages: ${report.scale.budgetLines} budget lines, ${report.scale.commitmentLines} commitment lines, ${report.scale.changeOrders} change orders (production build; ms)`,
    "",
    `| figure | ${cells((p) => p.label)} | target |`,
    `|---|${pages.map(() => "---|").join("")}---|`,
    `| HTML size (kB, uncompressed) | ${cells((p) => String(Math.round(p.bytes / 1024)))} | — |`,
    `| server p50 / p95, 1 client | ${cells((p) => `${ms(p.c1.p50Ms)} / ${ms(p.c1.p95Ms)}`)} | — |`,
    `| SQL p50 of the loader's service calls (withTenant) | ${cells((p) => ms(p.sql.p50Ms))} | — |`,
    `| server p50 ÷ SQL p50 | ${cells((p) => `${p.serverToSqlP50}× ${mark(p.serverToSqlP50 <= TARGETS.serverToSql)}`)} | ≤ ${TARGETS.serverToSql}× |`,
    `| p50 / req/s, 20 clients | ${cells((p) => `${ms(p.c20.p50Ms)} / ${p.c20.opsPerSecond}`)} | — |`,
    `| p95, 20 clients | ${cells(p95)} | < ${TARGETS.p95At20Ms} ms (floor < ${TARGETS.ownerFloorP95Ms} ms) |`,
  ];
  /** A row with one value under the first page's column and the others empty. */
  const wide = (figure: string, value: string, target: string) => `| ${figure} | ${value} |${" |".repeat(pages.length - 1)} ${target} |`;
  lines.push(wide("stored figures refreshed after a change (SQL p50 / p95)", `${ms(report.refresh.p50Ms)} / ${ms(report.refresh.p95Ms)}`, "—"));
  if ("skipped" in report.rls) lines.push(wide("figure computation with ÷ without RLS", `skipped: ${report.rls.skipped}`, `≤ ${TARGETS.rlsRatio}×`));
  else
    lines.push(
      wide(
        "figure computation with ÷ without RLS (p50)",
        `${report.rls.ratioP50}× ${mark(report.rls.ratioP50 <= TARGETS.rlsRatio)} (${ms(report.rls.withRls.p50Ms)} vs ${ms(report.rls.withoutRls.p50Ms)})`,
        `≤ ${TARGETS.rlsRatio}×`,
      ),
    );
  const t = report.secondTenant;
  lines.push(
    wide("figure computation, Harbor ÷ Summit (p50)", `${t.harborToSummitP50}× ${mark(t.harborToSummitP50 <= TARGETS.rlsRatio)} (${ms(t.harbor.p50Ms)} vs ${ms(t.summit.p50Ms)})`, "same size: ≈ 1×"),
    "",
    `SQL p50: ${pages.map((p) => `${p.label}: ${p.sqlQueries}`).join("; ")}.`,
    `Server time is measured by the client (loopback, keep-alive, gzip) and includes rendering; requests per page at 1 / 20 clients: ${report.pages.map((p) => `${p.c1.n} / ${p.c20.n}`).join(", ")} (budget ${REQUESTS} / ${CONCURRENT_REQUESTS}, at most ${MAX_MS / 1000} s each).`,
  );
  for (const page of report.pages) {
    lines.push("", `${page.label}: the loader's statements, slowest first (each alone, p50 ms)`, "", "| ms | rows | statement |", "|---|---|---|");
    for (const s of page.statements.slice(0, 6)) lines.push(`| ${s.p50Ms} | ${s.rows} | \`${s.sql.replaceAll("|", "\\|").replaceAll("`", "'")}\` |`);
  }
  return lines;
}
