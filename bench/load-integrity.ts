/**
 * The load test's integrity side, on the owner connection:
 * - before the run, what identifies each tenant in a response: its names (organization, members,
 *   projects, clients, vendors) that the other tenant has nowhere in its own data, and the ids of
 *   its rows (any link or form field naming one of them);
 * - after the run, the invariants that must still tie: stored budget figures = a fresh
 *   computation, pay application summaries = their lines, AP invoice totals = their lines,
 *   payments ≤ amounts due, and no row of one tenant pointing at another tenant's row or member.
 */
import Decimal from "decimal.js";
import { sql as sqlText } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@db/schema";
import { storedFigures } from "~/domains/budgets/figure-cache.server";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { queryRows } from "@db/query-rows";
import type { SqlClient } from "@db/sql-client";

export interface TenantMarkers {
  organizationId: string;
  /** Names that only this tenant's data contains (at least 8 characters), as stored. */
  names: string[];
  /** Ids of this tenant's rows (lower-case UUIDs). */
  ids: Set<string>;
}

/** Tables whose ids appear in links and forms. */
const ID_TABLES = ["projects", "vendors", "cost_codes", "budget_lines", "commitments", "change_orders", "prime_contracts", "sov_lines", "ap_invoices", "pay_applications", "imports"];

async function candidateNames(owner: SqlClient, organizationId: string): Promise<string[]> {
  const rows = await owner<{ name: string | null }>`
    select name from organizations where id = ${organizationId}
    union select address from organizations where id = ${organizationId}
    union select u.name from users u join memberships m on m.user_id = u.id where m.organization_id = ${organizationId}
    union select u.email from users u join memberships m on m.user_id = u.id where m.organization_id = ${organizationId}
    union select name from projects where organization_id = ${organizationId}
    union select client_name from projects where organization_id = ${organizationId}
    union select address from projects where organization_id = ${organizationId}
    union select job_number from projects where organization_id = ${organizationId}
    union select name from vendors where organization_id = ${organizationId}
    union select email from vendors where organization_id = ${organizationId}`;
  return rows.map((r) => r.name).filter((n): n is string => !!n);
}

/**
 * Each tenant's markers. A name counts only when it is long enough not to occur by chance and the
 * other tenants' own names never contain it (the same benchmark vendor names exist in both).
 */
