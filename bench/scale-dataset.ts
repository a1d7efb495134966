/**
 * The demo scale of QUALITY.md for one organization, built from the benchmark seeders with
 * set-based SQL on the owner connection:
 * - the benchmark-scale project N-2000 (addScaleProject: 400 cost codes × 5 types = 2,000 budget
 *   lines, 200 commitments × 100 = 20,000 commitment lines, 300 change orders, a prime contract);
 * - a portfolio of 100 active projects (addPortfolio: budgets, contracts, SOV, invoices and one
 *   certified pay application each);
 * - 50,000 direct-cost vendor invoices × 2 lines = 100,000 AP invoice lines on N-2000, dated over
 *   the project's first 21 months (addApInvoiceVolume, built in seconds);
 * - ten monthly pay applications on N-2000 (≈ 475 lines each), the oldest eight paid;
 * - a cost code library of 2,000+ codes (the ones no budget uses yet are realistic too).
 * Each step is skipped when its rows are already there, so a run that stopped half-way resumes
 * and a second run changes nothing.
 */
import { sql as sqlText } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "@db/schema";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import type { Tx } from "~/utils/db.server";
import { addPortfolio, analyzeMoneyTables } from "./scale-money";
import { addScaleProject, analyzeFinanceTables } from "./scale-project";
import { addScalePhotos } from "./scale-photos";
import { addScalePunch } from "./scale-punch";
import { addScaleSchedule } from "./scale-schedule";
import { queryRows } from "@db/query-rows";
import type { SqlClient } from "@db/sql-client";
import { addScaleDailyLogs } from "./scale-daily-logs";

export const SCALE_JOB_NUMBER = "N-2000";

export const DATASET = { portfolioProjects: 100, apInvoices: 50_000, payApplications: 10, paidApplications: 8, costCodes: 2_000, photos: 2_000 };

/** QUALITY.md "Demo scale for benchmarks", per organization (the issue adds 2,000 cost codes). */
export const SCALE_TARGETS: Record<string, number> = {
  projects: 100,
  cost_codes: 2_000,
  ap_invoice_lines: 100_000,
  commitment_lines: 20_000,
  pay_application_lines: 5_000,
};

/** The tables counted per organization, in the order they are printed. */
export const COUNTED_TABLES = [
  "projects",
  "cost_codes",
  "budget_lines",
  "vendors",
  "commitments",
  "commitment_lines",
  "change_orders",
  "change_order_lines",
  "sov_lines",
  "ap_invoices",
  "ap_invoice_lines",
  "ap_payments",
  "pay_applications",
  "pay_application_lines",
  "ar_payments",
] as const;

/** 0 ≤ h < n, stable per seed text (hashtext is int4; shift it to non-negative first). */
const h = (seed: string, n: number) => `mod(hashtext(${seed})::bigint + 2147483648, ${n})`;

export interface ScaleDataset {
  organizationId: string;
  /** The benchmark-scale project (N-2000): the budget, job cost, AP volume and pay applications. */
  projectId: string;
  /** The steps this call ran (empty when the organization was already at scale), with their seconds. */
  added: string[];
  /** Rows the steps that ran inserted, by seeder field. */
  inserted: Record<string, number>;
}

function asTenant<T>(owner: SqlClient, organizationId: string, fn: (sql: SqlClient) => Promise<T>) {
  return owner.begin(async (sql) => {
    // A table owner is bound by FORCE RLS unless it is a superuser: set the tenant either way.
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    return fn(sql);
  }) as Promise<T>;
}

const exists = async (owner: SqlClient, organizationId: string, query: string, params: (string | number)[] = []) =>
  asTenant(owner, organizationId, async (sql) => (await sql.unsafe(`select exists (${query}) as found`, [organizationId, ...params]))[0].found as boolean);

