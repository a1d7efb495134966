import { sql } from "drizzle-orm";
import type { Tx } from "~/utils/db.server";
import { FIGURES, type Figures } from "./budgets.table";
import { figureSums, figuresQuery } from "./figures.server";
import { requireBudgetProject } from "./project-scope.server";

export type JobCostLine = Figures & { rowKey: string; lineId: string | null; costCodeId: string; costCode: string; costType: string; description: string };
export type JobCostDivision = { id: string; code: string; name: string; lines: JobCostLine[]; subtotal: Figures };
export type JobCostReport = { divisions: JobCostDivision[]; total: Figures };

type Grouped = Figures & {
  level: "line" | "division" | "total";
  divisionId: string | null;
  divisionCode: string | null;
  divisionName: string | null;
  rowKey: string | null;
  lineId: string | null;
  costCodeId: string | null;
  costCode: string | null;
  costType: string | null;
  description: string | null;
};

const figuresOf = (row: Grouped): Figures => Object.fromEntries(FIGURES.map((c) => [c.key, row[c.key]])) as Figures;

/**
 * The job cost report: every cost code × cost type row grouped by division, with the division
 * subtotals and the grand total summed by SQL (GROUPING SETS) in the same statement as the rows.
 */
export async function jobCostReport(tx: Tx, projectId: string): Promise<JobCostReport> {
  await requireBudgetProject(tx, projectId);
  const rows = await tx.execute<Grouped>(sql`
    select
      case when grouping(f."divisionId") = 1 then 'total' when grouping(f."sortKey") = 1 then 'division' else 'line' end as level,
      f."divisionId", f."divisionCode", f."divisionName", f."rowKey", f."lineId", f."costCodeId", f."costCode", f."costType", f.description,
      ${figureSums()}
    from (${figuresQuery(projectId)}) f
    group by grouping sets (
      (f."divisionId", f."divisionCode", f."divisionName", f."sortKey", f."rowKey", f."lineId", f."costCodeId", f."costCode", f."costType", f.description),
      (f."divisionId", f."divisionCode", f."divisionName"),
      ()
    )
    order by grouping(f."divisionId"), f."divisionCode", f."divisionId", grouping(f."sortKey"), f."sortKey"`);

  const divisions: JobCostDivision[] = [];
  let total: Figures | null = null;
  let open: { id: string; code: string; name: string; lines: JobCostLine[] } | null = null;
  for (const row of rows) {
    if (row.level === "total") total = figuresOf(row);
    else if (row.level === "division") {
      divisions.push({ ...(open ?? { id: row.divisionId!, code: row.divisionCode!, name: row.divisionName!, lines: [] }), subtotal: figuresOf(row) });
      open = null;
    } else {
      open ??= { id: row.divisionId!, code: row.divisionCode!, name: row.divisionName!, lines: [] };
      open.lines.push({ ...figuresOf(row), rowKey: row.rowKey!, lineId: row.lineId, costCodeId: row.costCodeId!, costCode: row.costCode!, costType: row.costType!, description: row.description! });
    }
  }
  return { divisions, total: total ?? (Object.fromEntries(FIGURES.map((c) => [c.key, "0.00"])) as Figures) };
}
