/** The stored WIP closes as pages and exports read them (wip-close.server.ts writes them). */
import { sql } from "drizzle-orm";
import type { TableSort } from "~/utils/data-table";
import { queryRows, type Tx } from "~/utils/db.server";
import { moneyString, sumMoney } from "~/utils/money";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import type { ProjectStatus } from "~/domains/projects/projects.schema";
import { WIP_PERIOD_COLUMNS, wipCloseTable } from "./wip-close.table";
import { countsInTotals, wipTotals, type WipFlag, type WipTotals } from "./wip-math";
import { figureKeysOf, rowLabels, sortWipRows, type WipScheduleRow } from "./wip.server";

type PeriodKey = (typeof WIP_PERIOD_COLUMNS)[number]["key"];
export type WipClosedRow = WipScheduleRow & Record<PeriodKey, string>;
export type WipCloseTotals = WipTotals & Record<PeriodKey, string>;

export type WipCloseHeader = {
  id: string;
  periodEnd: string;
  version: number;
  status: "closed" | "reopened";
  fiscalYearStart: string;
  previousPeriodEnd: string | null;
  fiscalYearPeriodEnd: string | null;
  closedBy: string;
  closedAt: string;
  reopenedBy: string | null;
  reopenedAt: string | null;
  reopenReason: string | null;
};

export type WipClose = WipCloseHeader & { rows: WipClosedRow[]; totals: WipCloseTotals; excluded: number };

export type WipCloseListRow = Omit<WipCloseHeader, "fiscalYearStart" | "previousPeriodEnd" | "fiscalYearPeriodEnd"> & {
  href: string;
  projects: number;
  earnedRevenuePeriod: string;
  grossProfitPeriod: string;
};

const userName = (alias: string) => sql.raw(`coalesce(${alias}.name, ${alias}.email)`);
const timestamp = (column: string) => sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`);

/** Every close, newest period (and version) first, with its period totals over the rows that count. */
export function listWipCloses(tx: Tx): Promise<WipCloseListRow[]> {
  return queryRows<WipCloseListRow>(tx, sql`
    select c.id, '/wip/closes/' || c.id as href, c.period_end::text as "periodEnd", c.version, c.status,
      ${userName("cu")} as "closedBy", ${timestamp("c.closed_at")} as "closedAt",
      ${userName("ru")} as "reopenedBy", ${timestamp("c.reopened_at")} as "reopenedAt", c.reopen_reason as "reopenReason",
      coalesce(r.projects, 0)::int as projects,
      coalesce(r.earned, 0)::numeric(14,2)::text as "earnedRevenuePeriod", coalesce(r.profit, 0)::numeric(14,2)::text as "grossProfitPeriod"
    from wip_closes c
    left join users cu on cu.id = c.closed_by
    left join users ru on ru.id = c.reopened_by
    left join lateral (
      select count(*) as projects, sum(earned_revenue_period) filter (where flag is null) as earned, sum(gross_profit_period) filter (where flag is null) as profit
      from wip_close_rows where close_id = c.id
    ) r on true
    order by c.period_end desc, c.version desc`);
}

/** The latest period end in force (closed), if any. */
export async function latestClosedPeriodEnd(tx: Tx): Promise<string | null> {
  const [row] = await queryRows<{ periodEnd: string }>(tx, sql`
    select period_end::text as "periodEnd" from wip_closes where status = 'closed' order by period_end desc limit 1`);
  return row?.periodEnd ?? null;
}

type StoredRow = Omit<WipScheduleRow, "project" | "status" | "statusKey" | "href" | "loss" | "flagLabel" | "flag"> & Record<PeriodKey, string> & { status: ProjectStatus; flag: WipFlag | null };

const FIGURE_KEYS = figureKeysOf(wipCloseTable);

/** One close with its frozen rows (sorted as asked) and totals; the totals leave the flagged rows out. */
export async function findWipClose(tx: Tx, closeId: string, sort: TableSort = wipCloseTable.defaultSort): Promise<WipClose> {
  if (!isUuid(closeId)) throw new RecordNotFound("WIP close");
  const [header] = await queryRows<WipCloseHeader>(tx, sql`
    select c.id, c.period_end::text as "periodEnd", c.version, c.status, c.fiscal_year_start::text as "fiscalYearStart",
      p.period_end::text as "previousPeriodEnd", f.period_end::text as "fiscalYearPeriodEnd",
      ${userName("cu")} as "closedBy", ${timestamp("c.closed_at")} as "closedAt",
      ${userName("ru")} as "reopenedBy", ${timestamp("c.reopened_at")} as "reopenedAt", c.reopen_reason as "reopenReason"
    from wip_closes c
    left join wip_closes p on p.id = c.previous_close_id
    left join wip_closes f on f.id = c.fiscal_year_close_id
    left join users cu on cu.id = c.closed_by
    left join users ru on ru.id = c.reopened_by
    where c.id = ${closeId}`);
  if (!header) throw new RecordNotFound("WIP close");
  const stored = await queryRows<StoredRow>(tx, sql`
    select project_id as "projectId", job_number as "jobNumber", project_name as name, project_status as status,
      contract_sum_to_date::text as "contractSumToDate", estimated_total_cost::text as "estimatedTotalCost",
      cost_to_date::text as "costToDate", billed_to_date::text as "billedToDate",
      percent_complete::text as "percentComplete", percent_complete_display::text as "percentCompleteDisplay",
      earned_revenue::text as "earnedRevenue", over_billing::text as "overBilling", under_billing::text as "underBilling",
      gross_profit_to_date::text as "grossProfitToDate", projected_gross_profit::text as "projectedGrossProfit",
      projected_margin::text as "projectedMargin", projected_margin_display::text as "projectedMarginDisplay",
      is_loss as "isLoss", flag,
      earned_revenue_period::text as "earnedRevenuePeriod", gross_profit_period::text as "grossProfitPeriod",
      earned_revenue_ytd::text as "earnedRevenueYtd", gross_profit_ytd::text as "grossProfitYtd"
    from wip_close_rows where close_id = ${closeId} order by job_number, project_id`);
  // The stored figures stand as they were closed; only the labels are derived again.
  const rows = stored.map((row): WipClosedRow => ({ ...row, ...rowLabels({ ...row, flag: row.flag }) }));
  const counted = rows.filter(countsInTotals);
  const periodTotals = Object.fromEntries(WIP_PERIOD_COLUMNS.map((c) => [c.key, moneyString(sumMoney(counted.map((r) => r[c.key])))])) as Record<PeriodKey, string>;
  return {
    ...header,
    rows: sortWipRows(rows, sort, FIGURE_KEYS),
    totals: { ...wipTotals(rows), ...periodTotals },
    excluded: rows.length - counted.length,
  };
}
