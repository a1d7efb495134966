import { sql, type SQL } from "drizzle-orm";
import { currentOrganizationId } from "@db/schema/_shared";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { NOT_CLOSED, punchItemsTable, vendorPunchTable } from "./punch.table";

/** Today in the organization's time zone: an item is overdue from the day after its due date there. */
export const organizationToday = sql`(select (now() at time zone o.time_zone)::date from organizations o where o.id = ${currentOrganizationId})`;
const overdue = sql`(pi.status <> 'closed' and pi.due_date < ${organizationToday})`;
const itemNumber = sql`'P-' || lpad(pi.number::text, 3, '0')`;

/** The list's SQL for one project; the "open or ready" status and "overdue" filters become conditions here. */
function punchList(projectId: string, query: TableQuery) {
  const { status, overdue: onlyOverdue, ...filters } = query.filters;
  const where: SQL[] = [sql`pi.project_id = ${projectId}`];
  if (status === NOT_CLOSED) where.push(sql`pi.status <> 'closed'`);
  else if (status) filters.status = status;
  if (onlyOverdue === "yes") where.push(overdue);
  const table = serverTable(punchItemsTable, {
    from: sql`punch_items pi
      left join vendors v on v.id = pi.vendor_id
      left join users u on u.id = pi.assignee_user_id`,
    where: sql.join(where, sql` and `),
    columns: {
      number: itemNumber,
      title: sql`pi.title`,
      location: sql`pi.location`,
      vendor: sql`v.name`,
      trade: sql`pi.trade`,
      assignee: sql`u.name`,
      priority: sql`pi.priority`,
      status: sql`pi.status`,
      dueDate: sql`pi.due_date`,
      overdue: sql`case when ${overdue} then 'overdue' end`,
    },
    id: sql`pi.id`,
    extra: {
      href: sql`'/projects/' || pi.project_id || '/punch/' || pi.id`,
      id: sql`pi.id`,
      version: sql`pi.version`,
    },
  });
  return { table, query: { ...query, filters } };
}

export async function listPunchItems(tx: Tx, projectId: string, query: TableQuery) {
  const list = punchList(projectId, query);
  return queryTable(tx, list.table, list.query);
}

/** The export's rows in batches (each in its own transaction), same filters and sort as the page. */
export function punchItemBatches(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, projectId: string, query: TableQuery) {
  const list = punchList(projectId, query);
  return tableBatches(run, list.table, list.query);
}

/** One vendor's items that still need work (open or ready for review), across the projects. */
export async function listVendorPunchItems(tx: Tx, vendorId: string, query: TableQuery) {
  const table = serverTable(vendorPunchTable, {
    from: sql`punch_items pi join projects p on p.id = pi.project_id`,
    where: sql`pi.vendor_id = ${vendorId} and pi.status <> 'closed'`,
    columns: {
      project: sql`p.job_number || ' ' || p.name`,
      number: itemNumber,
      title: sql`pi.title`,
      location: sql`pi.location`,
      priority: sql`pi.priority`,
      status: sql`pi.status`,
      dueDate: sql`pi.due_date`,
    },
    id: sql`pi.id`,
    extra: {
      href: sql`'/projects/' || pi.project_id || '/punch/' || pi.id`,
      projectHref: sql`'/projects/' || pi.project_id || '/punch?f.status=${sql.raw(NOT_CLOSED)}'`,
    },
  });
  return queryTable(tx, table, query);
}
