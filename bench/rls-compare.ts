/**
 * The same SQL text with RLS (app role, tenant set) and without (owner role, which bypasses RLS,
 * with every tenant table narrowed to the organization explicitly, as a non-RLS app would write
 * it). The text is captured from the real service call, so it is exactly what the page runs.
 */
import postgres from "postgres";
import { setTenantStatement, timedInTransaction, type CapturedQuery } from "./sql-capture";
import { ratio, summarize, type Stats } from "./stats";

type Sql = postgres.Sql;

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
  const rows = await owner<{ table: string }[]>`
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

/** p50 of the statement alone (not BEGIN/COMMIT) at concurrency 1, both ways; checks both return the same rows. */
export async function compareRls(options: { appUrl: string; ownerUrl: string; organizationId: string; query: CapturedQuery; iterations: number }) {
  const app = postgres(options.appUrl, { max: 1, onnotice: () => {} });
  const owner = postgres(options.ownerUrl, { max: 1, onnotice: () => {} });
  try {
    const [role] = await owner<{ bypass: boolean }[]>`select rolsuper or rolbypassrls as bypass from pg_roles where rolname = current_user`;
    if (!role.bypass) return { skipped: "the owner role is subject to FORCE RLS (not superuser/BYPASSRLS)" } as const;
    const setTenant = setTenantStatement(options.organizationId);
    const plain = { ...options.query, text: withExplicitTenant(options.query.text, await tenantTableNames(owner), options.organizationId) };
    const a = await timedInTransaction(app, setTenant, options.query);
    const b = await timedInTransaction(owner, null, plain);
    if (a.rows.length === 0 || JSON.stringify(a.rows) !== JSON.stringify(b.rows))
      throw new Error(`RLS comparison: the explicit-tenant rewrite returned different rows (${a.rows.length} vs ${b.rows.length})`);
    // The statement alone (not the BEGIN/COMMIT round trips), the two variants interleaved so
    // drift (autovacuum, CPU frequency) affects both alike.
    const samples = { rls: [] as number[], plain: [] as number[] };
    for (let i = 0; i < 5; i++) await Promise.all([timedInTransaction(app, setTenant, options.query), timedInTransaction(owner, null, plain)]);
    const t0 = performance.now();
    for (let i = 0; i < options.iterations; i++) {
      samples.rls.push((await timedInTransaction(app, setTenant, options.query)).ms);
      samples.plain.push((await timedInTransaction(owner, null, plain)).ms);
    }
    const wall = (performance.now() - t0) / 2;
    const withRls = summarize(samples.rls, wall);
    const withoutRls = summarize(samples.plain, wall);
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
