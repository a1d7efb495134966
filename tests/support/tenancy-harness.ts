import type { SqlClient } from "@db/sql-client";
import type { DatabaseError } from "pg";

/**
 * The tenant-isolation harness of QUALITY.md, driven by the PostgreSQL catalog so that every table
 * added later is covered without editing the tests. Each function returns human-readable
 * violations; an empty list means the check passed.
 */

const TENANT_SETTING = "current_setting('app.organization_id'";

export async function tenantTables(sql: SqlClient, schema: string): Promise<string[]> {
  const rows = await sql<{ name: string }>`
    select c.relname as name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where n.nspname = ${schema} and c.relkind in ('r', 'p')
    order by 1`;
  return rows.map((r) => r.name);
}

export async function catalogViolations(sql: SqlClient, schema: string): Promise<string[]> {
  const violations: string[] = [];

  const rls = await sql<{ name: string; enabled: boolean; forced: boolean }>`
    select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where n.nspname = ${schema} and c.relkind in ('r', 'p')`;
  for (const t of rls) {
    if (!t.enabled) violations.push(`${schema}.${t.name}: row level security is not enabled`);
    if (!t.forced) violations.push(`${schema}.${t.name}: row level security is not forced`);
  }

  const policies = await sql<{ table: string; name: string; cmd: string; permissive: boolean; using: string | null; check: string | null }>`
    select c.relname as table, p.polname as name, p.polcmd as cmd, p.polpermissive as permissive,
      pg_get_expr(p.polqual, p.polrelid) as using, pg_get_expr(p.polwithcheck, p.polrelid) as check
    from pg_policy p join pg_class c on c.oid = p.polrelid join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = ${schema}`;
  for (const t of rls) {
    const own = policies.filter((p) => p.table === t.name);
    const isTenantExpr = (e: string | null) => Boolean(e && e.includes("organization_id") && e.includes(TENANT_SETTING));
    const complete = own.some((p) => p.cmd === "*" && isTenantExpr(p.using) && isTenantExpr(p.check));
    if (!complete) violations.push(`${schema}.${t.name}: no FOR ALL policy with USING and WITH CHECK on app.organization_id`);
    for (const p of own.filter((p) => p.permissive && !isTenantExpr(p.using) && p.using !== null))
      violations.push(`${schema}.${t.name}: permissive policy ${p.name} does not restrict by app.organization_id`);
  }

  const views = await sql<{ name: string; options: string[] | null }>`
    select c.relname as name, c.reloptions as options from pg_class c
    join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${schema} and c.relkind = 'v'`;
  for (const v of views) {
    const invoker = (v.options ?? []).some((o) => /^security_invoker=(true|on|1|yes)$/i.test(o));
    if (!invoker) violations.push(`${schema}.${v.name}: view is not security_invoker`);
  }

  const definers = await sql<{ name: string; config: string[] | null }>`
    select p.oid::regprocedure::text as name, p.proconfig as config from pg_proc p
    join pg_namespace n on n.oid = p.pronamespace where n.nspname = ${schema} and p.prosecdef`;
  for (const f of definers)
    if (!(f.config ?? []).some((c) => c.startsWith("search_path=")))
      violations.push(`${f.name}: SECURITY DEFINER function without a pinned search_path`);

  const uniques = await sql<{ table: string; index: string }>`
    select c.relname as table, i.relname as index from pg_index x
    join pg_class c on c.oid = x.indrelid join pg_class i on i.oid = x.indexrelid
    join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where n.nspname = ${schema} and x.indisunique and not x.indisprimary and not (a.attnum = any(x.indkey))`;
  for (const u of uniques) violations.push(`${schema}.${u.table}: unique index ${u.index} does not include organization_id`);

  const fks = await sql<{ table: string; name: string }>`
    select c.relname as table, k.conname as name from pg_constraint k
    join pg_class c on c.oid = k.conrelid join pg_namespace n on n.oid = c.relnamespace
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'organization_id' and not a.attisdropped
    where n.nspname = ${schema} and k.contype = 'f' and not (a.attnum = any(k.conkey))
      -- a reference to a global table (users) cannot cross tenants; one to a tenant table must carry the tenant
      and exists (select 1 from pg_attribute r where r.attrelid = k.confrelid and r.attname = 'organization_id' and not r.attisdropped)`;
  for (const f of fks) violations.push(`${schema}.${f.table}: foreign key ${f.name} does not include organization_id`);

  return violations;
}