export async function collectTenantMarkers(owner: SqlClient, organizationIds: string[]): Promise<Map<string, TenantMarkers>> {
  const names = new Map<string, string[]>();
  for (const id of organizationIds) names.set(id, await candidateNames(owner, id));
  const markers = new Map<string, TenantMarkers>();
  for (const id of organizationIds) {
    const others = organizationIds.filter((o) => o !== id).flatMap((o) => names.get(o)!);
    const own = names.get(id)!.filter((n) => n.length >= 8 && !others.some((o) => o.includes(n)));
    const idRows = await owner.unsafe<{ id: string }>(
      `select id::text from organizations where id = $1
       union all select user_id::text from memberships where organization_id = $1
       ${ID_TABLES.map((t) => `union all select id::text from ${t} where organization_id = $1`).join("\n")}`,
      [id],
    );
    markers.set(id, { organizationId: id, names: own, ids: new Set(idRows.map((r) => r.id)) });
  }
  // A member of several tenants (none in the demo) is no tenant's marker.
  for (const [id, m] of markers)
    for (const [other, o] of markers) {
      if (id === other) continue;
      for (const shared of [...m.ids].filter((x) => o.ids.has(x))) {
        m.ids.delete(shared);
        o.ids.delete(shared);
      }
    }
  return markers;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const XML_ESCAPES: Record<string, string> = { ...HTML_ESCAPES, "'": "&apos;" };
const escapeWith = (map: Record<string, string>) => (s: string) => s.replace(/[&<>"']/g, (c) => map[c]);

/** The forms a name can take in a body: as stored, HTML-escaped (React) and XML-escaped (xlsx). */
export function markerForms(names: string[]): { name: string; forms: string[] }[] {
  return names.map((name) => ({ name, forms: [...new Set([name, escapeWith(HTML_ESCAPES)(name), escapeWith(XML_ESCAPES)(name)])] }));
}

type ForeignNames = { name: string; forms: string[] }[];

/** All forms of all names in one regular expression (one pass over the body instead of one per form), and the name of each form. */
const namePatterns = new WeakMap<ForeignNames, { pattern: RegExp | null; nameOf: Map<string, string> }>();
function namePattern(names: ForeignNames) {
  let cached = namePatterns.get(names);
  if (!cached) {
    const nameOf = new Map(names.flatMap(({ name, forms }) => forms.map((f) => [f, name] as const)));
    // Longer forms first, so one that contains another is the one reported where both match.
    const forms = [...nameOf.keys()].sort((a, b) => b.length - a.length).map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    cached = { pattern: forms.length ? new RegExp(forms.join("|"), "g") : null, nameOf };
    namePatterns.set(names, cached);
  }
  return cached;
}

const HEX = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF") HEX[c.charCodeAt(0)] = 1;
const DASH = 45;
const hexRun = (s: string, from: number, to: number) => {
  for (let j = from; j < to; j++) {
    const c = s.charCodeAt(j);
    if (c > 127 || !HEX[c]) return false;
  }
  return true;
};
const isUuidAt = (s: string, a: number) =>
  a >= 0 &&
  a + 36 <= s.length &&
  hexRun(s, a, a + 8) &&
  s.charCodeAt(a + 8) === DASH &&
  hexRun(s, a + 9, a + 13) &&
  s.charCodeAt(a + 13) === DASH &&
  hexRun(s, a + 14, a + 18) &&
  s.charCodeAt(a + 18) === DASH &&
  hexRun(s, a + 19, a + 23) &&
  s.charCodeAt(a + 23) === DASH &&
  hexRun(s, a + 24, a + 36);

/**
 * The UUIDs in `body`, in order (what /[0-9a-f]{8}-…-[0-9a-f]{12}/gi finds): each "-" is tried as
 * the first dash of one. About 5 × faster than the regular expression on a 200 kB page, which
 * matters at the office profile's 100 requests/s with the load generator on the same cores.
 */
function* uuidsIn(body: string) {
  let dash = body.indexOf("-", 8);
  while (dash !== -1) {
    if (isUuidAt(body, dash - 8)) {
      yield body.slice(dash - 8, dash + 28);
      dash = body.indexOf("-", dash + 28);
    } else dash = body.indexOf("-", dash + 1);
  }
}

/** What of `foreign`'s markers `body` shows: names and row ids (at most a few of each). */
export function foreignMarkersIn(body: string, foreign: { names: ForeignNames; ids: Set<string> }): string[] {
  const found: string[] = [];
  const { pattern, nameOf } = namePattern(foreign.names);
  if (pattern) for (const name of new Set(Array.from(body.matchAll(pattern), (m) => nameOf.get(m[0])!))) found.push(`name "${name}"`);
  let ids = 0;
  for (const id of uuidsIn(body)) {
    if (foreign.ids.has(id.toLowerCase()) && ids++ < 5) found.push(`id ${id}`);
    if (ids >= 5) break;
  }
  return found;
}

export interface IntegrityCheck {
  check: string;
  checked: number;
  failures: string[];
  note?: string;
}

const MAX_LISTED = 10;
const list = (rows: Record<string, unknown>[]) => rows.slice(0, MAX_LISTED).map((r) => JSON.stringify(r));

/** Values equal as numbers when both read as numbers (numeric scale differs: 1.50 = 1.5), else as text. */
function sameValue(a: unknown, b: unknown) {
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  const numeric = /^-?\d+(\.\d+)?$/;
  if (numeric.test(String(a)) && numeric.test(String(b))) return new Decimal(String(a)).eq(String(b));
  return String(a) === String(b);
}

/** For every project whose stored figures are current: every stored row = the same row computed now. */
async function budgetFiguresCheck(owner: SqlClient): Promise<IntegrityCheck> {
  const db = drizzle(owner.pool, { schema, casing: "snake_case" });
  const projects = await owner<{ id: string; organizationId: string; jobNumber: string; organization: string; current: boolean | null }>`
    select p.id, p.organization_id as "organizationId", p.job_number as "jobNumber", o.name as organization,
           s.cached_version = s.source_version as current
    from projects p join organizations o on o.id = p.organization_id
    left join budget_figure_state s on s.organization_id = p.organization_id and s.project_id = p.id order by o.name, p.job_number`;
  const failures: string[] = [];
  const staleProjects: string[] = [];
  let rows = 0;
  for (const project of projects) {
    if (!project.current) {
      staleProjects.push(`${project.organization} ${project.jobNumber}`);
      continue;
    }
    const { stored, fresh } = await db.transaction(async (tx) => {
      await tx.execute(sqlText`select set_config('app.organization_id', ${project.organizationId}, true)`);
      // Re-read the state inside the snapshot that reads the rows: a writer may have committed since.
      const [state] = await queryRows<{ current: boolean }>(tx, sqlText`select cached_version = source_version as current from budget_figure_state where project_id = ${project.id}`);
      if (!state?.current) return { stored: null, fresh: null };
      return {
        stored: await queryRows<Record<string, unknown>>(tx, sqlText`select * from ${storedFigures(project.id)} s`),
        fresh: await queryRows<Record<string, unknown>>(tx, sqlText`select * from (${figuresQuery(project.id)}) f`),
      };
    });
    if (!stored || !fresh) {
      staleProjects.push(`${project.organization} ${project.jobNumber}`);
      continue;
    }
    rows += stored.length;
    const byKey = new Map(fresh.map((r) => [String(r.rowKey), r]));
    if (stored.length !== fresh.length) failures.push(`${project.jobNumber} (${project.id}): ${stored.length} stored rows, ${fresh.length} computed`);
    for (const row of stored) {
      const computed = byKey.get(String(row.rowKey));
      const differing = computed ? Object.keys(row).filter((k) => !sameValue(row[k], computed[k])) : ["(no computed row)"];
      if (differing.length && failures.length < MAX_LISTED)
        failures.push(`${project.jobNumber} row ${String(row.rowKey)}: ${differing.map((k) => `${k} stored ${String(row[k])} vs ${String(computed?.[k])}`).join(", ")}`);
    }
  }
  return {
    check: "stored budget figures = fresh computation (budget_figure_rows vs figuresQuery)",
    checked: projects.length - staleProjects.length,
    failures,
    note:
      `${rows} rows compared` +
      (staleProjects.length ? `; stale after the last change, so recomputed by their next reader (nothing to compare): ${staleProjects.join(", ")}` : ""),
  };
}

async function sqlCheck(owner: SqlClient, check: string, countQuery: string, failureQuery: string): Promise<IntegrityCheck> {
  const [{ n }] = await owner.unsafe<{ n: number }>(countQuery);
  const failures = await owner.unsafe<Record<string, unknown>>(failureQuery);
  return { check, checked: n, failures: list(failures) };
}

const payAppFigures = (owner: SqlClient) =>
  sqlCheck(
    owner,
    "pay applications: line 3 = 1 + 2, 5 = 5a + 5b, 6 = 4 − 5, 8 = 6 − 7, 9 = 3 − 6; progress: line 4 = Σ (D + E + F), 5a/5b = Σ line retainage",
    `select count(*)::int as n from pay_applications`,
    `with l as (select pay_application_id, sum(previous_completed + this_period + stored_now) as g,
                       sum(retainage_on_completed) as r5a, sum(retainage_on_stored) as r5b
                from pay_application_lines group by pay_application_id)
     select a.organization_id, a.id, a.number, a.kind, a.status, a.line4_completed_and_stored as line4, l.g as lines_g,
            a.line5a_retainage_completed as line5a, l.r5a as lines_5a
     from pay_applications a left join l on l.pay_application_id = a.id
     where a.line3_contract_sum_to_date <> a.line1_original_contract_sum + a.line2_net_change
        or a.line5_retainage <> a.line5a_retainage_completed + a.line5b_retainage_stored
        or a.line6_earned_less_retainage <> a.line4_completed_and_stored - a.line5_retainage
        or a.line8_current_payment_due <> a.line6_earned_less_retainage - a.line7_previous_certificates
        or a.line9_balance_to_finish <> a.line3_contract_sum_to_date - a.line6_earned_less_retainage
        or (a.kind = 'progress' and (a.line4_completed_and_stored <> coalesce(l.g, 0)
            or a.line5a_retainage_completed <> coalesce(l.r5a, 0) or a.line5b_retainage_stored <> coalesce(l.r5b, 0)))
     limit ${MAX_LISTED}`,
  );

const apInvoiceTotals = (owner: SqlClient) =>
  sqlCheck(
    owner,
    "AP invoices: total = Σ line amounts + Σ retainage released, retainage = Σ line retainage, amount due = total − retainage",
    `select count(*)::int as n from ap_invoices`,
    `select i.organization_id, i.id, i.invoice_number, i.kind, i.status, i.total, l.amount as lines_amount, i.retainage, l.retainage as lines_retainage
     from ap_invoices i
     left join (select ap_invoice_id, sum(amount + retainage_released) as amount, sum(retainage) as retainage from ap_invoice_lines group by ap_invoice_id) l
       on l.ap_invoice_id = i.id
     where i.total <> coalesce(l.amount, 0) or i.retainage <> coalesce(l.retainage, 0) or i.amount_due <> i.total - i.retainage
     limit ${MAX_LISTED}`,
  );

const apPayments = (owner: SqlClient) =>
  sqlCheck(
    owner,
    "AP payments: Σ payments ≤ amount due; a paid invoice is paid exactly; the stored amount paid (open balance) = Σ payments",
    `select count(*)::int as n from ap_invoices`,
    `select i.organization_id, i.id, i.invoice_number, i.status, i.amount_due, p.paid, i.amount_paid as stored_paid
     from ap_invoices i left join (select ap_invoice_id, sum(amount) as paid from ap_payments group by ap_invoice_id) p on p.ap_invoice_id = i.id
     where coalesce(p.paid, 0) > i.amount_due or (i.status = 'paid' and coalesce(p.paid, 0) <> i.amount_due) or i.amount_paid <> coalesce(p.paid, 0)
     limit ${MAX_LISTED}`,
  );

const apListTotals = (owner: SqlClient) =>
  sqlCheck(
    owner,
    "AP list totals: the stored sums per project × vendor × status (ap_invoice_totals) = Σ of the invoices",
    `select count(*)::int as n from ap_invoice_totals`,
    `select coalesce(f.organization_id, s.organization_id) as organization_id, coalesce(f.project_id, s.project_id) as project_id,
            coalesce(f.vendor_id, s.vendor_id) as vendor_id, coalesce(f.status, s.status) as status, f.n, s.invoices, f.due, s.amount_due, f.paid, s.amount_paid
     from (select organization_id, project_id, vendor_id, status, count(*)::int as n, sum(total) as total, sum(retainage) as retainage,
                  sum(amount_due) as due, sum(amount_paid) as paid from ap_invoices group by 1, 2, 3, 4) f
     full join ap_invoice_totals s using (organization_id, project_id, vendor_id, status)
     where (coalesce(f.n, 0), coalesce(f.total, 0), coalesce(f.retainage, 0), coalesce(f.due, 0), coalesce(f.paid, 0))
        <> (coalesce(s.invoices, 0), coalesce(s.total, 0), coalesce(s.retainage, 0), coalesce(s.amount_due, 0), coalesce(s.amount_paid, 0))
     limit ${MAX_LISTED}`,
  );

const arPayments = (owner: SqlClient) =>
  sqlCheck(
    owner,
    "AR payments: Σ received ≤ line 8 of the certified application; a paid application is paid exactly",
    `select count(*)::int as n from pay_applications where status in ('certified', 'paid')`,
    `select a.organization_id, a.id, a.number, a.status, a.line8_current_payment_due as due, r.received
     from pay_applications a left join (select pay_application_id, sum(amount) as received from ar_payments group by pay_application_id) r
       on r.pay_application_id = a.id
     where coalesce(r.received, 0) > a.line8_current_payment_due or (a.status = 'paid' and coalesce(r.received, 0) <> a.line8_current_payment_due)
        or (a.status in ('draft', 'submitted') and r.received is not null)
     limit ${MAX_LISTED}`,
  );

interface ForeignKey {
  name: string;
  child: string;
  parent: string;
  childColumns: string[];
  parentColumns: string[];
}

/**
 * Every foreign key from a tenant table: to another tenant table, the referenced row belongs to
 * the same organization (trivially when the key includes organization_id, as the schema's tenant
 * keys do; checked row by row otherwise); to users, the user is a member of the row's organization.
 */
async function crossTenantReferences(owner: SqlClient): Promise<IntegrityCheck> {
  const keys = await owner<ForeignKey>`
    select c.conname as name, c.conrelid::regclass::text as child, c.confrelid::regclass::text as parent,
      array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n order by k.i) as "childColumns",
      array(select a.attname::text from unnest(c.confkey) with ordinality k(n, i) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n order by k.i) as "parentColumns"
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = 'public'::regnamespace
      and exists (select 1 from pg_attribute a where a.attrelid = c.conrelid and a.attname = 'organization_id' and not a.attisdropped)
    order by 2, 1`;
  const tenantTables = new Set(
    (await owner<{ t: string }>`select attrelid::regclass::text as t from pg_attribute where attname = 'organization_id' and not attisdropped`).map((r) => r.t),
  );
  const failures: string[] = [];
  let composite = 0;
  let rowChecked = 0;
  for (const key of keys) {
    const orgIndex = key.childColumns.indexOf("organization_id");
    if (tenantTables.has(key.parent) && orgIndex >= 0 && key.parentColumns[orgIndex] === "organization_id") {
      composite++;
      continue;
    }
    let query: string | null = null;
    if (key.parent === "users")
      query = `select count(*)::int as n from ${key.child} c where c.${key.childColumns[0]} is not null
               and not exists (select 1 from memberships m where m.organization_id = c.organization_id and m.user_id = c.${key.childColumns[0]})`;
    else if (tenantTables.has(key.parent))
      query = `select count(*)::int as n from ${key.child} c join ${key.parent} p on ${key.childColumns.map((col, i) => `c.${col} = p.${key.parentColumns[i]}`).join(" and ")}
               where c.organization_id is distinct from p.organization_id`;
    else if (key.parent === "organizations") {
      composite++;
      continue;
    }
    if (!query) continue;
    rowChecked++;
    const [{ n }] = await owner.unsafe<{ n: number }>(query);
    if (n > 0) failures.push(`${key.child}.${key.childColumns.join(",")} → ${key.parent} (${key.name}): ${n} rows point outside their organization`);
  }
  return {
    check: "no row references another tenant's row or a non-member user (every foreign key of a tenant table)",
    checked: keys.length,
    failures,
    note: `${composite} keys include organization_id (enforced by PostgreSQL), ${rowChecked} checked row by row`,
  };
}

export async function integrityChecks(owner: SqlClient): Promise<IntegrityCheck[]> {
  return [await budgetFiguresCheck(owner), await payAppFigures(owner), await apInvoiceTotals(owner), await apPayments(owner), await apListTotals(owner), await arPayments(owner), await crossTenantReferences(owner)];
}
