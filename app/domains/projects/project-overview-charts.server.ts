/**
 * The project overview's charts as server-rendered SVG (renderChartSvg). Amounts reach ECharts as
 * numbers only to place marks; every exact figure is in the table beside the chart.
 */
import { chartValue, renderChartSvg, type EChartsOption } from "~/utils/charts.server";
import type { ChangeOrderExposure, CommitmentPosition, MonthRow } from "./project-overview.server";

const SIZE = { width: 720, height: 300 };
const COLORS = { budget: "#64748b", cost: "#b45309", billed: "#1d4ed8", paid: "#15803d", open: "#d97706", approved: "#1d4ed8" };

const money = chartValue;
const monthLabel = (month: string) => month.slice(0, 7);
const axisMoney = { type: "value" as const, axisLabel: { formatter: (v: number) => (Math.abs(v) >= 1e6 ? `${v / 1e6}M` : Math.abs(v) >= 1e3 ? `${v / 1e3}k` : String(v)) } };
const legend = { top: 0, itemGap: 28, textStyle: { fontSize: 12 } };
const grid = { left: 56, right: 16, top: 36, bottom: 40 };

/** Revised budget, actual cost and billed to date, cumulative by month. */
export function budgetCostBilledChart(months: MonthRow[]): string {
  const option: EChartsOption = {
    color: [COLORS.budget, COLORS.cost, COLORS.billed],
    legend,
    grid,
    xAxis: { type: "category", data: months.map((m) => monthLabel(m.month)) },
    yAxis: axisMoney,
    series: [
      { name: "Revised budget", type: "line", step: "end", symbol: "none", lineStyle: { type: "dashed" }, data: months.map((m) => money(m.revisedBudget)) },
      { name: "Actual cost", type: "line", symbol: "circle", data: months.map((m) => money(m.actualCost)) },
      { name: "Billed to date", type: "line", symbol: "circle", data: months.map((m) => money(m.billed)) },
    ],
  };
  return renderChartSvg(option, SIZE);
}

/** Committed vs billed vs paid of the largest commitments. */
export function commitmentsChart(rows: CommitmentPosition[]): string {
  const option: EChartsOption = {
    color: [COLORS.budget, COLORS.billed, COLORS.paid],
    legend,
    grid: { ...grid, bottom: 64 },
    xAxis: { type: "category", data: rows.map((r) => r.number), axisLabel: { rotate: rows.length > 6 ? 30 : 0, fontSize: 11 } },
    yAxis: axisMoney,
    series: [
      { name: "Committed", type: "bar", data: rows.map((r) => money(r.committed)) },
      { name: "Billed", type: "bar", data: rows.map((r) => money(r.billed)) },
      { name: "Paid", type: "bar", data: rows.map((r) => money(r.paid)) },
    ],
  };
  return renderChartSvg(option, SIZE);
}

/** Approved vs open change orders, prime (owner) and commitment (subcontract). */
export function changeOrdersChart(rows: ChangeOrderExposure[]): string {
  const of = (kind: string, state: string) => money(rows.find((r) => r.kind === kind && r.state === state)?.amount ?? "0");
  const option: EChartsOption = {
    color: [COLORS.approved, COLORS.open],
    legend,
    grid,
    xAxis: { type: "category", data: ["Prime (owner)", "Commitment (subcontract)"] },
    yAxis: axisMoney,
    series: [
      { name: "Approved", type: "bar", data: [of("prime", "approved"), of("commitment", "approved")] },
      { name: "Open (draft or pending)", type: "bar", data: [of("prime", "open"), of("commitment", "open")] },
    ],
  };
  return renderChartSvg(option, { width: SIZE.width, height: 260 });
}

/** Cash received from the owner vs paid to vendors, by month. */
export function cashChart(months: MonthRow[]): string {
  const option: EChartsOption = {
    color: [COLORS.paid, COLORS.cost],
    legend,
    grid,
    xAxis: { type: "category", data: months.map((m) => monthLabel(m.month)) },
    yAxis: axisMoney,
    series: [
      { name: "Received from owner", type: "bar", data: months.map((m) => money(m.cashIn)) },
      { name: "Paid to vendors", type: "bar", data: months.map((m) => money(m.cashOut)) },
    ],
  };
  return renderChartSvg(option, SIZE);
}
