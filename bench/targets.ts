/**
 * QUALITY.md's "Performance" targets, in one place: the benchmark tables (bench/pages-table.ts,
 * bench/exports.ts, bench/imports.ts), the load test (bench/load.ts) and the check
 * (bench/check.ts, `npm run bench -- --check`, `npm run bench:check`) all read them from here.
 */
export const TARGETS = {
  /** The lightest signed-in page (session, root loader, render, compression and logging included). */
  baseline: { p50At1ClientMs: 4, reqPerSecondAt20Clients: 300 },
  /** Every main page, p95 at 20 concurrent clients without think time on 2 cores: the owner's floor. */
  mainPageP95At20Ms: 300,
  /** The aim for every main page; 50-row list pages must meet it. */
  listPageP95At20Ms: 50,
  /** Server time of a list/detail page (p50 at 1 client) ≤ factor × the SQL time of its queries + plusMs. */
  serverToSql: { factor: 2, plusMs: 2 },
  /** Same query with RLS ÷ without RLS (p50). */
  rlsRatio: 1.5,
  /** The second organization (same size) ÷ the first, same statement (p50). */
  secondTenantRatio: 1.5,
  /** Keyset pagination: p95 of page 1,000 ÷ p95 of page 1. */
  farToFirstP95: 2,
  /** Reports (aging, totals, dashboards) read stored figures: their main statement's p50, ms. */
  reportMainStatementMs: 20,
  /** Excel export ≤ 15 × COPY TO of the same rows; peak RSS grows < 50 MB from 10k to 100k rows. */
  export: { toCopy: 15, rssGrowthMb: 50, fromRows: 10_000, toRows: 100_000 },
  /** Masterfile import, end to end with validation, ÷ COPY FROM of the same rows. */
  importToCopy: 25,
  /** 200 users with 1–3 s think time (uniform): p95 per request kind, 0 errors, 0 cross-tenant markers. */
  office: { users: 200, thinkMinMs: 1000, thinkMaxMs: 3000, p95Ms: 250 },
} as const;

/**
 * The report pages of bench/page-catalog.ts whose main statement must stay under
 * TARGETS.reportMainStatementMs: the aging reports, job cost and WIP (stored figures), and the AP
 * list's totals (page 1's main statement is the totals over every invoice and payment). The
 * budget's main statement is the figure computation the stored rows are refreshed from, not a
 * read, so it is not one of them.
 */
export const REPORT_PAGES: Record<string, string> = {
  jobCost: "job cost report",
  wip: "WIP schedule",
  apAging: "AP aging",
  arAging: "AR aging",
  apFirst: "AP list totals",
  homeOwner: "home dashboard (finance and company)",
  homePm: "home dashboard (project manager)",
};

/** The server-time budget of a page whose loader's SQL takes `sqlMs`. */
export const serverBudgetMs = (sqlMs: number) => TARGETS.serverToSql.factor * sqlMs + TARGETS.serverToSql.plusMs;
