import { sql } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches, tableTotals } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { COMMITTED_STATUS, commitmentsTable } from "./commitments.table";

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Commitments having a line on this cost code: its id, or its code or a prefix of it ("03-3000", division "03"). */
function costCodeCondition(value: string) {
  return sql`exists (
    select 1 from commitment_lines fl
    join cost_codes fc on fc.organization_id = fl.organization_id and fc.id = fl.cost_code_id
    where fl.organization_id = c.organization_id and fl.commitment_id = c.id
      and (fc.id::text = ${value} or fc.code ilike ${`${escapeLike(value)}%`} escape '\\'))`;
}

function commitmentsList(projectId: string, costCode: string | undefined, committed = false) {
  const only = [sql`c.project_id = ${projectId}`, ...(costCode ? [costCodeCondition(costCode)] : []), ...(committed ? [sql`c.status in ('executed', 'closed')`] : [])];
  return serverTable(commitmentsTable, {
    from: sql`commitments c
      join vendors v on v.organization_id = c.organization_id and v.id = c.vendor_id
      left join lateral (
        select coalesce(sum(l.amount), 0) as original,
               string_agg(distinct cc.code, ', ' order by cc.code) as codes
        from commitment_lines l
        join cost_codes cc on cc.organization_id = l.organization_id and cc.id = l.cost_code_id
        where l.organization_id = c.organization_id and l.commitment_id = c.id) lv on true
      left join lateral (
        select coalesce(sum(col.amount), 0) as approved
        from change_orders co
        join change_order_lines col on col.organization_id = co.organization_id and col.change_order_id = co.id
        where co.organization_id = c.organization_id and co.commitment_id = c.id and co.kind = 'commitment' and co.status = 'approved') cov on true`,
    where: sql.join(only, sql` and `),
    columns: {
      number: sql`c.number`,
      vendor: sql`v.name`,
      type: sql`c.type`,
      title: sql`c.title`,
      status: sql`c.status`,
      costCode: sql`coalesce(lv.codes, '')`,
      originalValue: sql`lv.original::numeric(14,2)`,
      approvedChanges: sql`cov.approved::numeric(14,2)`,
      revisedValue: sql`(lv.original + cov.approved)::numeric(14,2)`,
      retainagePercent: sql`trim_scale(c.retainage_rate * 100)`,
    },
    id: sql`c.id`,
    extra: { href: sql`'/commitments/' || c.id::text` },
  });
}

/** The cost code filter and the "committed" status are ours (see commitmentsTable), not generic column matches. */
function split(projectId: string, query: TableQuery) {
  const { costCode, ...filters } = query.filters;
  const committed = filters.status === COMMITTED_STATUS;
  if (committed) delete filters.status;
  return { table: commitmentsList(projectId, costCode, committed), query: { ...query, filters } };
}

export function listCommitments(tx: Tx, projectId: string, query: TableQuery) {
  const { table, query: rest } = split(projectId, query);
  return queryTable(tx, table, rest);
}

/** Totals and row batches for the Excel export (`run` opens one tenant transaction per batch). */
export async function commitmentsExport(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, projectId: string, query: TableQuery) {
  const { table, query: rest } = split(projectId, query);
  return { totals: await run((tx) => tableTotals(tx, table, rest)), rows: tableBatches(run, table, rest) };
}
