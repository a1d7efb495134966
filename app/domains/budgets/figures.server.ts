/**
 * The budget figures of one project (DOMAIN.md "Budget / job cost"), read from the figure read
 * model (figure-cache.server.ts) that figures-query.server.ts computes. Every page, report,
 * export and summary reads these rows.
 */
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { FIGURES, type Figures } from "./budgets.table";
import { figuresRelation } from "./figure-cache.server";
import { OPEN_CO } from "./figures-query.server";
import { requireBudgetProject } from "./project-scope.server";

export type FigureRow = Figures & {
  /** Unique per project: `<cost code id>:<cost type id>`. */
  rowKey: string;
  lineId: string | null;
  version: number | null;
  costCodeId: string;
  costTypeId: string;
  divisionId: string;
  divisionCode: string;
  divisionName: string;
  costCode: string;
  costCodeName: string;
  costType: string;
  description: string;
  ftcMode: "auto" | "manual" | "unbudgeted";
  ftcManual: string | null;
};

/** `sum(f."<figure>")` for every figure, as two-decimal strings (0.00 when there are no rows). */
export const figureSums = (alias = "f") =>
  sql.join(
    FIGURES.map((c) => sql`round(coalesce(sum(${sql.identifier(alias)}.${sql.identifier(c.key)}), 0), 2)::text as ${sql.identifier(c.key)}`),
    sql`, `,
  );

/** `f."<figure>"::text` for every figure. */
export const figureTexts = sql.join(
  FIGURES.map((c) => sql`f.${sql.identifier(c.key)}::text as ${sql.identifier(c.key)}`),
  sql`, `,
);

const ROW_FIELDS = sql`f."rowKey", f."lineId", f.version, f."costCodeId", f."costTypeId", f."divisionId", f."divisionCode",
  f."divisionName", f."costCode", f."costCodeName", f."costType", f.description, f."ftcMode", f."ftcManual"::text as "ftcManual"`;

export type FigureFilters = { costCodeId?: string; costTypeId?: string; divisionId?: string };

/** Every row of the project's budget (budgeted lines and unbudgeted activity), in cost code order. */
export async function budgetFigures(tx: Tx, projectId: string, filters: FigureFilters = {}): Promise<FigureRow[]> {
  await requireBudgetProject(tx, projectId);
  const conditions = [
    // compared as text, so an id that is not a uuid matches nothing instead of failing the cast
    filters.costCodeId ? sql`f."costCodeId"::text = ${filters.costCodeId}` : null,
    filters.costTypeId ? sql`f."costTypeId"::text = ${filters.costTypeId}` : null,
    filters.divisionId ? sql`f."divisionId"::text = ${filters.divisionId}` : null,
  ].filter((c): c is SQL => c !== null);
  const where = conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const rows = await queryRows<FigureRow>(tx, sql`
    select ${ROW_FIELDS}, ${figureTexts}
    from ${await figuresRelation(tx, projectId)} f ${where}
    order by f."sortKey"`);
  return rows.map((r) => ({ ...r }));
}

/** The project's totals: each figure summed over its rows (so totals tie to the lines). */
export async function budgetTotals(tx: Tx, projectId: string): Promise<Figures> {
  await requireBudgetProject(tx, projectId);
  const [totals] = await queryRows<Figures>(tx, sql`select ${figureSums()} from ${await figuresRelation(tx, projectId)} f`);
  return { ...totals };
}

export type ProjectFinancialSummary = {
  contract: {
    /** False until the project has a prime contract; its sums are then 0.00. */
    exists: boolean;
    originalSum: string;
    approvedChanges: string;
    contractSumToDate: string;
    pendingChanges: string;
  };
  budget: Figures;
  /** Open (draft or pending approval) prime change orders: the ones `contract.pendingChanges` sums. */
  openChangeOrders: number;
};

/** The overview's key figures: prime contract (original + approved prime COs) and budget totals. */
export async function projectFinancialSummary(tx: Tx, projectId: string): Promise<ProjectFinancialSummary> {
  const budget = await budgetTotals(tx, projectId);
  const [row] = await queryRows<ProjectFinancialSummary["contract"] & { openChangeOrders: number }>(tx, sql`
    with prime as (
      select
        coalesce(sum(l.amount) filter (where co.status = 'approved'), 0) as approved,
        coalesce(sum(l.amount) filter (where co.status in ${OPEN_CO}), 0) as pending
      from change_orders co join change_order_lines l on l.change_order_id = co.id
      where co.project_id = ${projectId} and co.kind = 'prime'
    ),
    contract as (select original_sum from prime_contracts where project_id = ${projectId})
    select exists (select 1 from contract) as exists,
      round(coalesce((select original_sum from contract), 0), 2)::text as "originalSum",
      round(prime.approved, 2)::text as "approvedChanges",
      round(coalesce((select original_sum from contract), 0) + prime.approved, 2)::text as "contractSumToDate",
      round(prime.pending, 2)::text as "pendingChanges",
      (select count(*)::int from change_orders where project_id = ${projectId} and kind = 'prime' and status in ${OPEN_CO}) as "openChangeOrders"
    from prime`);
  const { openChangeOrders, ...contract } = row;
  return { contract, budget, openChangeOrders };
}
