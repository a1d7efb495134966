import type { SheetKey } from "./masterfile-spec";

/**
 * How each masterfile sheet lands in its business table: an `INSERT … SELECT` from the sheet's
 * temp table (alias `t`, every column text, named like the spec key in snake_case), joined to the
 * records its natural keys name, upserting on the table's natural-key unique index. Column
 * entries: [table column, select expression, spec key whose presence in the file lets an update
 * overwrite it (null: never updated, it is part of the key)].
 */
export type Upsert = {
  table: string;
  joins: string;
  columns: [string, string, string | null][];
  conflict: string;
  /** Extra SET items on update. */
  touch: string[];
  /** Only rows matching this may be updated (others make the commit refuse). */
  updateWhere?: string;
};

const touchVersioned = (table: string) => ["updated_at = now()", `version = ${table}.version + 1`];

/** Opening positions go through the receivables service instead (masterfile-opening-commit.server.ts). */
type UpsertedSheet = Exclude<SheetKey, "vendors" | "openingPositions" | "openingBilling">;

export const UPSERTS: Record<UpsertedSheet, Upsert> = {
  projects: {
    table: "projects",
    joins: "",
    columns: [
      ["job_number", "t.job_number", null],
      ["name", "t.name", "name"],
      ["client_name", "coalesce(t.client_name, '')", "clientName"],
      ["address", "coalesce(t.address, '')", "address"],
      ["status", "t.status", "status"],
      ["contract_type", "t.contract_type", "contractType"],
      ["start_date", "t.start_date::date", "startDate"],
      ["end_date", "t.end_date::date", "endDate"],
      ["default_retainage_rate", "t.default_retainage_percent::numeric", "defaultRetainagePercent"],
    ],
    conflict: "(organization_id, job_number)",
    touch: touchVersioned("projects"),
  },
  costCodes: {
    table: "cost_codes",
    joins: "",
    columns: [
      ["code", "t.code", null],
      ["name", "t.name", "name"],
    ],
    conflict: "(organization_id, code)",
    touch: touchVersioned("cost_codes"),
  },
  budgetLines: {
    table: "budget_lines",
    joins: `join projects p on p.job_number = t.job_number and p.budget_locked_at is null
      join cost_codes cc on cc.code = t.cost_code join cost_types ct on ct.code = t.cost_type`,
    columns: [
      ["project_id", "p.id", null],
      ["cost_code_id", "cc.id", null],
      ["cost_type_id", "ct.id", null],
      ["description", "coalesce(t.description, '')", "description"],
      ["original_amount", "t.original_amount::numeric", "originalAmount"],
    ],
    conflict: "(organization_id, project_id, cost_code_id, cost_type_id)",
    touch: touchVersioned("budget_lines"),
  },
  commitments: {
    table: "commitments",
    joins: `join projects p on p.job_number = t.job_number
      join lateral (select v.id from vendors v where v.name = t.vendor or (v.tax_id <> '' and v.tax_id = t.vendor)
        order by (v.name = t.vendor) desc limit 1) v on true`,
    columns: [
      ["project_id", "p.id", null],
      ["number", "t.number", null],
      ["vendor_id", "v.id", "vendor"],
      ["type", "t.type", "type"],
      ["title", "t.title", "title"],
      ["retainage_rate", "coalesce(t.retainage_percent::numeric, 0)", "retainagePercent"],
    ],
    conflict: "(organization_id, project_id, number)",
    touch: touchVersioned("commitments"),
    updateWhere: "commitments.status = 'draft'",
  },
  commitmentLines: {
    table: "commitment_lines",
    joins: `join projects p on p.job_number = t.job_number
      join commitments c on c.project_id = p.id and c.number = t.commitment_number and c.status = 'draft'
      join cost_codes cc on cc.code = t.cost_code join cost_types ct on ct.code = t.cost_type`,
    columns: [
      ["commitment_id", "c.id", null],
      ["line_number", "t.line_number::integer", null],
      ["cost_code_id", "cc.id", "costCode"],
      ["cost_type_id", "ct.id", "costType"],
      ["description", "coalesce(t.description, '')", "description"],
      ["amount", "t.amount::numeric", "amount"],
    ],
    conflict: "(organization_id, commitment_id, line_number)",
    touch: [],
  },
  milestones: {
    table: "project_milestones",
    joins: "join projects p on p.job_number = t.job_number",
    columns: [
      ["project_id", "p.id", null],
      ["name", "t.name", null],
      ["planned_date", "t.planned_date::date", "plannedDate"],
      ["actual_date", "t.actual_date::date", "actualDate"],
      ["notes", "coalesce(t.notes, '')", "notes"],
      ["forecast_date", "t.forecast_date::date", "forecastDate"],
      ["responsible", "coalesce(t.responsible, '')", "responsible"],
    ],
    conflict: "(organization_id, project_id, name)",
    touch: touchVersioned("project_milestones"),
  },
  leads: {
    table: "leads",
    joins: "",
    columns: [
      ["name", "t.name", null],
      ["company", "t.company", null],
      ["source", "t.source", "source"],
      ["stage", "t.stage", "stage"],
      ["estimated_value", "t.estimated_value::numeric", "estimatedValue"],
      ["probability", "t.probability::numeric", "probability"],
      ["expected_close", "t.expected_close::date", "expectedClose"],
    ],
    conflict: "(organization_id, name, company)",
    touch: ["updated_at = now()"],
  },
  primeContracts: {
    table: "prime_contracts",
    joins: "join projects p on p.job_number = t.job_number",
    columns: [
      ["project_id", "p.id", null],
      ["owner_name", "t.owner_name", "ownerName"],
      ["title", "coalesce(t.title, '')", "title"],
      ["original_sum", "t.original_sum::numeric", "originalSum"],
      ["retainage_rate", "coalesce(t.retainage_percent::numeric, 0.1)", "retainagePercent"],
      ["stored_retainage_rate", "t.stored_retainage_percent::numeric", "storedRetainagePercent"],
    ],
    conflict: "(organization_id, project_id)",
    touch: touchVersioned("prime_contracts"),
    updateWhere: "not exists (select 1 from pay_applications a where a.contract_id = prime_contracts.id)",
  },
  sovLines: {
    table: "sov_lines",
    joins: "join projects p on p.job_number = t.job_number join prime_contracts c on c.project_id = p.id",
    columns: [
      ["contract_id", "c.id", null],
      ["line_number", "t.line_number::integer", null],
      ["description", "t.description", "description"],
      ["scheduled_value", "t.scheduled_value::numeric", "scheduledValue"],
    ],
    conflict: "(organization_id, contract_id, line_number)",
    touch: ["updated_at = now()"],
    updateWhere: "not exists (select 1 from pay_application_lines l where l.sov_line_id = sov_lines.id)",
  },
  // Opening entries (ADR 0014): outside AP, so straight into their tables; the budget figure
  // triggers mark the projects' figures stale as for any other input.
  openingCosts: {
    table: "opening_costs",
    joins: `join projects p on p.job_number = t.job_number
      join cost_codes cc on cc.code = t.cost_code join cost_types ct on ct.code = t.cost_type`,
    columns: [
      ["project_id", "p.id", null],
      ["cost_code_id", "cc.id", null],
      ["cost_type_id", "ct.id", null],
      ["amount", "t.amount::numeric", "amount"],
      ["as_of", "t.as_of::date", "asOf"],
      ["note", "coalesce(t.note, '')", "note"],
    ],
    conflict: "(organization_id, project_id, cost_code_id, cost_type_id)",
    touch: [],
  },
  commitmentOpenings: {
    table: "commitment_line_openings",
    joins: `join projects p on p.job_number = t.job_number
      join commitments c on c.project_id = p.id and c.number = t.commitment_number and c.status <> 'void'
      join commitment_lines l on l.commitment_id = c.id and l.line_number = t.line_number::integer`,
    columns: [
      ["commitment_id", "c.id", null],
      ["commitment_line_id", "l.id", null],
      ["billed_to_date", "t.billed_to_date::numeric", "billedToDate"],
      ["retainage_held", "coalesce(t.retainage_held::numeric, 0)", "retainageHeld"],
      ["as_of", "t.as_of::date", "asOf"],
      ["note", "coalesce(t.note, '')", "note"],
    ],
    conflict: "(organization_id, commitment_line_id)",
    touch: [],
  },
};

export const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The upsert statement of a sheet; it returns how many rows it created and how many it updated. */
export function upsertSql(u: Upsert, tempTable: string, present: readonly string[], organizationExpr: string): string {
  const updates = u.columns.filter(([, , key]) => key !== null && present.includes(key)).map(([column]) => `${column} = excluded.${column}`);
  const set = [...updates, ...u.touch];
  return `with written as (
    insert into ${u.table} (organization_id, ${u.columns.map(([c]) => c).join(", ")})
    select ${organizationExpr}, ${u.columns.map(([, e]) => e).join(", ")} from ${tempTable} t ${u.joins}
    on conflict ${u.conflict} do update set ${set.length ? set.join(", ") : `${u.columns[0][0]} = excluded.${u.columns[0][0]}`}
    ${u.updateWhere ? `where ${u.updateWhere}` : ""}
    returning (xmax = 0) as created)
  select (count(*) filter (where created))::int as created, (count(*) filter (where not created))::int as updated from written`;
}
