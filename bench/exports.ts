/**
 * The Excel export at scale: the vendor invoice export (/payables/export.xlsx, the largest on the
 * scale dataset: 50,000+ invoices per organization) for ≈ 10,000 invoices and for all of them,
 * after draft copies of invoices (numbers "E-…") bring the organization to 100,000, QUALITY.md's
 * large export. Time ÷ the time of COPY TO of the same rows (the export's own row statement), and
 * the production server's peak memory (RSS) while it streams: its growth from the small export to
 * the large one.
 */
import { readFileSync } from "node:fs";
import { to as copyToStdout } from "pg-copy-streams";
import { databaseUrls } from "@db/client";
import { createPool, transaction } from "@db/pool";
import { sqlClient } from "@db/sql-client";
import { apInvoicesExport } from "~/domains/payables/ap-invoices-list.server";
import { apInvoicesTable } from "~/domains/payables/ap-invoices.table";
import { parseTableQuery, type TableQuery } from "~/utils/data-table";
import { env } from "~/utils/env.server";
import { ensureProductionBuild, signIn, withAppServer } from "./http";
import { mark, ms } from "./markdown";
import { captureQueries, setTenantStatement, type CapturedQuery } from "./sql-capture";
import { ratio } from "./stats";
import { TARGETS } from "./targets";

const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 3);

/** QUALITY.md (bench/targets.ts): export ≤ 15 × COPY TO; peak RSS grows < 50 MB from 10k to 100k rows. */
export const EXPORT_TARGETS = { exportToCopy: TARGETS.export.toCopy, rssGrowthMb: TARGETS.export.rssGrowthMb, fromRows: TARGETS.export.fromRows, toRows: TARGETS.export.toRows };

/** Invoice numbers B-000001…B-009999 (a "B-00" filter), then every invoice; smaller first, for the RSS growth. */
const SIZES = [
  { key: "small", search: "?f.number=B-00" },
  { key: "all", search: "" },
] as const;

interface Context {
  databaseUrl: string;
  organizationId: string;
  user: { id: string; email: string };
  log: (line: string) => void;
}

/**
 * Adds draft copies of the organization's invoices (B-000001 copied as E-B.000001, so the small
 * export's "B-00" filter does not match them) until it has `rows` invoices; none if it has. Drafts
 * count in no figure, so the other benchmarks' numbers are unchanged.
 */