export async function addScaleDataset(owner: SqlClient, organizationId: string): Promise<ScaleDataset> {
  const added: string[] = [];
  const inserted: Record<string, number> = {};
  let last = performance.now();
  const note = (step: string, counts: Record<string, number>) => {
    added.push(`${step} ${((performance.now() - last) / 1000).toFixed(1)} s`);
    last = performance.now();
    for (const [k, v] of Object.entries(counts)) inserted[k] = (inserted[k] ?? 0) + v;
  };

  let projectId = await scaleProjectId(owner, organizationId);
  if (!projectId) {
    const project = await addScaleProject(owner, organizationId, SCALE_JOB_NUMBER);
    projectId = project.projectId;
    note("scale project", project.counts);
  }
  if (!(await exists(owner, organizationId, `select 1 from projects where organization_id = $1 and job_number like 'W-%'`)))
    note("portfolio", await addPortfolio(owner, organizationId, DATASET.portfolioProjects));
  if (!(await exists(owner, organizationId, `select 1 from ap_invoices where organization_id = $1 and project_id = $2 and invoice_number like 'B-%'`, [projectId])))
    note("AP volume", await addApInvoiceVolume(owner, organizationId, projectId, DATASET.apInvoices));
  if (!(await exists(owner, organizationId, `select 1 from pay_applications where organization_id = $1 and project_id = $2`, [projectId])))
    note("pay applications", await addMonthlyPayApplications(owner, organizationId, projectId));
  if (!(await exists(owner, organizationId, `select 1 from photos where organization_id = $1 and project_id = $2`, [projectId])))
    note("photos", await addScalePhotos(owner, organizationId, projectId, DATASET.photos));
  if (!(await exists(owner, organizationId, `select 1 from punch_items where organization_id = $1 and project_id = $2`, [projectId])))
    note("punch items", await addScalePunch(owner, organizationId, projectId, 2_000));
  if (!(await exists(owner, organizationId, `select 1 from daily_logs where organization_id = $1 and project_id = $2`, [projectId]))) note("daily logs", await addScaleDailyLogs(owner, organizationId, projectId));
  if (!(await exists(owner, organizationId, `select 1 from project_milestones where organization_id = $1 and project_id = $2`, [projectId]))) note("schedule", await addScaleSchedule(owner, organizationId, projectId));
  const codes = await fillCostCodeLibrary(owner, organizationId);
  if (codes > 0) note("cost code library", { costCodes: codes });
  if (added.length) {
    await analyzeFinanceTables(owner);
    await analyzeMoneyTables(owner);
    await owner`analyze ar_payments`;
    await refreshAllFigures(owner, organizationId);
    note("statistics and budget figures", {});
  }
  return { organizationId, projectId, added, inserted };
}

async function scaleProjectId(owner: SqlClient, organizationId: string): Promise<string | null> {
  const rows = await asTenant(owner, organizationId, (sql) => sql<{ id: string }>`
    select id from projects where organization_id = ${organizationId} and job_number = ${SCALE_JOB_NUMBER}`);
  return rows[0]?.id ?? null;
}

/**
 * Monthly progress applications on the scale project's contract (January 2025 on), each written
 * as a draft, given its continuation sheet and certified with its G702 figures (the frozen trigger
 * refuses lines on a certified application). Every SOV line starts in one of the first four months
 * and reaches 25–45 % by the last application, so retainage (10 %) stays under the contract's 5 %
 * cap and the figures are plain sums: G = D + E, I = round(rate × G), line 4 = Σ G, line 5 = Σ I,
 * line 7 = the previous application's line 6. The oldest ones are paid in full (AR payments).
 */
