/**
 * Adds one benchmark-scale project to an organization with set-based SQL on the owner connection:
 * 400 cost codes under the division template × the 5 cost types = 2,000 budget lines; 60 vendors;
 * 200 commitments (190 executed, 4 closed, 6 draft) × 100 lines = 20,000 commitment lines; 100
 * budget transfers; a prime contract with its SOV; 300 change orders (prime and commitment, every
 * status) with 3 lines each. Amounts are deterministic (hash-based), numeric, 2 decimals.
 */
import type { Rows, SqlClient } from "@db/sql-client";

export const SCALE = { costCodes: 400, commitments: 200, linesPerCommitment: 100, changeOrders: 300, linesPerChangeOrder: 3, transfers: 100, vendors: 60 };

export interface ScaleProject {
  organizationId: string;
  projectId: string;
  counts: Record<string, number>;
}

/** 0 ≤ h < n, stable per seed text (hashtext is int4; shift it to non-negative first). */
const h = (seed: string, n: number) => `mod(hashtext(${seed})::bigint + 2147483648, ${n})`;

export async function addScaleProject(owner: SqlClient, organizationId: string, jobNumber: string): Promise<ScaleProject> {
  return owner.begin(async (sql) => {
    // A table owner is bound by FORCE RLS unless it is a superuser: set the tenant either way.
    await sql`select set_config('app.organization_id', ${organizationId}, true)`;
    const [project] = await sql<{ id: string }>`
      insert into projects (organization_id, job_number, name, client_name, address, status, contract_type, start_date, end_date, budget_locked_at)
      values (${organizationId}, ${jobNumber}, 'Northgate Tower (benchmark scale)', 'Northgate Development LLC',
              '2100 Northgate Blvd', 'active', 'gmp', '2025-01-06', '2027-06-30', now())
      returning id`;
    const p = { org: organizationId, project: project.id };
    const step = async (name: string, query: Promise<Rows<unknown>>) => [name, (await query).count] as const;

    const counts = Object.fromEntries([
      await step("costCodes", sql`
        with divisions as (
          select id, code, name, row_number() over (order by code) - 1 as n, count(*) over () as total
          from cost_codes where organization_id = ${p.org} and parent_id is null and code ~ '^[0-9]{2}$')
        insert into cost_codes (organization_id, parent_id, code, name)
        select ${p.org}, d.id, d.code || '-' || (7000 + (g / d.total) * 10), d.name || ' — package ' || (g / d.total + 1)
        from generate_series(0, ${SCALE.costCodes - 1}) g join divisions d on d.n = g % d.total
        on conflict (organization_id, code) do nothing`),
      await step("budgetLines", sql.unsafe(`
        insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, description, original_amount, ftc_mode, ftc_manual)
        select $1, $2, c.id, t.id, c.name || ' — ' || t.name, amount,
               case when ${h("c.code || t.code || 'ftc'", 20)} = 0 then 'manual' else 'auto' end,
               case when ${h("c.code || t.code || 'ftc'", 20)} = 0 then round(amount * 0.15, 2) end
        from cost_codes c cross join cost_types t
        cross join lateral (select round(1000 + ${h("c.code || t.code", 14900000)} / 100.0, 2) as amount) a
        where c.organization_id = $1 and t.organization_id = $1 and c.code ~ '^[0-9]{2}-7[0-9]{2}0$'`, [p.org, p.project])),
      await step("vendors", sql`
        insert into vendors (organization_id, name, contact_name, email, phone)
        select ${p.org}, (array['Granite','Keystone','Meridian','Northwind','Cascade','Ironwood'])[g % 6 + 1] || ' '
               || (array['Concrete','Steel','Mechanical','Electric','Drywall','Glazing','Roofing','Supply','Sitework','Elevator'])[g / 6 % 10 + 1]
               || ' ' || g, 'Contact ' || g, 'vendor' || g || '@bench.example', '555-01' || lpad(g::text, 2, '0')
        from generate_series(0, ${SCALE.vendors - 1}) g
        on conflict (organization_id, name) do nothing`),
      await step("commitments", sql`
        with v as (select id, row_number() over (order by name) - 1 as n from vendors where organization_id = ${p.org} and email like '%@bench.example')
        insert into commitments (organization_id, project_id, vendor_id, number, type, title, retainage_rate, status, executed_at)
        select ${p.org}, ${p.project}, v.id, case when g % 4 = 0 then 'PO-' else 'SC-' end || lpad(g::text, 3, '0'),
               case when g % 4 = 0 then 'purchase_order' else 'subcontract' end, 'Trade package ' || g,
               case when g % 4 = 0 then 0 else 0.10 end,
               case when g % 33 = 0 then 'draft' when g % 50 = 25 then 'closed' else 'executed' end,
               case when g % 33 = 0 then null else now() - (g || ' days')::interval end
        from generate_series(1, ${SCALE.commitments}) g join v on v.n = g % ${SCALE.vendors}`),
      await step("commitmentLines", sql.unsafe(`
        with bl as (select cost_code_id, cost_type_id, original_amount, row_number() over (order by description) - 1 as n
                    from budget_lines where organization_id = $1 and project_id = $2),
             c as (select id, row_number() over (order by number) - 1 as n from commitments where organization_id = $1 and project_id = $2)
        insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, description, amount)
        select $1, c.id, i % ${SCALE.linesPerCommitment} + 1, bl.cost_code_id, bl.cost_type_id, 'Scope item ' || (i % ${SCALE.linesPerCommitment} + 1),
               round(bl.original_amount * (0.07 + ${h("i::text", 40)} / 1000.0), 2)
        from generate_series(0, ${SCALE.commitments * SCALE.linesPerCommitment - 1}) i
        join c on c.n = i / ${SCALE.linesPerCommitment}
        join bl on bl.n = i % (select count(*) from bl)`, [p.org, p.project])),
      await step("budgetTransfers", sql.unsafe(`
        with bl as (select id, row_number() over (order by description) - 1 as n, count(*) over () as total
                    from budget_lines where organization_id = $1 and project_id = $2)
        insert into budget_transfers (organization_id, project_id, from_line_id, to_line_id, amount, reason)
        select $1, $2, f.id, t.id, round(500 + ${h("g::text || 'transfer'", 2000000)} / 100.0, 2), 'Buyout savings reallocated (' || g || ')'
        from generate_series(1, ${SCALE.transfers}) g
        join bl f on f.n = (g * 17) % f.total join bl t on t.n = (g * 17 + 1000) % t.total`, [p.org, p.project])),
      ...(await contractAndChangeOrders(sql, p)),
    ]);
    return { organizationId, projectId: project.id, counts };
  });
}

