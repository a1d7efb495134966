import { sql } from "drizzle-orm";
import type { TableQuery } from "~/utils/data-table";
import { queryTable, serverTable, tableBatches, tableTotals } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { payAppsTable } from "./pay-apps.table";

/** The applications of every project, or of `projectId` only. */
function payAppsList(projectId: string | null) {
  return serverTable(payAppsTable, {
    from: sql`pay_applications a
      join projects p on p.organization_id = a.organization_id and p.id = a.project_id
      left join lateral (
        select coalesce(sum(r.amount), 0) as received
        from ar_payments r
        where r.organization_id = a.organization_id and r.pay_application_id = a.id) rv on true`,
    where: projectId ? sql`a.project_id = ${projectId}` : undefined,
    columns: {
      project: sql`p.job_number || ' ' || p.name`,
      number: sql`a.number`,
      periodEnd: sql`a.period_end`,
      kind: sql`a.kind`,
      status: sql`a.status`,
      contractSumToDate: sql`a.line3_contract_sum_to_date`,
      completedAndStored: sql`a.line4_completed_and_stored`,
      retainage: sql`a.line5_retainage`,
      currentPaymentDue: sql`a.line8_current_payment_due`,
      received: sql`(rv.received + a.received_before_onboarding)::numeric(14,2)`,
      outstanding: sql`case when a.status in ('certified', 'paid') then (a.line8_current_payment_due - a.received_before_onboarding - rv.received)::numeric(14,2) end`,
    },
    id: sql`a.id`,
    extra: { href: sql`'/pay-apps/' || a.id::text`, projectHref: sql`'/projects/' || p.id::text || '/pay-apps'` },
  });
}

export function listPayApps(tx: Tx, query: TableQuery, projectId: string | null = null) {
  return queryTable(tx, payAppsList(projectId), query);
}

/** Totals and row batches for the Excel export (`run` opens one tenant transaction per batch). */
export async function payAppsExport(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, query: TableQuery, projectId: string | null = null) {
  const table = payAppsList(projectId);
  return { totals: await run((tx) => tableTotals(tx, table, query)), rows: tableBatches(run, table, query) };
}