async function addMonthlyPayApplications(owner: SqlClient, organizationId: string, projectId: string) {
  return asTenant(owner, organizationId, async (sql) => {
    const count = DATASET.payApplications;
    let lines = 0;
    for (let k = 1; k <= count; k++) {
      const [app] = await sql.unsafe<{ id: string }>(
        `insert into pay_applications (organization_id, project_id, contract_id, number, period_end, application_date, due_date,
                                       retainage_rate, retainage_cap_rate, retainage_band_basis, retainage_bands)
         select $1, $2, pc.id, $3::int, m.period_end, m.period_end, m.period_end + 30, pc.retainage_rate, pc.retainage_cap_rate, pc.retainage_band_basis, pc.retainage_bands
         from prime_contracts pc
         cross join lateral (select (date '2025-01-01' + make_interval(months => $3::int) - interval '1 day')::date as period_end) m
         where pc.organization_id = $1 and pc.project_id = $2
         returning id`,
        [organizationId, projectId, k],
      );
      const share = `0.25 + ${h("s.id::text", 200)} / 1000.0`;
      const start = h("s.id::text || 'start'", 4);
      const toDate = (n: string) => `round(s.scheduled_value * p.share * greatest(0, ${n} - p.first_month)::numeric / ($4::int - p.first_month), 2)`;
      const inserted = await sql.unsafe(
        `insert into pay_application_lines (organization_id, pay_application_id, sov_line_id, line_number, description, scheduled_value,
                                            previous_completed, this_period, retainage_rate, stored_retainage_rate, retainage_on_completed, retainage)
         select $1, a.id, s.id, s.line_number, s.description, s.scheduled_value, x.done_before, x.done_now - x.done_before, a.retainage_rate, a.retainage_rate,
                round(x.done_now * a.retainage_rate, 2), round(x.done_now * a.retainage_rate, 2)
         from pay_applications a join sov_lines s on s.organization_id = $1 and s.contract_id = a.contract_id
         cross join lateral (select ${share} as share, ${start} as first_month) p
         cross join lateral (select ${toDate("$3::int")} as done_now, ${toDate("($3::int - 1)")} as done_before) x
         where a.organization_id = $1 and a.id = $2`,
        [organizationId, app.id, k, count],
      );
      lines += inserted.count;
      await sql.unsafe(
        `update pay_applications a set status = 'certified',
           submitted_at = a.period_end + interval '3 days 9 hours', certified_at = a.period_end + interval '10 days 14 hours',
           line1_original_contract_sum = pc.original_sum, line2_net_change = l.scheduled - pc.original_sum, line3_contract_sum_to_date = l.scheduled,
           line4_completed_and_stored = l.done, line5a_retainage_completed = l.held, line5_retainage = l.held,
           line6_earned_less_retainage = l.done - l.held, line7_previous_certificates = prev.line6,
           line8_current_payment_due = l.done - l.held - prev.line6, line9_balance_to_finish = l.scheduled - (l.done - l.held)
         from prime_contracts pc,
              (select sum(scheduled_value) as scheduled, sum(previous_completed + this_period + stored_now) as done, sum(retainage) as held
               from pay_application_lines where organization_id = $1 and pay_application_id = $2) l,
              (select coalesce(max(p.line6_earned_less_retainage), 0) as line6 from pay_applications p
               join pay_applications cur on cur.organization_id = p.organization_id and cur.id = $2
               where p.organization_id = $1 and p.project_id = cur.project_id and p.number = cur.number - 1) prev
         where a.organization_id = $1 and a.id = $2 and pc.organization_id = $1 and pc.id = a.contract_id`,
        [organizationId, app.id],
      );
    }
    const [overCap] = await sql.unsafe<{ n: number }>(
      `select count(*)::int as n from pay_applications
       where organization_id = $1 and project_id = $2 and retainage_cap_rate is not null
         and line5_retainage > round(line3_contract_sum_to_date * retainage_cap_rate, 2)`,
      [organizationId, projectId],
    );
    if (overCap.n > 0) throw new Error(`${overCap.n} generated pay applications hold more retainage than the contract's cap`);
    const payments = await sql.unsafe(
      `insert into ar_payments (organization_id, pay_application_id, received_on, amount, method, reference)
       select $1, id, due_date - 3, line8_current_payment_due, 'ach', 'ACH remittance #' || number
       from pay_applications where organization_id = $1 and project_id = $2 and number <= $3::int and line8_current_payment_due > 0`,
      [organizationId, projectId, DATASET.paidApplications],
    );
    await sql.unsafe(
      `update pay_applications a set status = 'paid', version = version + 1
       where organization_id = $1 and project_id = $2
         and exists (select 1 from ar_payments r where r.organization_id = $1 and r.pay_application_id = a.id and r.amount = a.line8_current_payment_due)`,
      [organizationId, projectId],
    );
    return { payApplications: count, payApplicationLines: lines, arPayments: payments.count };
  });
}

/**
 * `invoices` direct-cost invoices B-000001… with 2 lines each on one project (70 % paid in full,
 * 20 % approved, 10 % draft), dated in number order over the project's first 21 months, with
 * small-purchase amounts (20–420 a line) that stay within the budget, in one pass per table. The
 * budget line each invoice line picks is an array element, not a join on a window count
 * (`b.n = (…) % b.total`), which PostgreSQL can only nest-loop: 100,000 × 2,000 comparisons.
 */
