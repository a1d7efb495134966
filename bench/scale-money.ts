/**
 * Money-cycle benchmark data, set-based SQL on the owner connection (like scale-project.ts): a
 * portfolio of active projects for the WIP schedule, each with 10 budget lines, a prime contract
 * and its SOV, 5 approved direct-cost vendor invoices (2 lines each) and one certified pay
 * application; every seventh project's contract is below its budget (a loss project). The vendor
 * invoice volume is scale-dataset.ts's addApInvoiceVolume.
 * Amounts are deterministic (hash-based), numeric, 2 decimals.
 */
import type { SqlClient } from "@db/sql-client";

/** 0 ≤ h < n, stable per seed text (hashtext is int4; shift it to non-negative first). */
const h = (seed: string, n: number) => `mod(hashtext(${seed})::bigint + 2147483648, ${n})`;

const LINES_PER_PROJECT = 10;

function asTenant<T>(owner: SqlClient, organizationId: string, fn: (sql: SqlClient) => Promise<T>) {
  return owner.begin(async (sql) => {
    // A table owner is bound by FORCE RLS unless it is a superuser: set the tenant either way.
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    return fn(sql);
  }) as Promise<T>;
}

export async function addPortfolio(owner: SqlClient, organizationId: string, count: number) {
  return asTenant(owner, organizationId, async (sql) => {
    // Only the statements that use $2 (the project count) get it: PostgreSQL must type every parameter sent.
    const run = (text: string) => sql.unsafe(text, text.includes("$2") ? [organizationId, count] : [organizationId]).then((r) => r.count);
    const counts: Record<string, number> = {};
    counts.projects = await run(`
      insert into projects (organization_id, job_number, name, client_name, address, status, contract_type, start_date, end_date)
      select $1, 'W-' || lpad(g::text, 3, '0'), 'Portfolio project ' || g, 'Owner ' || (g % 40 + 1) || ' LLC', g || ' Main St',
             'active', 'lump_sum', date '2025-01-01' + g, date '2027-01-01' + g
      from generate_series(1, $2) g`);
    const portfolio = `select id, row_number() over (order by job_number) as n from projects where organization_id = $1 and job_number like 'W-%'`;
    const leafCodes = `select id, code, name, row_number() over (order by code) as k from cost_codes where organization_id = $1 and code like '%-%' order by code limit ${LINES_PER_PROJECT}`;
    counts.budgetLines = await run(`
      with p as (${portfolio}), c as (${leafCodes}), t as (select id from cost_types where organization_id = $1 order by code limit 1)
      insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, description, original_amount)
      select $1, p.id, c.id, t.id, c.name, round(20000 + ${h("p.n || '-' || c.k", 8000000)} / 100.0, 2)
      from p cross join c cross join t`);
    counts.primeContracts = await run(`
      with p as (${portfolio})
      insert into prime_contracts (organization_id, project_id, owner_name, title, original_sum, retainage_rate)
      select $1, p.id, 'Owner ' || (p.n % 40 + 1) || ' LLC', 'Owner agreement',
             round(sum(b.original_amount) * case when p.n % 7 = 0 then 0.92 else 1.12 end, 2), 0.05
      from p join budget_lines b on b.organization_id = $1 and b.project_id = p.id group by p.id, p.n`);
    counts.sovLines = await run(`
      with p as (${portfolio})
      insert into sov_lines (organization_id, contract_id, line_number, description, cost_code_id, scheduled_value)
      select $1, pc.id, row_number() over (partition by pc.id order by c.code), c.name, c.id,
             round(b.original_amount * case when p.n % 7 = 0 then 0.92 else 1.12 end, 2)
      from p join prime_contracts pc on pc.organization_id = $1 and pc.project_id = p.id
      join budget_lines b on b.organization_id = $1 and b.project_id = p.id
      join cost_codes c on c.organization_id = $1 and c.id = b.cost_code_id`);
    counts.apInvoices = await run(`
      with p as (${portfolio}), v as (select id, row_number() over (order by name) - 1 as n, count(*) over () as total from vendors where organization_id = $1)
      insert into ap_invoices (organization_id, vendor_id, project_id, invoice_number, invoice_date, due_date, status, approved_at)
      select $1, v.id, p.id, 'W' || p.n || '-' || i, date '2026-06-01' + i * 20, date '2026-07-01' + i * 20, 'approved', now()
      from p cross join generate_series(1, 5) i join v on v.n = (p.n + i) % v.total`);
    counts.apInvoiceLines = await run(`
      with i as (select a.id, a.project_id, row_number() over (partition by a.project_id order by a.invoice_number) as k
                 from ap_invoices a join projects p on p.organization_id = a.organization_id and p.id = a.project_id
                 where a.organization_id = $1 and p.job_number like 'W-%'),
           b as (select project_id, cost_code_id, cost_type_id, original_amount, row_number() over (partition by project_id order by description) as k
                 from budget_lines where organization_id = $1)
      insert into ap_invoice_lines (organization_id, ap_invoice_id, line_number, cost_code_id, cost_type_id, description, this_period, amount)
      select $1, i.id, j, b.cost_code_id, b.cost_type_id, 'Direct cost ' || j, x.amount, x.amount
      from i cross join generate_series(1, 2) j
      join b on b.project_id = i.project_id and b.k = (i.k - 1) * 2 + j
      cross join lateral (select round(b.original_amount * (0.2 + ${h("i.id::text || j", 70)} / 100.0), 2) as amount) x`);
    await totalInvoices(sql, organizationId, `'W%'`);
    counts.payApplications = await certifiedApplications(sql, organizationId, portfolio);
    return counts;
  });
}

