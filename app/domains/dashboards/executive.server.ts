/**
 * The owner/executive section: backlog, contract value, billed to date, gross profit and margin (to
 * date and projected) by project and in total, from the live WIP schedule (given: computed once for
 * the page from the stored budget figures), and the trend over the last 12 month-end closes from
 * their frozen rows (one statement). Every figure links to the WIP schedule (or the close) whose
 * totals it is; backlog is contract sum to date − earned revenue, two columns of that schedule.
 * Win rate waits for the CRM's pipeline.
 */
import { sql } from "drizzle-orm";
import type { WipSchedule } from "~/domains/wip/wip.server";
import type { WipTotals } from "~/domains/wip/wip-math";
import { chartValue, renderChartSvg } from "~/utils/charts.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";
import { CHART_GRID, CHART_SIZE, compactAxis } from "./dashboard-charts.server";
import { dashboardLinks } from "./dashboard-links";

export const TREND_CLOSES = 12;

export type TrendPoint = { closeId: string; periodEnd: string; href: string; contractSumToDate: string; earnedRevenue: string; billedToDate: string; grossProfitToDate: string };

/** The last closes in force, oldest first, with the totals of their rows that count (as the close page totals them). */
function closeTrend(tx: Tx) {
  return queryRows<TrendPoint>(tx, sql`
    select c.id as "closeId", c.period_end::text as "periodEnd", '/wip/closes/' || c.id as href,
      coalesce(r.contract, 0)::numeric(14,2)::text as "contractSumToDate", coalesce(r.earned, 0)::numeric(14,2)::text as "earnedRevenue",
      coalesce(r.billed, 0)::numeric(14,2)::text as "billedToDate", coalesce(r.profit, 0)::numeric(14,2)::text as "grossProfitToDate"
    from (select id, period_end from wip_closes where status = 'closed' order by period_end desc limit ${TREND_CLOSES}) c
    left join lateral (
      select sum(contract_sum_to_date) as contract, sum(earned_revenue) as earned, sum(billed_to_date) as billed, sum(gross_profit_to_date) as profit
      from wip_close_rows where close_id = c.id and flag is null
    ) r on true
    order by c.period_end`);
}

const margin = (profit: string, revenue: string) => (dec(revenue).isZero() ? null : dec(profit).div(revenue).times(100).toFixed(2));

export const backlogOf = (t: Pick<WipTotals, "contractSumToDate" | "earnedRevenue">) => moneyString(dec(t.contractSumToDate).minus(t.earnedRevenue));

function trendChart(points: TrendPoint[]) {
  const series = (name: string, pick: (p: TrendPoint) => string) => ({ name, type: "line" as const, data: points.map((p) => chartValue(pick(p))) });
  return renderChartSvg(
    {
      color: ["#1d4ed8", "#0f766e", "#b45309"],
      legend: { top: 0, data: ["Earned revenue", "Billed to date", "Gross profit to date"] },
      grid: CHART_GRID,
      xAxis: { type: "category", data: points.map((p) => p.periodEnd.slice(0, 7)) },
      yAxis: { type: "value", axisLabel: { formatter: compactAxis } },
      series: [series("Earned revenue", (p) => p.earnedRevenue), series("Billed to date", (p) => p.billedToDate), series("Gross profit to date", (p) => p.grossProfitToDate)],
    },
    CHART_SIZE,
  );
}

export async function executiveSection(tx: Tx, schedule: WipSchedule) {
  const t = schedule.totals;
  const points = await closeTrend(tx);
  const totals = [
    { label: "Backlog", value: backlogOf(t), href: dashboardLinks.wip(), note: "Contract sum to date − earned revenue (WIP)" },
    { label: "Contract value", value: t.contractSumToDate, href: dashboardLinks.wip("contractSumToDate", "desc"), note: "Contract sum to date, with approved owner change orders" },
    { label: "Billed to date", value: t.billedToDate, href: dashboardLinks.wip("billedToDate", "desc"), note: "Line 4 of the latest certified pay applications" },
    {
      label: "Gross profit to date",
      value: t.grossProfitToDate,
      href: dashboardLinks.wip("grossProfitToDate", "desc"),
      note: `Margin ${margin(t.grossProfitToDate, t.earnedRevenue) ?? "—"}% of earned revenue`,
    },
    {
      label: "Projected gross profit",
      value: t.projectedGrossProfit,
      href: dashboardLinks.wip("projectedGrossProfit", "desc"),
      note: `Projected margin ${t.projectedMarginDisplay}%`,
    },
  ];
  const projects = schedule.rows
    .filter((r) => r.flag === null)
    .map((r) => ({
      projectId: r.projectId,
      project: r.project,
      href: r.href,
      backlog: backlogOf(r),
      contractSumToDate: r.contractSumToDate,
      billedToDate: r.billedToDate,
      grossProfitToDate: r.grossProfitToDate,
      marginToDate: margin(r.grossProfitToDate, r.earnedRevenue),
      projectedGrossProfit: r.projectedGrossProfit,
      projectedMargin: r.projectedMarginDisplay,
      isLoss: r.isLoss,
    }));
  return {
    totals,
    projects,
    excluded: schedule.excluded,
    wipHref: dashboardLinks.wip(),
    trend: { points, svg: points.length > 0 ? trendChart(points) : null },
  };
}

export type ExecutiveSection = Awaited<ReturnType<typeof executiveSection>>;