async function contractAndChangeOrders(sql: SqlClient, p: { org: string; project: string }) {
  const [contract] = await sql<{ id: string }>`
    insert into prime_contracts (organization_id, project_id, owner_name, title, original_sum, retainage_rate, retainage_cap_rate)
    select ${p.org}, ${p.project}, 'Northgate Development LLC', 'Northgate Tower — owner agreement', sum(v), 0.10, 0.05
    from (select round(sum(original_amount) * 1.085, 2) as v from budget_lines where organization_id = ${p.org} and project_id = ${p.project} group by cost_code_id) s
    returning id`;
  const sov = await sql`
    insert into sov_lines (organization_id, contract_id, line_number, description, cost_code_id, scheduled_value)
    select ${p.org}, ${contract.id}, row_number() over (order by c.code), c.name, c.id, round(sum(b.original_amount) * 1.085, 2)
    from budget_lines b join cost_codes c on c.organization_id = b.organization_id and c.id = b.cost_code_id
    where b.organization_id = ${p.org} and b.project_id = ${p.project} group by c.id, c.code, c.name`;
  // Status mix per 20: 10 approved, 4 pending approval, 3 draft (potential), 2 rejected, 1 void.
  // (g / 2): prime (odd g) and commitment (even g) change orders each get the whole mix.
  const mix = "(g / 2) % 20";
  const status = `case when ${mix} < 10 then 'approved' when ${mix} < 14 then 'pending_approval' when ${mix} < 17 then 'draft' when ${mix} < 19 then 'rejected' else 'void' end`;
  const changeOrders = await sql.unsafe(`
    with c as (select id, row_number() over (order by number) - 1 as n, count(*) over () as total
               from commitments where organization_id = $1 and project_id = $2 and status = 'executed')
    insert into change_orders (organization_id, project_id, number, kind, commitment_id, stage, status, title, description, rejection_reason, submitted_at, decided_at)
    select $1, $2, g, case when g % 2 = 1 then 'prime' else 'commitment' end, case when g % 2 = 0 then c.id end,
           case when s = 'draft' then 'potential' else 'change_order' end, s,
           (array['Owner-requested scope change','Unforeseen site condition','Design clarification','Allowance reconciliation','Value engineering credit'])[g % 5 + 1] || ' #' || g,
           'Benchmark change order ' || g, case when s = 'rejected' then 'Not reimbursable under the contract.' end,
           case when s <> 'draft' then now() - interval '20 days' end, case when s in ('approved', 'rejected', 'void') then now() - interval '5 days' end
    from generate_series(1, ${SCALE.changeOrders}) g cross join lateral (select ${status} as s) st
    join c on c.n = (g * 7) % c.total`, [p.org, p.project]);
  const coLines = await sql.unsafe(`
    with bl as (select cost_code_id, cost_type_id, row_number() over (order by description) - 1 as n, count(*) over () as total
                from budget_lines where organization_id = $1 and project_id = $2),
         co as (select id, number, kind, commitment_id from change_orders where organization_id = $1 and project_id = $2)
    insert into change_order_lines (organization_id, change_order_id, line_number, cost_code_id, cost_type_id, description, amount, budget_amount)
    select $1, co.id, k, coalesce(cl.cost_code_id, bl.cost_code_id), coalesce(cl.cost_type_id, bl.cost_type_id), 'Line ' || k, a.amount,
           case when co.kind = 'prime' then round(a.amount * 0.85, 2) end
    from co cross join generate_series(1, ${SCALE.linesPerChangeOrder}) k
    join bl on bl.n = (co.number * 37 + k * 211) % bl.total
    left join commitment_lines cl on cl.organization_id = $1 and cl.commitment_id = co.commitment_id and cl.line_number = (co.number * 13 + k * 29) % 100 + 1
    cross join lateral (select round((1500 + ${h("co.number || '-' || k", 4500000)} / 100.0) * case when (co.number + k) % 10 = 0 then -1 else 1 end, 2) as amount) a`,
  [p.org, p.project]);
  const coSov = await sql`
    insert into sov_lines (organization_id, contract_id, line_number, description, scheduled_value, change_order_id)
    select ${p.org}, ${contract.id}, ${sov.count} + row_number() over (order by co.number), co.title, sum(l.amount), co.id
    from change_orders co join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
    where co.organization_id = ${p.org} and co.project_id = ${p.project} and co.kind = 'prime' and co.status = 'approved'
    group by co.id, co.number, co.title`;
  return [["sovLines", sov.count + coSov.count], ["changeOrders", changeOrders.count], ["changeOrderLines", coLines.count]] as const;
}

/** Fresh statistics after the bulk load, as autovacuum would give a long-running database. */
export async function analyzeFinanceTables(owner: SqlClient) {
  await owner`analyze projects, cost_codes, cost_types, budget_lines, budget_transfers, vendors, commitments, commitment_lines,
    change_orders, change_order_lines, prime_contracts, sov_lines`;
}
