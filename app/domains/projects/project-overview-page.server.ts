/**
 * Everything the project overview shows, by what the member may read: the headline figures (each
 * with the link to the filtered list or report that sums it), the charts as SVG and the rows of
 * their table alternatives. Reads stored figures (the budget figure cache, the AP totals read
 * model, the pay applications' G702 lines) plus a few grouped statements over the one project.
 */
import { projectFinancialSummary, type ProjectFinancialSummary } from "~/domains/budgets/figures.server";
import { projectBillingSummary, type ProjectBilling } from "~/domains/receivables/project-billing.server";
import { organizationToday } from "~/utils/aging-report.server";
import { filterParam } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { budgetCostBilledChart, cashChart, changeOrdersChart, commitmentsChart } from "./project-overview-charts.server";
import { changeOrderExposure, commitmentPositions, monthlyInputs, monthlySeries, paidToVendors } from "./project-overview.server";

export type OverviewAccess = { budgets: boolean; receivables: boolean; payables: boolean; commitments: boolean; changeOrders: boolean };

export type HeadlineFigure = { key: string; label: string; kind: "money" | "percent"; value: string | null; href: string; note: string };

/** How many commitments the chart draws (the table lists every one). */
export const CHART_COMMITMENTS = 10;

export function listHref(path: string, filters: Record<string, string>): string {
  const search = new URLSearchParams(Object.entries(filters).map(([key, value]) => [filterParam(key), value])).toString();
  return search ? `${path}?${search}` : path;
}

/** a ÷ b in percent with one decimal, or null when b is zero. */
export function percentOf(a: string, b: string): string | null {
  return dec(b).isZero() ? null : dec(a).div(b).times(100).toFixed(1);
}

/** The budget health and profit figures: from the stored budget totals and, when readable, the owner billing. */
export function headlineFigures(projectId: string, summary: ProjectFinancialSummary, billing: ProjectBilling | null): HeadlineFigure[] {
  const base = `/projects/${projectId}`;
  const { budget, contract } = summary;
  const profit = dec(contract.contractSumToDate).minus(budget.eac).toFixed(2);
  const figures: HeadlineFigure[] = [
    { key: "contractValue", label: "Contract value", kind: "money", value: contract.contractSumToDate, href: `${base}/contract`, note: contract.exists ? "Original contract sum + approved prime change orders" : "No prime contract yet" },
    { key: "originalBudget", label: "Original budget", kind: "money", value: budget.original, href: `${base}/budget`, note: "Budget before any change" },
    { key: "revisedBudget", label: "Revised budget", kind: "money", value: budget.revised, href: `${base}/budget`, note: "Original + approved changes" },
    { key: "committed", label: "Committed", kind: "money", value: budget.committed, href: listHref(`${base}/commitments`, { status: "committed" }), note: "Executed and closed commitments + their approved change orders" },
    { key: "actualCost", label: "Actual cost", kind: "money", value: budget.actual, href: `${base}/job-cost`, note: "Posted vendor invoices, direct and opening costs" },
    { key: "projectedCost", label: "Projected cost", kind: "money", value: budget.projectedCost, href: `${base}/budget`, note: "Committed + direct costs + pending cost changes" },
    { key: "overUnder", label: "Projected over/under", kind: "money", value: budget.overUnder, href: `${base}/job-cost`, note: "Projected budget − estimate at completion (negative is an overrun)" },
    { key: "pendingChanges", label: "Open change order exposure", kind: "money", value: contract.pendingChanges, href: listHref(`${base}/change-orders`, { kind: "prime", status: "open" }), note: `${summary.openChangeOrders} open (draft or pending approval) prime change orders` },
    { key: "percentSpent", label: "% spent", kind: "percent", value: percentOf(budget.actual, budget.revised), href: `${base}/job-cost`, note: "Actual cost ÷ revised budget" },
  ];
  if (billing)
    figures.push({ key: "percentComplete", label: "% complete (billed)", kind: "percent", value: percentOf(billing.billedToDate, contract.contractSumToDate), href: `${base}/pay-apps`, note: "Completed and stored to date ÷ contract value" });
  figures.push(
    { key: "projectedProfit", label: "Projected gross profit", kind: "money", value: profit, href: `${base}/job-cost`, note: "Contract value − estimate at completion" },
    { key: "projectedMargin", label: "Projected margin", kind: "percent", value: percentOf(profit, contract.contractSumToDate), href: `${base}/job-cost`, note: "Projected gross profit ÷ contract value" },
  );
  return figures;
}

export async function loadProjectOverview(tx: Tx, project: { id: string; jobNumber: string; name: string }, access: OverviewAccess) {
  const summary = access.budgets ? await projectFinancialSummary(tx, project.id) : null;
  const billing = access.receivables ? await projectBillingSummary(tx, project.id) : null;
  const months = access.budgets || access.receivables || access.payables ? monthlySeries(await monthlyInputs(tx, project.id), summary?.budget.original ?? "0", await organizationToday(tx)) : [];
  const commitments = access.commitments ? await commitmentPositions(tx, project.id) : null;
  const changeOrders = access.changeOrders ? await changeOrderExposure(tx, project.id) : null;
  const paid = access.payables ? await paidToVendors(tx, project.id) : null;
  const projectLabel = `${project.jobNumber} ${project.name}`;
  return {
    summary,
    billing,
    headline: summary ? headlineFigures(project.id, summary, billing) : [],
    paidToVendors: paid === null ? null : { value: paid, href: listHref("/payables", { project: projectLabel }) },
    timeline:
      summary && billing && months.length
        ? { svg: budgetCostBilledChart(months), rows: months.map(({ month, revisedBudget, actualCost, billed }) => ({ month, revisedBudget, actualCost, billed })) }
        : null,
    cash: billing && access.payables && months.length ? { svg: cashChart(months), rows: months.map(({ month, cashIn, cashOut }) => ({ month, cashIn, cashOut })) } : null,
    commitments: commitments?.length
      ? {
          svg: commitmentsChart(commitments.slice(0, CHART_COMMITMENTS)),
          rows: commitments.map((c) => ({ ...c, href: `/commitments/${c.id}`, vendorHref: `/vendors/${c.vendorId}` })),
          listHref: listHref(`/projects/${project.id}/commitments`, { status: "committed" }),
          charted: Math.min(commitments.length, CHART_COMMITMENTS),
        }
      : null,
    changeOrders: changeOrders
      ? {
          svg: changeOrdersChart(changeOrders),
          rows: changeOrders.map((r) => ({ ...r, href: listHref(`/projects/${project.id}/change-orders`, { kind: r.kind, status: r.state }) })),
        }
      : null,
  };
}
