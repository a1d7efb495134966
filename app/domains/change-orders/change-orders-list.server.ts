import { sql, type SQL } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches, tableTotalRows } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { OPEN_STATUS, UNTOTALLED_STATUSES, changeOrdersTable } from "./change-orders.table";

const totalled = sql`co.status not in (${sql.join(UNTOTALLED_STATUSES.map((status) => sql`${status}`), sql`, `)})`;

/**
 * The list's SQL for one project. The cost code and "open" status filters are not plain
 * column matches, so they leave the generic filters and become conditions here.
 */
function changeOrderList(projectId: string, query: TableQuery) {
  const { costCode, status, ...filters } = query.filters;
  const where: SQL[] = [sql`co.project_id = ${projectId}`];
  if (status === OPEN_STATUS) where.push(sql`co.status in ('draft', 'pending_approval')`);
  else if (status) filters.status = status;
  if (costCode)
    where.push(sql`exists (
      select 1 from change_order_lines fl
      join cost_codes fc on fc.id = fl.cost_code_id
      left join cost_codes fd on fd.id = fc.parent_id
      where fl.change_order_id = co.id
        and (fc.id::text = ${costCode.toLowerCase()} or fc.code = ${costCode} or fd.id::text = ${costCode.toLowerCase()} or fd.code = ${costCode}))`);
  const table = serverTable(changeOrdersTable, {
    from: sql`change_orders co
      left join commitments c on c.id = co.commitment_id
      left join lateral (
        select sum(l.amount) as amount, sum(l.budget_amount) as budget_amount,
          string_agg(distinct cc.code, ', ') as codes
        from change_order_lines l join cost_codes cc on cc.id = l.cost_code_id
        where l.change_order_id = co.id
      ) t on true`,
    where: sql.join(where, sql` and `),
    columns: {
      number: sql`co.number`,
      stage: sql`co.stage`,
      kind: sql`co.kind`,
      commitment: sql`c.number`,
      title: sql`co.title`,
      status: sql`co.status`,
      amount: sql`coalesce(t.amount, 0)`,
      budgetImpact: sql`case when co.kind = 'prime' then coalesce(t.budget_amount, 0) end`,
      costCode: sql`coalesce(t.codes, '')`,
      submittedAt: sql`co.submitted_at`,
      decidedAt: sql`co.decided_at`,
    },
    id: sql`co.id`,
    extra: {
      href: sql`'/change-orders/' || co.id`,
      commitmentHref: sql`case when c.id is not null then '/commitments/' || c.id end`,
    },
    totalRows: {
      prime: sql`co.kind = 'prime' and ${totalled}`,
      commitment: sql`co.kind = 'commitment' and ${totalled}`,
    },
  });
  return { table, query: { ...query, filters } };
}

export async function listChangeOrders(tx: Tx, projectId: string, query: TableQuery) {
  const list = changeOrderList(projectId, query);
  return queryTable(tx, list.table, list.query);
}

/** Rows in export batches (each in its own transaction) plus the prime and commitment totals rows. */
export async function changeOrderExport(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, projectId: string, query: TableQuery) {
  const list = changeOrderList(projectId, query);
  const totalRows = await run((tx) => tableTotalRows(tx, list.table, list.query));
  return { rows: tableBatches(run, list.table, list.query), totalRows };
}
