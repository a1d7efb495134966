import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import type { CrewHours } from "./crew-hours";

type Sum = { level: "code" | "division" | "total"; costCodeId: string | null; divisionId: string | null; hours: string };

/**
 * The hours of the project's submitted daily logs' manpower, by cost code (summed in SQL, with the
 * division subtotals and the total). A cost code's hours go on its first row of the report (the
 * report's rows are cost code × cost type; crew hours have no cost type). A division's subtotal and
 * the total count every cost code's hours, also a code with no budget or cost row yet; a crew
 * logged without a cost code is not counted. Hours are hours, never money: no rate is applied.
 */
export async function crewHoursFor(tx: Tx, projectId: string, lines: { rowKey: string; costCodeId: string }[]): Promise<CrewHours> {
  const sums = await queryRows<Sum>(tx, sql`
    select case when grouping(c.id) = 0 then 'code' when grouping(coalesce(c.parent_id, c.id)) = 0 then 'division' else 'total' end as level,
      c.id as "costCodeId", coalesce(c.parent_id, c.id) as "divisionId", sum(m.hours)::text as hours
    from daily_log_manpower m
    join daily_logs l on l.id = m.daily_log_id
    join cost_codes c on c.id = m.cost_code_id
    where l.project_id = ${projectId} and l.status = 'submitted'
    group by grouping sets ((coalesce(c.parent_id, c.id), c.id), (coalesce(c.parent_id, c.id)), ())`);
  const byCode = new Map(sums.filter((s) => s.level === "code").map((s) => [s.costCodeId!, s.hours]));
  const byRow: Record<string, string> = {};
  const placed = new Set<string>();
  for (const line of lines) {
    if (placed.has(line.costCodeId)) continue;
    placed.add(line.costCodeId);
    const hours = byCode.get(line.costCodeId);
    if (hours) byRow[line.rowKey] = hours;
  }
  return {
    byRow,
    byDivision: Object.fromEntries(sums.filter((s) => s.level === "division").map((s) => [s.divisionId!, s.hours])),
    total: sums.find((s) => s.level === "total")?.hours ?? "0.00",
  };
}
