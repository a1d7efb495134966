import { sql, type SQL } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { serverTable, type ServerTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { budgetTable } from "./budgets.table";
import { figuresRelation } from "./figure-cache.server";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** A whole cost code (or cost type name) matches exactly, so "03" is not also "03-3000"; else contains. */
function codeFilter(column: SQL, value: string, isWhole: SQL) {
  return sql`(case when exists (${isWhole}) then ${column} = ${value} else ${column} ilike ${`%${escapeLike(value)}%`} escape '\\' end)`;
}

/**
 * The budget page's DataTable source over the figures (sort, filter, keyset pagination, totals),
 * and the query to run it with: its cost code and cost type filters are conditions of the source.
 * The figures are brought up to date in `tx`; the table may then be read in later transactions.
 */
export async function budgetList(tx: Tx, projectId: string, query: TableQuery): Promise<{ table: ServerTable; query: TableQuery }> {
  const { costCode, costType, ...filters } = query.filters;
  const where = [
    costCode ? codeFilter(sql`f."costCode"`, costCode, sql`select 1 from cost_codes where code = ${costCode}`) : null,
    costType ? codeFilter(sql`f."costType"`, costType, sql`select 1 from cost_types where name = ${costType}`) : null,
  ].filter((c): c is SQL => c !== null);
  const table = serverTable(budgetTable, {
    from: sql`${await figuresRelation(tx, projectId)} f`,
    where: where.length ? sql.join(where, sql` and `) : undefined,
    columns: Object.fromEntries(budgetTable.columns.map((c) => [c.key, sql`f.${sql.identifier(c.key)}`])),
    id: sql`f."sortKey"`,
    extra: { lineId: sql`f."lineId"`, rowKey: sql`f."rowKey"`, costCodeId: sql`f."costCodeId"` },
  });
  return { table, query: { ...query, filters } };
}