/** The runtime roles must be plain: no superuser, no BYPASSRLS, no DDL rights, owning nothing. */
export async function roleViolations(sql: SqlClient, roles: readonly string[]): Promise<string[]> {
  const violations: string[] = [];
  for (const role of roles) {
    const [r] = await sql<{ super: boolean; bypass: boolean; createrole: boolean; createdb: boolean; login: boolean }>`
      select rolsuper as super, rolbypassrls as bypass, rolcreaterole as createrole, rolcreatedb as createdb, rolcanlogin as login
      from pg_roles where rolname = ${role}`;
    if (!r) {
      violations.push(`${role}: role does not exist`);
      continue;
    }
    if (r.super) violations.push(`${role}: is superuser`);
    if (r.bypass) violations.push(`${role}: has BYPASSRLS`);
    if (r.createrole) violations.push(`${role}: has CREATEROLE`);
    if (r.createdb) violations.push(`${role}: has CREATEDB`);
    if (!r.login) violations.push(`${role}: cannot log in`);
    const owned = await sql<{ name: string }>`
      select c.oid::regclass::text as name from pg_class c join pg_roles o on o.oid = c.relowner where o.rolname = ${role}
      union all select n.nspname from pg_namespace n join pg_roles o on o.oid = n.nspowner where o.rolname = ${role}`;
    for (const o of owned) violations.push(`${role}: owns ${o.name}`);
    const memberships = await sql<{ name: string }>`
      select g.rolname as name from pg_auth_members m join pg_roles g on g.oid = m.roleid join pg_roles u on u.oid = m.member
      where u.rolname = ${role} and (g.rolsuper or g.rolbypassrls)`;
    for (const m of memberships) violations.push(`${role}: is a member of privileged role ${m.name}`);
  }
  return violations;
}

const setTenant = (sql: SqlClient, organizationId: string) =>
  sql`select set_config('app.organization_id', ${organizationId}, true)`;

class Rollback extends Error {}

/**
 * The two-tenant matrix for one table, run on `appSql` (the app role, pool of one connection so
 * the pooled-reuse case really reuses it). Organization A must already have rows in the table.
 */
export async function tenantMatrix(options: {
  ownerSql: SqlClient;
  appSql: SqlClient;
  schema: string;
  table: string;
  orgA: string;
  orgB: string;
}): Promise<string[]> {
  const { ownerSql, appSql, schema, table, orgA, orgB } = options;
  const name = `${schema}.${table}`;
  const quote = (id: string) => `"${id.replaceAll('"', '""')}"`;
  const qualified = `${quote(schema)}.${quote(table)}`;
  const violations: string[] = [];
  const samples = await ownerSql.unsafe(`select row_to_json(x) as row from ${qualified} x where organization_id = $1 limit 1`, [orgA]);
  if (samples.length === 0) return [`${name}: organization A has no rows to test with (extend the demo seed)`];

  await appSql
    .begin(async (tx) => {
      await setTenant(tx, orgB);
      const [seen] = await tx.unsafe(`select count(*)::int as n from ${qualified} where organization_id = $1`, [orgA]);
      if (seen.n !== 0) violations.push(`${name}: B sees ${seen.n} of A's rows`);
      const [foreign] = await tx.unsafe(`select count(*)::int as n from ${qualified} where organization_id is distinct from $1`, [orgB]);
      if (foreign.n !== 0) violations.push(`${name}: B sees ${foreign.n} rows of other tenants`);
      // An append-only table refuses UPDATE/DELETE outright (42501): that touches 0 rows too.
      const refusedOrCount = (e: DatabaseError) => {
        if (e.code === "42501") return { count: 0 };
        throw e;
      };
      const updated = await tx
        .savepoint((sp) => sp.unsafe(`update ${qualified} set organization_id = organization_id where organization_id = $1`, [orgA]))
        .catch(refusedOrCount);
      if (updated.count !== 0) violations.push(`${name}: B updated ${updated.count} of A's rows`);
      const deleted = await tx
        .savepoint((sp) => sp.unsafe(`delete from ${qualified} where organization_id = $1`, [orgA]))
        .catch(refusedOrCount);
      if (deleted.count !== 0) violations.push(`${name}: B deleted ${deleted.count} of A's rows`);
      const inserted = await tx
        .savepoint((sp) => sp.unsafe(`insert into ${qualified} select * from json_populate_record(null::${qualified}, $1)`, [samples[0].row]))
        .then(() => true)
        .catch((e: DatabaseError) => (e.code === "42501" ? false : `unexpected error ${e.code}: ${e.message}`));
      if (inserted === true) violations.push(`${name}: B inserted a row for A`);
      else if (typeof inserted === "string") violations.push(`${name}: insert for A from B failed with ${inserted} instead of an RLS refusal`);
      const moved = await tx
        .savepoint((sp) => sp.unsafe(`update ${qualified} set organization_id = $1 where organization_id = $2`, [orgA, orgB]))
        .catch(() => null);
      if (moved && moved.count !== 0) violations.push(`${name}: B moved ${moved.count} rows into A`);
      throw new Rollback();
    })
    .catch((e) => {
      if (!(e instanceof Rollback)) throw e;
    });

  const [unset] = await appSql.unsafe(`select count(*)::int as n from ${qualified}`);
  if (unset.n !== 0) violations.push(`${name}: with no tenant set, ${unset.n} rows are visible`);

  const [inA] = await appSql.begin(async (tx) => {
    await setTenant(tx, orgA);
    return tx.unsafe(`select count(*)::int as n from ${qualified}`);
  });
  if (inA.n === 0) violations.push(`${name}: A cannot see its own rows`);
  const [after] = await appSql.unsafe(`select count(*)::int as n from ${qualified}`);
  if (after.n !== 0) violations.push(`${name}: right after A's transaction on the same connection, ${after.n} rows are visible`);
  return violations;
}
