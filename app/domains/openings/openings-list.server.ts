import { sql, type SQL } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { serverTable, type ServerTable } from "~/utils/data-table.server";
import { openingsTable } from "./openings.table";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * The rows the "Opening cost" figure sums (figures-query.server.ts): project openings, and the
 * opening billed of lines of executed or closed commitments.
 */
const entries = (projectId: string) => sql`(
  select 'project' as kind, '' as source, o.id, o.cost_code_id, o.cost_type_id, o.amount, null::numeric as retainage_held, o.as_of, o.note
  from opening_costs o where o.project_id = ${projectId}
  union all
  select 'commitment', c.number || ' line ' || l.line_number, o.id, l.cost_code_id, l.cost_type_id, o.billed_to_date, o.retainage_held, o.as_of, o.note
  from commitment_line_openings o
  join commitments c on c.id = o.commitment_id
  join commitment_lines l on l.id = o.commitment_line_id
  where c.project_id = ${projectId} and c.status in ('executed', 'closed'))`;

/** The opening entries' DataTable source; its cost code and cost type filters are drill-down conditions. */
export function openingsList(projectId: string, query: TableQuery): { table: ServerTable; query: TableQuery } {
  const { costCode, costType, ...filters } = query.filters;
  const where = [
    costCode ? sql`(cc.id::text = ${costCode} or cc.code ilike ${`${escapeLike(costCode)}%`} escape '\\')` : null,
    costType ? sql`ct.name = ${costType}` : null,
  ].filter((c): c is SQL => c !== null);
  const table = serverTable(openingsTable, {
    from: sql`${entries(projectId)} e
      join cost_codes cc on cc.id = e.cost_code_id
      join cost_types ct on ct.id = e.cost_type_id`,
    where: where.length ? sql.join(where, sql` and `) : undefined,
    columns: {
      kind: sql`e.kind`,
      source: sql`e.source`,
      costCode: sql`cc.code || ' ' || cc.name`,
      costType: sql`ct.name`,
      asOf: sql`e.as_of`,
      amount: sql`e.amount`,
      retainageHeld: sql`e.retainage_held`,
      note: sql`e.note`,
    },
    id: sql`e.id`,
  });
  return { table, query: { ...query, filters } };
}
