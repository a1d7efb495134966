import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";

/**
 * The organization's existing natural keys, read once per validation: a reference can point at
 * them, and a row whose key is among them is an update rather than a create.
 */
export type OrgKeys = {
  /** job number → budget locked */
  projects: Map<string, boolean>;
  /** code → is a division (no parent) */
  costCodes: Map<string, boolean>;
  costTypes: Set<string>;
  vendorNames: Set<string>;
  vendorTaxIds: Set<string>;
  /** job ␟ number → status */
  commitments: Map<string, string>;
  budgetLines: Set<string>;
  commitmentLines: Set<string>;
  milestones: Set<string>;
  leads: Set<string>;
  /** job number → how far its prime contract is billed in the app (ADR 0013) */
  contracts: Map<string, ContractBilling>;
  /** job ␟ SOV line number */
  sovLines: Set<string>;
  /** job ␟ cost code ␟ cost type */
  openingCosts: Set<string>;
  /** job ␟ commitment number ␟ line number */
  commitmentOpenings: Set<string>;
};

/** "none": no pay application; "opening": only an opening position; "billed": applications in the app. */
export type ContractBilling = "none" | "opening" | "billed";

export const KEY_SEPARATOR = "\u001f";
export const joinKey = (parts: readonly unknown[]) => parts.map((p) => String(p ?? "")).join(KEY_SEPARATOR);

export async function loadOrgKeys(tx: Tx): Promise<OrgKeys> {
  const keys = (list: { k: string }[]) => new Set(list.map((r) => r.k));
  const [projects, costCodes, costTypes, vendors, commitments, budgetLines, commitmentLines, milestones, leads, contracts, sovLines, openingCosts, commitmentOpenings] = await Promise.all([
    queryRows<{ job_number: string; locked: boolean }>(tx, sql`select job_number, budget_locked_at is not null as locked from projects`),
    queryRows<{ code: string; division: boolean }>(tx, sql`select code, parent_id is null as division from cost_codes`),
    queryRows<{ code: string }>(tx, sql`select code from cost_types where active`),
    queryRows<{ name: string; tax_id: string }>(tx, sql`select name, tax_id from vendors`),
    queryRows<{ k: string; status: string }>(tx, sql`select p.job_number || ${KEY_SEPARATOR} || c.number as k, c.status from commitments c join projects p on p.id = c.project_id`),
    queryRows<{ k: string }>(tx, sql`select concat_ws(${KEY_SEPARATOR}, p.job_number, cc.code, ct.code) as k from budget_lines b
      join projects p on p.id = b.project_id join cost_codes cc on cc.id = b.cost_code_id join cost_types ct on ct.id = b.cost_type_id`),
    queryRows<{ k: string }>(tx, sql`select concat_ws(${KEY_SEPARATOR}, p.job_number, c.number, l.line_number) as k from commitment_lines l
      join commitments c on c.id = l.commitment_id join projects p on p.id = c.project_id`),
    queryRows<{ k: string }>(tx, sql`select p.job_number || ${KEY_SEPARATOR} || m.name as k from project_milestones m join projects p on p.id = m.project_id`),
    queryRows<{ k: string }>(tx, sql`select name || ${KEY_SEPARATOR} || company as k from leads`),
    queryRows<{ k: string; billing: ContractBilling }>(tx, sql`select p.job_number as k,
      case when bool_or(a.kind <> 'opening') then 'billed' when count(a.id) > 0 then 'opening' else 'none' end as billing
      from prime_contracts c join projects p on p.id = c.project_id left join pay_applications a on a.contract_id = c.id group by p.job_number`),
    queryRows<{ k: string }>(tx, sql`select p.job_number || ${KEY_SEPARATOR} || s.line_number as k from sov_lines s
      join prime_contracts c on c.id = s.contract_id join projects p on p.id = c.project_id`),
    queryRows<{ k: string }>(tx, sql`select concat_ws(${KEY_SEPARATOR}, p.job_number, cc.code, ct.code) as k from opening_costs o
      join projects p on p.id = o.project_id join cost_codes cc on cc.id = o.cost_code_id join cost_types ct on ct.id = o.cost_type_id`),
    queryRows<{ k: string }>(tx, sql`select concat_ws(${KEY_SEPARATOR}, p.job_number, c.number, l.line_number) as k from commitment_line_openings o
      join commitment_lines l on l.id = o.commitment_line_id join commitments c on c.id = o.commitment_id join projects p on p.id = c.project_id`),
  ]);
  return {
    projects: new Map(projects.map((p) => [p.job_number, p.locked])),
    costCodes: new Map(costCodes.map((c) => [c.code, c.division])),
    costTypes: new Set(costTypes.map((t) => t.code)),
    vendorNames: new Set(vendors.map((v) => v.name)),
    vendorTaxIds: new Set(vendors.map((v) => v.tax_id).filter((t) => t !== "")),
    commitments: new Map(commitments.map((c) => [c.k, c.status])),
    budgetLines: keys(budgetLines),
    commitmentLines: keys(commitmentLines),
    milestones: keys(milestones),
    leads: keys(leads),
    contracts: new Map(contracts.map((c) => [c.k, c.billing])),
    sovLines: keys(sovLines),
    openingCosts: keys(openingCosts),
    commitmentOpenings: keys(commitmentOpenings),
  };
}