/** Header totals as the line services keep them: total = Σ amount, retainage = Σ retainage. */
async function totalInvoices(sql: SqlClient, organizationId: string, numberPattern: string) {
  // Fresh statistics first: planned on empty-table estimates, this join is a nested loop over 100k × 100k rows.
  await sql`analyze ap_invoices, ap_invoice_lines`;
  await sql.unsafe(
    `update ap_invoices a set total = s.total, retainage = s.retainage, amount_due = s.total - s.retainage
     from (select ap_invoice_id, sum(amount) as total, sum(retainage) as retainage from ap_invoice_lines where organization_id = $1 group by ap_invoice_id) s
     where a.organization_id = $1 and a.id = s.ap_invoice_id and a.invoice_number like ${numberPattern}`,
    [organizationId],
  );
}

const portfolioIds = `select id from projects where organization_id = $1 and job_number like 'W-%'`;

/** One application per project, 30–80% complete, written as draft then certified (the frozen trigger allows exactly that). */
async function certifiedApplications(sql: SqlClient, organizationId: string, portfolio: string) {
  const created = await sql.unsafe(
    `with p as (${portfolio})
     insert into pay_applications (organization_id, project_id, contract_id, number, period_end, application_date, due_date, retainage_rate)
     select $1, p.id, pc.id, 1, date '2026-09-30', date '2026-09-30', date '2026-10-30', pc.retainage_rate
     from p join prime_contracts pc on pc.organization_id = $1 and pc.project_id = p.id`,
    [organizationId],
  );
  await sql.unsafe(
    `insert into pay_application_lines (organization_id, pay_application_id, sov_line_id, line_number, description, scheduled_value,
                                        this_period, retainage_rate, stored_retainage_rate, retainage_on_completed, retainage)
     select $1, a.id, s.id, s.line_number, s.description, s.scheduled_value, x.done, a.retainage_rate, a.retainage_rate,
            round(x.done * a.retainage_rate, 2), round(x.done * a.retainage_rate, 2)
     from pay_applications a join sov_lines s on s.organization_id = $1 and s.contract_id = a.contract_id
     cross join lateral (select round(s.scheduled_value * (0.3 + ${h("s.id::text", 50)} / 100.0), 2) as done) x
     where a.organization_id = $1 and a.status = 'draft' and a.project_id in (${portfolioIds})`,
    [organizationId],
  );
  await sql.unsafe(
    `update pay_applications a set status = 'certified', certified_at = now(),
       line1_original_contract_sum = pc.original_sum, line3_contract_sum_to_date = pc.original_sum,
       line4_completed_and_stored = l.done, line5a_retainage_completed = l.held, line5_retainage = l.held,
       line6_earned_less_retainage = l.done - l.held, line8_current_payment_due = l.done - l.held,
       line9_balance_to_finish = pc.original_sum - (l.done - l.held)
     from prime_contracts pc, (select pay_application_id, sum(this_period) as done, sum(retainage) as held
                               from pay_application_lines where organization_id = $1 group by pay_application_id) l
     where a.organization_id = $1 and a.status = 'draft' and a.project_id in (${portfolioIds})
       and pc.organization_id = $1 and pc.id = a.contract_id and l.pay_application_id = a.id`,
    [organizationId],
  );
  return created.count;
}

export async function analyzeMoneyTables(owner: SqlClient) {
  await owner`analyze projects, budget_lines, prime_contracts, sov_lines, ap_invoices, ap_invoice_lines, ap_payments, pay_applications, pay_application_lines`;
}
