import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { FIGURES, type Figures } from "./budgets.table";
import { figuresRelation } from "./figure-cache.server";
import { figureSums, figureTexts } from "./figures.server";
import { requireBudgetProject } from "./project-scope.server";

export type JobCostLine = Figures & { rowKey: string; lineId: string | null; costCodeId: string; costCode: string; costType: string; description: string };
export type JobCostDivision = {
  id: string;
  code: string;
  name: string;
  lineCount: number;
  /** The division's rows when it is expanded, else null (its subtotal still shows). */
  lines: JobCostLine[] | null;
  subtotal: Figures;
};
export type JobCostReport = { divisions: JobCostDivision[]; total: Figures; lineCount: number };

/**
 * Which divisions show their rows: all of them, or the listed division ids. "auto" expands every
 * division of a report with at most AUTO_EXPAND_LINES rows; a larger one opens on its subtotals.
 */
export type JobCostExpansion = "all" | "auto" | string[];
export const AUTO_EXPAND_LINES = 250;

type Subtotal = Figures & { level: "division" | "total"; lineCount: number; divisionId: string | null; divisionCode: string | null; divisionName: string | null };
type Row = JobCostLine & { divisionId: string };

const figuresOf = (row: Figures): Figures => Object.fromEntries(FIGURES.map((c) => [c.key, row[c.key]])) as Figures;

/**
 * The job cost report: cost code × cost type rows grouped by division, with the division
 * subtotals and the grand total summed by SQL (GROUPING SETS) over every row. Only the rows of
 * expanded divisions are read.
 */
export async function jobCostReport(tx: Tx, projectId: string, expansion: JobCostExpansion = "all"): Promise<JobCostReport> {
  await requireBudgetProject(tx, projectId);
  const figures = await figuresRelation(tx, projectId);
  const subtotals = await queryRows<Subtotal>(tx, sql`
    select case when grouping(f."divisionId") = 1 then 'total' else 'division' end as level, count(*)::int as "lineCount",
      f."divisionId", f."divisionCode", f."divisionName", ${figureSums()}
    from ${figures} f
    group by grouping sets ((f."divisionId", f."divisionCode", f."divisionName"), ())
    order by grouping(f."divisionId"), f."divisionCode", f."divisionId"`);
  const totalRow = subtotals.find((r) => r.level === "total");
  const lineCount = totalRow?.lineCount ?? 0;
  const expandAll = expansion === "all" || (expansion === "auto" && lineCount <= AUTO_EXPAND_LINES);
  const expanded = new Set(Array.isArray(expansion) ? expansion : []);
  const shown = subtotals.filter((r) => r.level === "division" && (expandAll || expanded.has(r.divisionId!))).map((r) => r.divisionId!);
  const rows = shown.length
    ? await queryRows<Row>(tx, sql`
        select f."divisionId", f."rowKey", f."lineId", f."costCodeId", f."costCode", f."costType", f.description, ${figureTexts}
        from ${figures} f
        ${expandAll ? sql`` : sql`where f."divisionId" in (${sql.join(shown.map((id) => sql`${id}::uuid`), sql`, `)})`}
        order by f."sortKey"`)
    : [];

  const linesOf = new Map<string, JobCostLine[]>(shown.map((id) => [id, []]));
  for (const { divisionId, ...line } of rows) linesOf.get(divisionId)?.push(line);
  const divisions = subtotals
    .filter((r) => r.level === "division")
    .map((r) => ({ id: r.divisionId!, code: r.divisionCode!, name: r.divisionName!, lineCount: r.lineCount, lines: linesOf.get(r.divisionId!) ?? null, subtotal: figuresOf(r) }));
  return { divisions, total: totalRow ? figuresOf(totalRow) : (Object.fromEntries(FIGURES.map((c) => [c.key, "0.00"])) as Figures), lineCount };
}
