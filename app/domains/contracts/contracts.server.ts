import { and, eq, sql } from "drizzle-orm";
import { primeContracts } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, moneyString, totalOutOfRange, type MoneyInput } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import type { ContractInput } from "./contracts.schema";
import { bandColumns } from "./retainage-bands";
import { bandTerms } from "./retainage-bands.schema";
import { getProject } from "../projects/projects.server";

/** Someone changed the contract (or its schedule of values) since the form was read: 409. */
export class ContractConflict extends Error {}
/** A business rule refused the change; `field` names the form field it concerns, if any. */
export class ContractRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
/** The schedule of values does not add up to the contract sum to date. */
export class SovMismatch extends ContractRefused {}

const contractColumns = {
  id: primeContracts.id,
  projectId: primeContracts.projectId,
  ownerName: primeContracts.ownerName,
  title: primeContracts.title,
  originalSum: primeContracts.originalSum,
  retainageRate: primeContracts.retainageRate,
  storedRetainageRate: primeContracts.storedRetainageRate,
  retainageCapRate: primeContracts.retainageCapRate,
  retainageBandBasis: primeContracts.retainageBandBasis,
  retainageBands: primeContracts.retainageBands,
  version: primeContracts.version,
};

export async function findContract(tx: Tx, projectId: string) {
  const [contract] = await tx.select(contractColumns).from(primeContracts).where(eq(primeContracts.projectId, projectId));
  return contract ?? null;
}

export type ContractFigures = {
  hasContract: boolean;
  originalSum: string;
  approvedChanges: string;
  contractSumToDate: string;
  sovOriginal: string;
  sovFromChangeOrders: string;
  sovTotal: string;
  /** Contract sum to date − SOV total; must be 0.00 before the first pay application. */
  difference: string;
  sovLineCount: number;
};

/**
 * The contract's headline figures, summed in SQL (numeric): approved prime change orders are the
 * Σ of their lines' amounts; the SOV total includes the lines approved prime COs added.
 */
export async function contractFigures(tx: Tx, projectId: string): Promise<ContractFigures> {
  const [row] = await queryRows<Record<string, string | number | boolean>>(tx, sql`
    with pc as (select id, original_sum from prime_contracts where project_id = ${projectId}),
    co as (
      select coalesce(sum(l.amount), 0) as approved
      from change_orders c
      join change_order_lines l on l.organization_id = c.organization_id and l.change_order_id = c.id
      where c.project_id = ${projectId} and c.kind = 'prime' and c.status = 'approved'),
    sov as (
      select coalesce(sum(s.scheduled_value) filter (where s.change_order_id is null), 0) as original_lines,
             coalesce(sum(s.scheduled_value) filter (where s.change_order_id is not null), 0) as co_lines,
             coalesce(sum(s.scheduled_value), 0) as total,
             count(s.id)::int as line_count
      from pc join sov_lines s on s.organization_id = ${currentOrganizationId} and s.contract_id = pc.id)
    select (pc.id is not null) as "hasContract",
           coalesce(pc.original_sum, 0)::text as "originalSum",
           co.approved::text as "approvedChanges",
           (coalesce(pc.original_sum, 0) + co.approved)::text as "contractSumToDate",
           sov.original_lines::text as "sovOriginal",
           sov.co_lines::text as "sovFromChangeOrders",
           sov.total::text as "sovTotal",
           (coalesce(pc.original_sum, 0) + co.approved - sov.total)::text as "difference",
           sov.line_count as "sovLineCount"
    from co cross join sov left join pc on true`);
  // Summed without a numeric(14,2) cast, so a total that grew too large reads instead of failing.
  const figures = row as unknown as ContractFigures;
  for (const key of MONEY_FIGURES) figures[key] = moneyString(figures[key]);
  return figures;
}

const MONEY_FIGURES = ["originalSum", "approvedChanges", "contractSumToDate", "sovOriginal", "sovFromChangeOrders", "sovTotal", "difference"] as const;

/**
 * Why the contract's figures as they now stand are refused (a total too large), or null;
 * `pending` is the amount of a prime change order being edited, as if it were approved.
 */
export async function contractTotalsProblem(tx: Tx, projectId: string, pending: MoneyInput = 0) {
  const f = await contractFigures(tx, projectId);
  return totalOutOfRange({
    "the contract sum to date": dec(f.contractSumToDate).plus(pending),
    "the schedule of values total": dec(f.sovTotal).plus(pending),
    "the difference between the contract sum and the schedule of values": f.difference,
  });
}

export async function getContractOverview(tx: Tx, projectId: string) {
  const project = await getProject(tx, projectId);
  const contract = await findContract(tx, project.id);
  const figures = await contractFigures(tx, project.id);
  return { project, contract, figures };
}

const contractValues = (input: ContractInput) => ({
  ownerName: input.ownerName,
  title: input.title,
  originalSum: input.originalSum,
  // The percent fields arrive as fractions (the schema converts them).
  retainageRate: input.retainagePercent,
  storedRetainageRate: input.storedRetainagePercent ?? null,
  retainageCapRate: input.retainageCapPercent ?? null,
  ...bandColumns(bandTerms(input)),
});

/**
 * Creates the project's prime contract (no `version`) or edits it (`version` as read). A contract
 * created meanwhile by someone else, or an edit over a newer version, is a ContractConflict.
 */
export async function saveContract(tx: Tx, projectId: string, input: ContractInput) {
  const project = await getProject(tx, projectId);
  if (input.version === undefined) {
    const [created] = await tx
      .insert(primeContracts)
      .values({ organizationId: sql`${currentOrganizationId}`, projectId: project.id, ...contractValues(input) })
      .onConflictDoNothing({ target: [primeContracts.organizationId, primeContracts.projectId] })
      .returning(contractColumns);
    if (!created) throw new ContractConflict("A prime contract was created for this project meanwhile. Reload the page and edit it instead.");
    await recordAudit(tx, { entityType: "prime_contract", entityId: created.id, action: "created", after: created });
    return created;
  }
  const before = await findContract(tx, project.id);
  if (!before) throw new RecordNotFound("prime contract");
  const [after] = await tx
    .update(primeContracts)
    .set({ ...contractValues(input), version: sql`${primeContracts.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(primeContracts.id, before.id), eq(primeContracts.version, input.version)))
    .returning(contractColumns);
  if (!after) throw new ContractConflict("Someone else changed this contract meanwhile. Reload the page and try again.");
  const problem = await contractTotalsProblem(tx, project.id);
  if (problem) throw new ContractRefused(problem, "originalSum");
  await recordAudit(tx, { entityType: "prime_contract", entityId: after.id, action: "updated", before, after });
  return after;
}

/**
 * For the pay application: the schedule of values must add up to the contract sum to date
 * (original sum + approved prime change orders) before the first application is made.
 */
export async function assertSovMatchesContract(tx: Tx, projectId: string) {
  await getProject(tx, projectId);
  const figures = await contractFigures(tx, projectId);
  if (!figures.hasContract) throw new SovMismatch("This project has no prime contract yet: create it and its schedule of values first.");
  if (!dec(figures.difference).isZero())
    throw new SovMismatch(
      `The schedule of values totals ${figures.sovTotal} but the contract sum to date is ${figures.contractSumToDate} ` +
        `(difference ${figures.difference}). They must be equal before the first pay application.`,
    );
  return figures;
}
