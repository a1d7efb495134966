/**
 * The money cycle at scale (issue 5):
 * - WIP schedule over a portfolio of active projects: SQL time of the service, and the page over
 *   HTTP at 1 and 20 clients;
 * - the vendor invoice list over 100,000+ invoice lines: keyset page 1 vs page 1,000 (p95 ratio);
 * - the Excel export of every invoice: time ÷ the time of COPY TO of the same rows, and the
 *   server's peak memory (RSS) while it streams.
 */
import { readFileSync } from "node:fs";
import postgres from "postgres";
import { databaseUrls } from "@db/client";
import { listApInvoices, apInvoicesExport } from "~/domains/payables/ap-invoices-list.server";
import { apInvoicesTable } from "~/domains/payables/ap-invoices.table";
import { wipSchedule } from "~/domains/wip/wip.server";
import { parseTableQuery, type TableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { ensureProductionBuild, getPage, loadPage, signIn, startAppServer } from "./http";
import { captureQueries, setTenantStatement, type CapturedQuery } from "./sql-capture";
import { measure, ratio, type Stats } from "./stats";

const REQUESTS = Number(process.env.BENCH_PAGE_REQUESTS ?? 60);
const CONCURRENT_REQUESTS = Number(process.env.BENCH_CONCURRENT_REQUESTS ?? 200);
const MAX_MS = Number(process.env.BENCH_MAX_SECONDS ?? 20) * 1000;
const EXPORT_RUNS = 3;
const FAR_PAGE = 1000;

/** QUALITY.md: page 1,000 ≤ 2 × page 1 (p95); export ≤ 15 × COPY TO; peak RSS grows < 50 MB from 10k to 100k rows. */
export const MONEY_TARGETS = { farToFirstP95: 2, exportToCopy: 15, rssGrowthMb: 50 };

/** The two export sizes: invoice numbers B-000001…B-009999 (a "B-00" filter), then every invoice. */
const EXPORT_SIZES = [
  { key: "small", search: "?f.number=B-00" },
  { key: "all", search: "" },
] as const;

interface Context {
  databaseUrl: string;
  organizationId: string;
  portfolioSize: number;
  scale: { apInvoices: number; apInvoiceLines: number; apPayments: number };
  user: { id: string; email: string };
  log: (line: string) => void;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The cursor of page `n` (1-based) of the default sort, by walking the keyset like a user paging on. */
async function cursorOfPage(organizationId: string, query: TableQuery, n: number) {
  let after: string | null = null;
  for (let page = 1; page < n; page++) {
    const current: string | null = after;
    after = (await withTenant({ organizationId }, (tx) => listApInvoices(tx, { ...query, after: current }))).nextCursor;
    if (!after) throw new Error(`the invoice list has fewer than ${n} pages (ended at ${page})`);
  }
  return after;
}

/** Literal SQL for COPY, which takes no bind parameters. */
function inline(query: CapturedQuery) {
  return query.text.replace(/\$(\d+)/g, (_, i: string) => {
    const value = query.params[Number(i) - 1];
    return typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  });
}

/** The statement the export sends for its rows (one batch holding every row). */
async function exportRowQuery(appUrl: string, organizationId: string, query: TableQuery) {
  const captured = await captureQueries(appUrl, organizationId, async (tx) => {
    const { rows } = await apInvoicesExport((fn) => fn(tx), query, 10_000_000);
    for await (const batch of rows) void batch;
  });
  const rowQuery = captured.find((q) => /\blimit\b/i.test(q.text));
  if (!rowQuery) throw new Error("the export's row query was not captured");
  return rowQuery;
}

/** COPY (the export's row query) TO STDOUT under the tenant, drained: ms, bytes and rows. */
async function copyTo(appUrl: string, organizationId: string, statement: CapturedQuery) {
  const client = postgres(appUrl, { max: 1, onnotice: () => {} });
  try {
    let bytes = 0;
    let rows = 0;
    const t0 = performance.now();
    await client.begin(async (tx) => {
      await tx.unsafe(setTenantStatement(organizationId));
      const stream = await tx.unsafe(`copy (${inline(statement)}) to stdout`).readable();
      for await (const chunk of stream) {
        bytes += (chunk as Buffer).length;
        for (const byte of chunk as Buffer) if (byte === 10) rows++;
      }
    });
    return { ms: performance.now() - t0, bytes, rows };
  } finally {
    await client.end({ timeout: 5 });
  }
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

/** GET the export to the end, sampling the server's RSS every 20 ms. */
async function downloadExport(url: string, cookie: string, pid: number) {
  const before = rssKb(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 20);
  const t0 = performance.now();
  try {
    const response = await fetch(url, { headers: { Cookie: cookie } });
    if (response.status !== 200) throw new Error(`GET ${url}: status ${response.status}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    return { ms: performance.now() - t0, bytes, rssBeforeMb: before / 1024, rssPeakMb: Math.max(peak, rssKb(pid)) / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

export async function moneyCycleBenchmark(ctx: Context) {
  const { organizationId } = ctx;
  const urls = databaseUrls();
  const query = parseTableQuery(apInvoicesTable, new URLSearchParams());
  const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId, userId: ctx.user.id }, fn);
  const sqlStats = (fn: (tx: Tx) => Promise<unknown>) => measure({ concurrency: 1, iterations: REQUESTS, warmup: 3, maxMs: MAX_MS }, () => inTenant(fn));

  ctx.log("Money cycle: WIP schedule SQL (first call refreshes every project's stored figures)…");
  const t0 = performance.now();
  const wip = await inTenant((tx) => wipSchedule(tx));
  const wipColdMs = performance.now() - t0;
  const wipSql = await sqlStats((tx) => wipSchedule(tx));

  ctx.log(`Money cycle: walking the invoice list to page ${FAR_PAGE}…`);
  const farCursor = await cursorOfPage(organizationId, query, FAR_PAGE);
  const listSql = {
    first: await sqlStats((tx) => listApInvoices(tx, query)),
    far: await sqlStats((tx) => listApInvoices(tx, { ...query, after: farCursor })),
  };

  ctx.log("Money cycle: COPY TO of the export's rows…");
  const copies: Record<string, Awaited<ReturnType<typeof copyTo>>[]> = {};
  for (const size of EXPORT_SIZES) {
    const statement = await exportRowQuery(urls.app, organizationId, parseTableQuery(apInvoicesTable, new URLSearchParams(size.search)));
    copies[size.key] = [];
    for (let i = 0; i < EXPORT_RUNS; i++) copies[size.key].push(await copyTo(urls.app, organizationId, statement));
  }

  ensureProductionBuild(ctx.log);
  ctx.log("Money cycle: pages and export over HTTP against the production server…");
  const server = await startAppServer(ctx.databaseUrl);
  try {
    const cookie = await signIn(server.baseUrl, ctx.user.email, env().DEMO_PASSWORD);
    const page = (path: string, marker: string) => ({ url: `${server.baseUrl}${path}`, cookie, marker });
    const wipPage = page("/wip", "W-001");
    const wipBytes = await getPage(wipPage);
    const wipHttp = {
      c1: await loadPage(wipPage, { concurrency: 1, requests: REQUESTS, warmup: 3, maxMs: MAX_MS }),
      c20: await loadPage(wipPage, { concurrency: 20, requests: CONCURRENT_REQUESTS, warmup: 0, maxMs: MAX_MS }),
    };
    const first = page("/payables", "B-");
    const far = page(`/payables?after=${farCursor}`, "B-");
    const listHttp: Record<"first" | "far", Stats> = {
      first: await loadPage(first, { concurrency: 1, requests: REQUESTS, warmup: 3, maxMs: MAX_MS }),
      far: await loadPage(far, { concurrency: 1, requests: REQUESTS, warmup: 3, maxMs: MAX_MS }),
    };
    // Smaller export first: the growth of the server's peak RSS from it to the full export is the figure.
    const exports = [];
    for (const size of EXPORT_SIZES) {
      ctx.log(`  export ${size.key === "all" ? "of every invoice" : size.search}…`);
      const runs = [];
      for (let i = 0; i < EXPORT_RUNS; i++) runs.push(await downloadExport(`${server.baseUrl}/payables/export.xlsx${size.search}`, cookie, server.pid));
      const exportMs = median(runs.map((e) => e.ms));
      const copyMs = median(copies[size.key].map((c) => c.ms));
      exports.push({
        key: size.key,
        rows: copies[size.key][0].rows,
        exportMs: Math.round(exportMs),
        copyMs: Math.round(copyMs),
        exportToCopy: ratio(exportMs, copyMs),
        xlsxBytes: runs[0].bytes,
        copyBytes: copies[size.key][0].bytes,
        peakRssMb: Math.round(Math.max(...runs.map((e) => e.rssPeakMb))),
        runs,
      });
    }
    return {
      benchmark: "money-cycle",
      scale: { ...ctx.scale, portfolioProjects: ctx.portfolioSize, wipRows: wip.rows.length },
      targets: MONEY_TARGETS,
      wip: { coldFirstCallMs: Math.round(wipColdMs), sql: wipSql, bytes: wipBytes, ...wipHttp, serverToSqlP50: ratio(wipHttp.c1.p50Ms, wipSql.p50Ms) },
      list: { sql: listSql, http: listHttp, farToFirstP95: ratio(listHttp.far.p95Ms, listHttp.first.p95Ms), farPage: FAR_PAGE },
      exports,
      rssGrowthMb: exports[1].peakRssMb - exports[0].peakRssMb,
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message}\n--- server output (tail) ---\n${server.recentOutput()}`, { cause: error });
  } finally {
    await server.stop();
  }
}

type Report = Awaited<ReturnType<typeof moneyCycleBenchmark>>;

const mark = (ok: boolean) => (ok ? "✅" : "❌");
const ms = (v: number) => (v >= 100 ? String(Math.round(v)) : v.toFixed(1));

export function moneyCycleTable(r: Report): string[] {
  const t = MONEY_TARGETS;
  return [
    `Money cycle: WIP over ${r.scale.wipRows} active projects; ${r.scale.apInvoices} vendor invoices with ${r.scale.apInvoiceLines} lines on one project (production build; ms)`,
    "",
    "| figure | value | target |",
    "|---|---|---|",
    `| WIP first call (refreshes stale stored figures) | ${ms(r.wip.coldFirstCallMs)} | — |`,
    `| WIP schedule SQL p50 / p95 | ${ms(r.wip.sql.p50Ms)} / ${ms(r.wip.sql.p95Ms)} | — |`,
    `| /wip server p50 / p95, 1 client (${Math.round(r.wip.bytes / 1024)} kB HTML) | ${ms(r.wip.c1.p50Ms)} / ${ms(r.wip.c1.p95Ms)} | — |`,
    `| /wip server p50 ÷ SQL p50 | ${r.wip.serverToSqlP50}× ${mark(r.wip.serverToSqlP50 <= 3)} | ≤ 3× |`,
    `| /wip p50 / p95 / req/s, 20 clients | ${ms(r.wip.c20.p50Ms)} / ${ms(r.wip.c20.p95Ms)} / ${r.wip.c20.opsPerSecond} | p95 < 300 ms floor |`,
    `| invoice list SQL p50, page 1 / page ${r.list.farPage} | ${ms(r.list.sql.first.p50Ms)} / ${ms(r.list.sql.far.p50Ms)} | — |`,
    `| /payables p95, page 1 / page ${r.list.farPage} (1 client) | ${ms(r.list.http.first.p95Ms)} / ${ms(r.list.http.far.p95Ms)} | — |`,
    `| page ${r.list.farPage} ÷ page 1 (p95) | ${r.list.farToFirstP95}× ${mark(r.list.farToFirstP95 <= t.farToFirstP95)} | ≤ ${t.farToFirstP95}× |`,
    ...r.exports.flatMap((e) => [
      `| export of ${e.rows} rows (median of ${e.runs.length}) / COPY TO of the same rows | ${ms(e.exportMs)} / ${ms(e.copyMs)} (${(e.xlsxBytes / 1048576).toFixed(1)} MB xlsx, ${(e.copyBytes / 1048576).toFixed(1)} MB text) | — |`,
      `| export ÷ COPY TO, ${e.rows} rows | ${e.exportToCopy}× ${mark(e.exportToCopy <= t.exportToCopy)} | ≤ ${t.exportToCopy}× |`,
      `| server peak RSS during the ${e.rows}-row export | ${e.peakRssMb} MB | — |`,
    ]),
    `| peak RSS growth from the ${r.exports[0].rows}-row to the ${r.exports[1].rows}-row export | ${r.rssGrowthMb} MB ${mark(r.rssGrowthMb < t.rssGrowthMb)} | < ${t.rssGrowthMb} MB |`,
  ];
}