async function topUpInvoices(ownerUrl: string, organizationId: string, rows: number) {
  const owner = sqlClient(ownerUrl, { max: 1 });
  try {
    const [{ n }] = await owner<{ n: number }>`select count(*)::int as n from ap_invoices where organization_id = ${organizationId}`;
    if (n >= rows) return 0;
    const added = await owner`
      insert into ap_invoices (organization_id, vendor_id, project_id, commitment_id, kind, invoice_number, invoice_date, due_date,
        description, status, retainage_rate, total, retainage, amount_due)
      select organization_id, vendor_id, project_id, commitment_id, kind, 'E-' || replace(invoice_number, '-', '.'), invoice_date, due_date,
        description, 'draft', retainage_rate, total, retainage, amount_due
      from ap_invoices where organization_id = ${organizationId} and invoice_number not like 'E-%'
      order by invoice_date, id limit ${rows - n}`;
    await owner`analyze ap_invoices`;
    return added.count;
  } finally {
    await owner.end({ timeout: 5 });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Literal SQL for COPY, which takes no bind parameters. */
function inline(query: CapturedQuery) {
  return query.text.replace(/\$(\d+)/g, (_, i: string) => {
    const value = query.params[Number(i) - 1];
    return typeof value === "number" ? String(value) : `'${String(value).replaceAll("'", "''")}'`;
  });
}

/** The statement the export sends for its rows (asked for in one batch holding every row). */
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
  const pool = createPool(appUrl, { max: 1 });
  try {
    let bytes = 0;
    let rows = 0;
    const t0 = performance.now();
    await transaction(pool, async (client) => {
      await client.query(setTenantStatement(organizationId));
      const stream = client.query(copyToStdout(`copy (${inline(statement)}) to stdout`));
      for await (const chunk of stream) {
        bytes += (chunk as Buffer).length;
        for (const byte of chunk as Buffer) if (byte === 10) rows++;
      }
    });
    return { ms: performance.now() - t0, bytes, rows };
  } finally {
    await pool.end();
  }
}

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

/** GET the export to the end, sampling the server's RSS every 20 ms. */
async function download(url: string, cookie: string, pid: number) {
  let peak = rssKb(pid);
  const sampler = setInterval(() => (peak = Math.max(peak, rssKb(pid))), 20);
  const t0 = performance.now();
  try {
    const response = await fetch(url, { headers: { Cookie: cookie } });
    if (response.status !== 200) throw new Error(`GET ${url}: status ${response.status}`);
    const bytes = (await response.arrayBuffer()).byteLength;
    return { ms: performance.now() - t0, bytes, rssPeakMb: Math.max(peak, rssKb(pid)) / 1024 };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * The server's heap as production runs it (V8's default limits), then capped: with the default,
 * V8 lets garbage pile up before collecting, so RSS grows with the rows written even when nothing
 * is retained; under the cap the same exports show what the server really holds.
 */
const SERVERS = [
  { key: "default", label: "default heap", nodeFlags: [] as string[] },
  { key: "capped", label: "heap capped (--max-old-space-size=128)", nodeFlags: ["--max-old-space-size=128"] },
];

/** Every size RUNS times, smaller first, against a fresh server: time and peak RSS. */
async function downloads(ctx: Context, nodeFlags: string[]) {
  return withAppServer(ctx.databaseUrl, nodeFlags, async (server) => {
    const cookie = await signIn(server.baseUrl, ctx.user.email, env().DEMO_PASSWORD);
    const rssAtStartMb = Math.round(rssKb(server.pid) / 1024);
    const bySize: Record<string, Awaited<ReturnType<typeof download>>[]> = {};
    for (const size of SIZES) {
      bySize[size.key] = [];
      for (let i = 0; i < RUNS; i++) bySize[size.key].push(await download(`${server.baseUrl}/payables/export.xlsx${size.search}`, cookie, server.pid));
    }
    return { rssAtStartMb, bySize };
  });
}

export async function exportsBenchmark(ctx: Context) {
  const { organizationId } = ctx;
  const urls = databaseUrls();
  const added = await topUpInvoices(urls.owner, organizationId, EXPORT_TARGETS.toRows);
  ctx.log(`Exports: ${added.toLocaleString("en-US")} draft invoices added to reach ${EXPORT_TARGETS.toRows.toLocaleString("en-US")}; COPY TO of the export's rows…`);
  const copies: Record<string, Awaited<ReturnType<typeof copyTo>>[]> = {};
  for (const size of SIZES) {
    const statement = await exportRowQuery(urls.app, organizationId, parseTableQuery(apInvoicesTable, new URLSearchParams(size.search)));
    copies[size.key] = [];
    for (let i = 0; i < RUNS; i++) copies[size.key].push(await copyTo(urls.app, organizationId, statement));
  }
  const rows = (key: string) => copies[key][0].rows;

  ensureProductionBuild(ctx.log);
  const servers = [];
  for (const config of SERVERS) {
    ctx.log(`Exports: ≈ 10k rows, then all, ${RUNS} times each, against a fresh production server, ${config.label}…`);
    const { rssAtStartMb, bySize } = await downloads(ctx, config.nodeFlags);
    const sizes = SIZES.map((size) => {
      const runs = bySize[size.key];
      const exportMs = median(runs.map((e) => e.ms));
      const copyMs = median(copies[size.key].map((c) => c.ms));
      return {
        key: size.key,
        path: `/payables/export.xlsx${size.search}`,
        rows: rows(size.key),
        exportMs: Math.round(exportMs),
        copyMs: Math.round(copyMs),
        exportToCopy: ratio(exportMs, copyMs),
        xlsxBytes: runs[0].bytes,
        copyBytes: copies[size.key][0].bytes,
        peakRssMb: Math.round(Math.max(...runs.map((e) => e.rssPeakMb))),
        runs: runs.map((e) => ({ ms: Math.round(e.ms), peakRssMb: Math.round(e.rssPeakMb) })),
      };
    });
    const [small, all] = sizes;
    const growthMb = all.peakRssMb - small.peakRssMb;
    // The target's span is 10k → 100k rows; the two exports' span is close to it (9,999 → 100,000), scaled linearly to it exactly.
    const span = EXPORT_TARGETS.toRows - EXPORT_TARGETS.fromRows;
    const growthScaledMb = Math.round((growthMb * span) / Math.max(1, all.rows - small.rows));
    servers.push({ key: config.key, label: config.label, nodeFlags: config.nodeFlags, rssAtStartMb, sizes, rssGrowthMb: growthMb, rssGrowthScaledMb: growthScaledMb });
  }
  return { benchmark: "exports", targets: EXPORT_TARGETS, servers };
}

export type ExportsReport = Awaited<ReturnType<typeof exportsBenchmark>>;
type Report = ExportsReport;

export function exportsTable(r: Report): string[] {
  const t = EXPORT_TARGETS;
  const [asRun, capped] = r.servers;
  const [small, all] = asRun.sizes;
  const n = (v: number) => v.toLocaleString("en-US");
  return [
    `Excel export of vendor invoices (production build; ms, median of ${small.runs.length}), the largest with ${n(all.rows)} rows (the scale dataset's 50,000+ invoices topped up with draft copies).`,
    "",
    "| figure | value | target |",
    "|---|---|---|",
    ...asRun.sizes.flatMap((e) => [
      `| export of ${n(e.rows)} rows / COPY TO of the same rows | ${ms(e.exportMs)} / ${ms(e.copyMs)} (${(e.xlsxBytes / 1048576).toFixed(1)} MB xlsx, ${(e.copyBytes / 1048576).toFixed(1)} MB text) | — |`,
      `| export ÷ COPY TO, ${n(e.rows)} rows | ${e.exportToCopy}× ${mark(e.exportToCopy <= t.exportToCopy)} | ≤ ${t.exportToCopy}× |`,
    ]),
    ...r.servers.flatMap((s) => [
      `| ${s.label}: server peak RSS, ${s.sizes.map((e) => `${n(e.rows)} rows: ${e.peakRssMb} MB`).join(", ")} (${s.rssAtStartMb} MB at start) | growth ${s.rssGrowthMb} MB | — |`,
      `| ${s.label}: that growth scaled linearly to ${n(t.fromRows)} → ${n(t.toRows)} rows | ${s.rssGrowthScaledMb} MB ${mark(s.rssGrowthScaledMb < t.rssGrowthMb)} | < ${t.rssGrowthMb} MB |`,
    ]),
    "",
    `Export time with the heap capped: ${capped.sizes.map((e) => `${n(e.rows)} rows ${ms(e.exportMs)} ms`).join(", ")}. By default V8 grows its heap before it collects garbage, so RSS also grows with garbage; under the cap it reflects what the export holds.`,
  ];
}
