/**
 * The records of one organization the catalog's pages open: the scale project's latest pay
 * application, the keyset cursor of page FAR_PAGE of the vendor invoice list, and the latest WIP close.
 */
import { sql } from "drizzle-orm";
import { apInvoicesExport, listApInvoices } from "~/domains/payables/ap-invoices-list.server";
import { apInvoicesTable } from "~/domains/payables/ap-invoices.table";
import { closeWip } from "~/domains/wip/wip-close.server";
import { monthEnd } from "~/domains/wip/wip-period";
import { organizationToday } from "~/utils/aging-report.server";
import { parseTableQuery } from "~/utils/data-table";
import { encodeCursor } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { inspectionScope } from "./inspection-scope";
import { FAR_PAGE, type PageScope } from "./page-catalog";
import { mostPhotographedLog } from "./scale-daily-logs";
import { queryRows } from "@db/query-rows";

/**
 * The cursor a user reaches by paging on to page `n` of the default sort: the position of the last
 * row of page n − 1, read off the export's stream of the same rows in the same order (one pass in
 * 2,000-row batches instead of n − 1 page loads), then checked against the list itself.
 */
async function cursorOfPage(organizationId: string, n: number) {
  const query = parseTableQuery(apInvoicesTable, new URLSearchParams());
  const before = (n - 1) * query.pageSize;
  const inTenant = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId }, fn);
  const { rows } = await apInvoicesExport(inTenant, query);
  let seen = 0;
  let cursor: string | null = null;
  let firstInvoice: string | null = null;
  for await (const batch of rows) {
    for (const row of batch) {
      seen++;
      if (seen === before) {
        const id = String(row.href).replace("/payables/", "");
        cursor = encodeCursor({ key: query.sort.key, dir: query.sort.dir, value: String(row.invoiceDate), id });
      } else if (seen === before + 1) firstInvoice = String(row.number);
    }
    if (firstInvoice) break;
  }
  if (!cursor || !firstInvoice) throw new Error(`the invoice list has fewer than ${n} pages (${seen} rows)`);
  const page = await inTenant((tx) => listApInvoices(tx, { ...query, after: cursor }));
  if (!page.hasPrevious || page.rows[0]?.number !== firstInvoice || page.rows.length !== query.pageSize)
    throw new Error(`the cursor of page ${n} opened ${String(page.rows[0]?.number)} (expected ${firstInvoice}, a full page after page ${n - 1})`);
  return { farCursor: cursor, farFirstInvoice: firstInvoice };
}

/** The latest closed WIP period, closed here (last month end, by no one) when the dataset has none. */
async function latestWipClose(organizationId: string): Promise<{ closeId: string; closePeriodEnd: string }> {
  return withTenant({ organizationId }, async (tx) => {
    const [found] = await queryRows<{ id: string; periodEnd: string }>(tx, sql`
      select id, period_end::text as "periodEnd" from wip_closes where status = 'closed' order by period_end desc limit 1`);
    const close = found ?? (await closeWip(tx, { periodEnd: monthEnd(await organizationToday(tx), -1), userId: null }));
    return { closeId: close.id, closePeriodEnd: close.periodEnd };
  });
}

export async function resolveScope(organizationId: string, projectId: string): Promise<PageScope> {
  const [latest] = await withTenant({ organizationId }, (tx) =>
    queryRows<{ id: string }>(tx, sql`select id from pay_applications where project_id = ${projectId} order by number desc limit 1`),
  );
  if (!latest) throw new Error(`project ${projectId} has no pay application`);
  const [vendor] = await withTenant({ organizationId }, (tx) =>
    queryRows<{ id: string }>(tx, sql`select vendor_id as id from commitments where project_id = ${projectId} group by vendor_id order by count(*) desc, vendor_id limit 1`),
  );
  if (!vendor) throw new Error(`project ${projectId} has no commitment`);
  return {
    organizationId,
    projectId,
    payAppId: latest.id,
    vendorId: vendor.id,
    ...(await cursorOfPage(organizationId, FAR_PAGE)),
    ...(await latestWipClose(organizationId)),
    ...(await mostPhotographedLog(organizationId, projectId)),
    ...(await inspectionScope(organizationId)),
  };
}
