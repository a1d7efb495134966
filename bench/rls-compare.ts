/**
 * The same SQL text with RLS (app role, tenant set) and without (owner role, which bypasses RLS,
 * with every tenant table narrowed to the organization explicitly, as a non-RLS app would write
 * it), and the same statement in two tenants of the same size. The text is captured from the real
 * service call, so it is exactly what the page runs.
 */
import { benchClient, setTenantStatement, timedInTransaction, type CapturedQuery } from "./sql-capture";
import { ratio, summarize, type Stats } from "./stats";
import type { SqlClient } from "@db/sql-client";

type Sql = SqlClient;

const NOT_ALIASES = new Set(
  "on where group order left right inner full cross join union limit using natural lateral having window offset except intersect returning".split(" "),
);

/** `from t [alias]` / `join t [alias]` of a tenant table → `from (select * from t where organization_id = '…') alias`. */
export function withExplicitTenant(text: string, tenantTables: Set<string>, organizationId: string): string {
  const pattern = /\b(from|join)\s+("?)([a-z_][a-z0-9_]*)\2(\s+(?:as\s+)?("?)([a-z_][a-z0-9_]*)\5)?/gi;
  return text.replace(pattern, (match, keyword: string, _q, table: string, aliasPart?: string, _q2?: string, alias?: string) => {
    if (!tenantTables.has(table)) return match;
    const aliasIsKeyword = alias !== undefined && NOT_ALIASES.has(alias.toLowerCase());
    const name = alias && !aliasIsKeyword ? alias : table;
    return `${keyword} (select * from "${table}" where organization_id = '${organizationId}'::uuid) "${name}"${aliasIsKeyword ? aliasPart : ""}`;
  });
}

export async function tenantTableNames(owner: Sql): Promise<Set<string>> {
  const rows = await owner<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where n.nspname = 'public' and c.relkind in ('r', 'p')`;
  return new Set(rows.map((r) => r.table));
}

async function explain(client: Sql, setup: string | null, query: CapturedQuery) {
  const plan = await timedInTransaction(client, setup, { ...query, text: `explain (analyze, buffers) ${query.text}` });
  return (plan.rows as Record<string, string>[]).map((r) => r["QUERY PLAN"]);
}

export interface RlsComparison {
  withRls: Stats;
  withoutRls: Stats;
  ratioP50: number;
  rows: number;
  planWithRls: string[];
  planWithoutRls: string[];
}

/** The rows as a sorted list of JSON texts: equal sets of rows, whatever order two plans return them in. */
const rowSet = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).sort();
const sameRows = (a: unknown[], b: unknown[]) => JSON.stringify(rowSet(a)) === JSON.stringify(rowSet(b));

/**
 * Two statements timed alone (not BEGIN/COMMIT and set_config), each in its own transaction,
 * interleaved at concurrency 1 after a warm-up, so drift (autovacuum, CPU frequency) affects both alike.
 */
async function alternate(iterations: number, a: () => Promise<{ ms: number }>, b: () => Promise<{ ms: number }>) {
  for (let i = 0; i < 5; i++) await Promise.all([a(), b()]);
  const samples: [number[], number[]] = [[], []];
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) {
    samples[0].push((await a()).ms);
    samples[1].push((await b()).ms);
  }
  const wall = (performance.now() - t0) / 2;
  return [summarize(samples[0], wall), summarize(samples[1], wall)] as const;
}

/** p50 of the statement with RLS (app role) and without (owner role, explicit tenant); checks both return the same rows. */
export async function compareRls(options: { appUrl: string; ownerUrl: string; organizationId: string; query: CapturedQuery; iterations: number }) {
  const app = benchClient(options.appUrl);
  const owner = benchClient(options.ownerUrl);
  try {
    const [role] = await owner<{ bypass: boolean }>`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user`;
    if (!role.bypass) return { skipped: "the owner role is subject to FORCE RLS (not superuser/BYPASSRLS)" } as const;
    const setTenant = setTenantStatement(options.organizationId);
    const plain = { ...options.query, text: withExplicitTenant(options.query.text, await tenantTableNames(owner), options.organizationId) };
    const a = await timedInTransaction(app, setTenant, options.query);
    const b = await timedInTransaction(owner, null, plain);
    if (a.rows.length === 0 || !sameRows(a.rows, b.rows))
      throw new Error(`RLS comparison: the explicit-tenant rewrite returned different rows (${a.rows.length} vs ${b.rows.length})`);
    const [withRls, withoutRls] = await alternate(
      options.iterations,
      () => timedInTransaction(app, setTenant, options.query),
      () => timedInTransaction(owner, null, plain),
    );
    return {
      withRls,
      withoutRls,
      ratioP50: ratio(withRls.p50Ms, withoutRls.p50Ms),
      rows: a.rows.length,
      planWithRls: await explain(app, setTenant, options.query),
      planWithoutRls: await explain(owner, null, plain),
    } satisfies RlsComparison;
  } finally {
    await app.end({ timeout: 5 });
    await owner.end({ timeout: 5 });
  }
}

/** The same statement (captured in each tenant from the same service call) under RLS in two tenants of the same size: p50 of b ÷ a. */
export async function compareTenants(appUrl: string, a: { organizationId: string; query: CapturedQuery }, b: typeof a, iterations: number) {
  const app = benchClient(appUrl);
  try {
    const [first, second] = await alternate(
      iterations,
      () => timedInTransaction(app, setTenantStatement(a.organizationId), a.query),
      () => timedInTransaction(app, setTenantStatement(b.organizationId), b.query),
    );
    return { first, second, ratioP50: ratio(second.p50Ms, first.p50Ms) };
  } finally {
    await app.end({ timeout: 5 });
  }
}
