import { sql } from "drizzle-orm";
import type { Tx } from "~/utils/db.server";
import { FIGURES, type Figures } from "./budgets.table";
import { figuresRelation } from "./figure-cache.server";
import { figureSums } from "./figures.server";
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

type Grouped = Figures & {
  level: "line" | "division" | "total";
  lineCount: number;
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
 * The job cost report: cost code × cost type rows grouped by division, with the division
 * subtotals and the grand total summed by SQL (GROUPING SETS) in the same statement as the rows.
 * Only the rows of expanded divisions leave the database.
 */
export async function jobCostReport(tx: Tx, projectId: string, expansion: JobCostExpansion = "all"): Promise<JobCostReport> {
  await requireBudgetProject(tx, projectId);
  const figures = await figuresRelation(tx, projectId);
  let expandAll = expansion === "all";
  if (expansion === "auto") {
    const [{ lines }] = await tx.execute<{ lines: number }>(sql`select count(*)::int as lines from ${figures} f`);
    expandAll = lines <= AUTO_EXPAND_LINES;
  }
  const expanded = Array.isArray(expansion) ? expansion : [];
  const shown = expandAll
    ? sql`true`
    : expanded.length
      ? sql`g."divisionId"::text in (${sql.join(expanded.map((id) => sql`${id}`), sql`, `)})`
      : sql`false`;
  const rows = await tx.execute<Grouped>(sql`
    select * from (
      select
        case when grouping(f."divisionId") = 1 then 'total' when grouping(f."sortKey") = 1 then 'division' else 'line' end as level,
        count(*)::int as "lineCount", grouping(f."divisionId") as by_total, grouping(f."sortKey") as by_division, f."sortKey",
        f."divisionId", f."divisionCode", f."divisionName", f."rowKey", f."lineId", f."costCodeId", f."costCode", f."costType", f.description,
        ${figureSums()}
      from ${figures} f
      group by grouping sets (
        (f."divisionId", f."divisionCode", f."divisionName", f."sortKey", f."rowKey", f."lineId", f."costCodeId", f."costCode", f."costType", f.description),
        (f."divisionId", f."divisionCode", f."divisionName"),
        ()
      )
    ) g
    where g.level <> 'line' or ${shown}
    order by g.by_total, g."divisionCode", g."divisionId", g.by_division, g."sortKey"`);

  const divisions: JobCostDivision[] = [];
  let total: Figures | null = null;
  let lineCount = 0;
  let lines: JobCostLine[] = [];
  for (const row of rows) {
    if (row.level === "total") {
      total = figuresOf(row);
      lineCount = row.lineCount;
    } else if (row.level === "division") {
      const open = expandAll || expanded.includes(row.divisionId!);
      divisions.push({ id: row.divisionId!, code: row.divisionCode!, name: row.divisionName!, lineCount: row.lineCount, lines: open ? lines : null, subtotal: figuresOf(row) });
      lines = [];
    } else {
      lines.push({ ...figuresOf(row), rowKey: row.rowKey!, lineId: row.lineId, costCodeId: row.costCodeId!, costCode: row.costCode!, costType: row.costType!, description: row.description! });
    }
  }
  return { divisions, total: total ?? (Object.fromEntries(FIGURES.map((c) => [c.key, "0.00"])) as Figures), lineCount };
}
