/**
 * A project's opening cost to date (ADR 0014): cost incurred before the app and NOT under a
 * commitment, per cost code × cost type. It is actual cost (a direct cost) in the budget figures,
 * never a payable (no AP aging, no approval). The set is replaced as a whole.
 */
import { sql, type SQL } from "drizzle-orm";
import { openingCosts } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { requireBudgetProject } from "../budgets/project-scope.server";
import { OpeningRefused } from "./opening-refused";
import type { OpeningCostsInput } from "./openings.schema";

export type OpeningCostLine = {
  id: string;
  costCodeId: string;
  costTypeId: string;
  costCode: string;
  costType: string;
  amount: string;
  asOf: string;
  note: string;
};

/** The project's opening cost lines, in cost code order. */
export async function listOpeningCosts(tx: Tx, projectId: string): Promise<OpeningCostLine[]> {
  const rows = await queryRows<OpeningCostLine>(tx, sql`
    select o.id, o.cost_code_id as "costCodeId", o.cost_type_id as "costTypeId", c.code || ' ' || c.name as "costCode", t.name as "costType",
      o.amount::text as amount, o.as_of::text as "asOf", o.note
    from opening_costs o
    join cost_codes c on c.id = o.cost_code_id
    join cost_types t on t.id = o.cost_type_id
    where o.project_id = ${projectId}
    order by c.code collate "C", t.sort_order, t.name`);
  return rows.map((r) => ({ ...r }));
}

/** Refuses rows whose cost code or cost type is unknown or inactive in this organization, naming the row. */
async function assertActiveChoices(tx: Tx, lines: OpeningCostsInput["lines"]) {
  if (!lines.length) return;
  const ids = (key: "costCodeId" | "costTypeId") => sql.join([...new Set(lines.map((l) => l[key]))].map((id) => sql`${id}::uuid`), sql`, `);
  const [found] = await queryRows<{ codes: string[]; types: string[] }>(tx, sql`
    select array(select id::text from cost_codes where active and id in (${ids("costCodeId")})) as codes,
      array(select id::text from cost_types where active and id in (${ids("costTypeId")})) as types`);
  const [codes, types] = [new Set(found.codes), new Set(found.types)];
  for (const { row, costCodeId, costTypeId } of lines) {
    if (!codes.has(costCodeId)) throw new OpeningRefused(`Row ${row + 1}: choose an active cost code of this organization.`, `lines[${row}].costCodeId`);
    if (!types.has(costTypeId)) throw new OpeningRefused(`Row ${row + 1}: choose an active cost type of this organization.`, `lines[${row}].costTypeId`);
  }
}

/**
 * Replaces the project's opening cost with `input.lines`, in one transaction with its audit row.
 * The project row is locked first, so two saves of the same grid run one after the other.
 */
export async function replaceOpeningCosts(tx: Tx, projectId: string, input: OpeningCostsInput) {
  await requireBudgetProject(tx, projectId);
  await tx.execute(sql`select id from projects where id = ${projectId} for no key update`);
  await assertActiveChoices(tx, input.lines);
  const before = await listOpeningCosts(tx, projectId);
  await tx.execute(sql`delete from opening_costs where project_id = ${projectId}`);
  if (input.lines.length)
    await tx.insert(openingCosts).values(
      input.lines.map(({ costCodeId, costTypeId, amount, asOf, note }) => ({ organizationId: sql`${currentOrganizationId}`, projectId, costCodeId, costTypeId, amount, asOf, note })),
    );
  const after = await listOpeningCosts(tx, projectId);
  await recordAudit(tx, { entityType: "project", entityId: projectId, action: "opening_costs_replaced", before: { openingCosts: before }, after: { openingCosts: after } });
  return after;
}

/**
 * Opening cost per project as of a date (for WIP at a period end): project openings and the opening
 * billed of executed or closed commitments whose as-of date is on or before `asOf`. A relation of
 * (project_id, cost_code_id, cost_type_id, amount, direct, posted); use as `(${openingCostAsOf(date)}) o`.
 * It is the "openingCost" figure of figures-query.server.ts restricted to entries as of that date;
 * `direct` is the project openings (a direct cost, also in projected cost) and `posted` the
 * commitment openings (already in committed), as ADR 0014 counts them.
 */
export function openingCostAsOf(asOf: string): SQL {
  return sql`
    select project_id, cost_code_id, cost_type_id, sum(amount) as amount,
      coalesce(sum(amount) filter (where not on_commitment), 0) as direct, coalesce(sum(amount) filter (where on_commitment), 0) as posted
    from (
      select o.project_id, o.cost_code_id, o.cost_type_id, o.amount, false as on_commitment from opening_costs o where o.as_of <= ${asOf}::date
      union all
      select c.project_id, l.cost_code_id, l.cost_type_id, o.billed_to_date, true
      from commitment_line_openings o
      join commitments c on c.id = o.commitment_id
      join commitment_lines l on l.id = o.commitment_line_id
      where o.as_of <= ${asOf}::date and c.status in ('executed', 'closed')
    ) openings
    group by project_id, cost_code_id, cost_type_id`;
}