export async function addApInvoiceVolume(owner: SqlClient, organizationId: string, projectId: string, invoices: number) {
  return asTenant(owner, organizationId, async (sql) => {
    const run = (text: string, params: (string | number)[] = []) => sql.unsafe(text, [organizationId, projectId, ...params]).then((r) => r.count);
    // Line j of invoice g; the header totals are the sums of the same expressions, so no second pass updates 50,000 headers.
    const amount = (g: string, j: string) => `round(20 + ${h(`${g} || '-' || ${j}`, 40000)} / 100.0, 2)`;
    const apInvoices = await run(
      `with v as (select id, row_number() over (order by name) - 1 as n, count(*) over () as total from vendors where organization_id = $1),
            p as (select start_date from projects where organization_id = $1 and id = $2)
       insert into ap_invoices (organization_id, vendor_id, project_id, invoice_number, invoice_date, due_date, description, status, approved_at,
                                total, amount_due)
       select $1, v.id, $2, 'B-' || lpad(g::text, 6, '0'), d.invoice_date, d.invoice_date + 30, 'Materials and rentals, delivery ' || g,
              case when g % 10 < 7 then 'paid' when g % 10 < 9 then 'approved' else 'draft' end,
              case when g % 10 < 9 then d.invoice_date + interval '5 days 10 hours' end, t.total, t.total
       from generate_series(1, $3::int) g join v on v.n = g % v.total cross join p
       cross join lateral (select p.start_date + (g::bigint * 650 / $3::int)::int as invoice_date) d
       cross join lateral (select ${amount("g", "1")} + ${amount("g", "2")} as total) t`,
      [invoices],
    );
    // The budget lines as one row of arrays, computed once (materialized): each invoice line picks
    // its element, so no plan can turn the pick into 100,000 × 2,000 work, whatever the (stale) statistics say.
    const apInvoiceLines = await run(
      `with b as materialized (select array_agg(cost_code_id order by description) as codes, array_agg(cost_type_id order by description) as types, count(*)::int as n
                  from budget_lines where organization_id = $1 and project_id = $2),
            i as (select id, substr(invoice_number, 3)::int as g from ap_invoices
                  where organization_id = $1 and project_id = $2 and invoice_number like 'B-%')
       insert into ap_invoice_lines (organization_id, ap_invoice_id, line_number, cost_code_id, cost_type_id, description, this_period, amount)
       select $1, i.id, j, b.codes[k.pick], b.types[k.pick], (array['Materials', 'Equipment rental', 'Small tools', 'Freight'])[(i.g + j) % 4 + 1],
              k.amount, k.amount
       from i cross join generate_series(1, 2) j cross join b
       cross join lateral (select (i.g * 2 + j) % b.n + 1 as pick, ${amount("i.g", "j")} as amount) k`,
    );
    const apPayments = await run(
      `insert into ap_payments (organization_id, ap_invoice_id, paid_on, amount, method, reference)
       select $1, id, due_date - 2, amount_due, case when invoice_number like '%3' then 'check' else 'ach' end, 'Payment ' || invoice_number from ap_invoices
       where organization_id = $1 and project_id = $2 and status = 'paid' and invoice_number like 'B-%'`,
    );
    return { apInvoices, apInvoiceLines, apPayments };
  });
}

const LIBRARY_AREAS = ["Building A", "Building B", "Level 1", "Level 2", "Level 3", "Roof", "Podium", "Parking garage", "Site", "Phase 2"];

/** Leaf codes dd-9000… under each division until the organization has DATASET.costCodes codes. */
async function fillCostCodeLibrary(owner: SqlClient, organizationId: string) {
  return asTenant(owner, organizationId, async (sql) => {
    const [{ n }] = await sql<{ n: number }>`select count(*)::int as n from cost_codes where organization_id = ${organizationId}`;
    const missing = DATASET.costCodes - n;
    if (missing <= 0) return 0;
    const areas = `array[${LIBRARY_AREAS.map((a) => `'${a}'`).join(", ")}]`;
    const result = await sql.unsafe(
      `with divisions as (
         select id, code, name, row_number() over (order by code) - 1 as n, count(*) over () as total
         from cost_codes where organization_id = $1 and parent_id is null and code ~ '^[0-9]{2}$'),
       candidates as (
         select d.id as parent_id, d.code || '-' || (9000 + (g / d.total) * 10) as code,
                d.name || ' — ' || (${areas})[(g / d.total) % ${LIBRARY_AREAS.length} + 1] || ' alternate ' || (g / d.total / ${LIBRARY_AREAS.length} + 1) as name, g
         from generate_series(0, $2::int + 99) g join divisions d on d.n = g % d.total)
       insert into cost_codes (organization_id, parent_id, code, name)
       select $1, c.parent_id, c.code, c.name from candidates c
       where not exists (select 1 from cost_codes e where e.organization_id = $1 and e.code = c.code)
       order by c.g limit $2::int`,
      [organizationId, missing],
    );
    return result.count;
  });
}

/** The stored budget figures of every project, computed now so no first page view pays for it. */
export async function refreshAllFigures(owner: SqlClient, organizationId: string) {
  const db = drizzle(owner.pool, { schema, casing: "snake_case" });
  await db.transaction(async (tx) => {
    await tx.execute(sqlText`select set_config('app.organization_id', ${organizationId}, true)`);
    const projects = await queryRows<{ id: string }>(tx, sqlText`select id from projects where organization_id = ${organizationId}`);
    for (const { id } of projects) await refreshFigures(tx as unknown as Tx, id);
  });
}

/** Rows per counted table for one organization. */
export async function scaleCounts(owner: SqlClient, organizationId: string): Promise<Record<string, number>> {
  const columns = COUNTED_TABLES.map((t) => `(select count(*)::int from ${t} where organization_id = $1) as ${t}`);
  const [row] = await asTenant(owner, organizationId, (sql) => sql.unsafe<Record<string, number>>(`select ${columns.join(", ")}`, [organizationId]));
  return row;
}

/** The targets a count falls short of, as "table: n < target". */
export function missedTargets(counts: Record<string, number>): string[] {
  return Object.entries(SCALE_TARGETS).flatMap(([table, target]) => (counts[table] >= target ? [] : [`${table}: ${counts[table]} < ${target}`]));
}
