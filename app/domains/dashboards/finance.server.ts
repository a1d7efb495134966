/**
 * The finance section of the home dashboard: cash position, unbilled work and over/under billing,
 * the aging chart and the two queues finance works (pay applications to certify, vendor invoices
 * to approve). Each figure is the total of the table its link opens:
 * - AR outstanding / overdue and retainage receivable: the AR aging as of today (its open section's
 *   total, the part past due, its retainage section's total);
 * - AP due within 7 days / overdue: approved vendor invoices by due date (/payables, balance);
 *   retainage payable: the AP aging's retainage section;
 * - unbilled work (under-billing) and over-billing: the WIP schedule's totals (given, computed once
 *   for the page);
 * - queues: submitted pay applications (payment due) and invoices pending approval (total).
 * Statements: the two agings (one each, as their pages read them) and one for the payables
 * windows and both queues.
 */
import { sql } from "drizzle-orm";
import { apAgingSums } from "~/domains/payables/ap-aging.server";
import { arAgingItems } from "~/domains/receivables/ar-aging.server";
import type { WipTotals } from "~/domains/wip/wip-math";
import { AGING_BUCKETS, AGING_BUCKET_LABELS, ageBucketed, ageItems, type AgingAmounts } from "~/utils/aging";
import { chartValue, renderChartSvg } from "~/utils/charts.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec, moneyString } from "~/utils/money";
import { CHART_GRID, CHART_SIZE, compactAxis } from "./dashboard-charts.server";
import { addDays, dashboardLinks } from "./dashboard-links";

export type Figure = { label: string; value: string; href: string; note?: string; count?: number };

type QueueRow = {
  apDueSoon: string;
  apOverdue: string;
  payAppsSubmitted: number;
  payAppsSubmittedDue: string;
  invoicesPending: number;
  invoicesPendingTotal: string;
};

/** Approved invoices' balance due in the window and overdue, and the two queues, in one statement. */
function queues(tx: Tx, today: string, weekEnd: string, yesterday: string) {
  return queryRows<QueueRow>(tx, sql`
    with ap as (
      select coalesce(sum(i.amount_due - i.amount_paid) filter (where i.due_date between ${today}::date and ${weekEnd}::date), 0) as due_soon,
        coalesce(sum(i.amount_due - i.amount_paid) filter (where i.due_date <= ${yesterday}::date), 0) as overdue
      from ap_invoices i where i.status = 'approved'
    ),
    pending as (select count(*)::int as n, coalesce(sum(i.total), 0) as total from ap_invoices i where i.status = 'pending_approval'),
    submitted as (select count(*)::int as n, coalesce(sum(a.line8_current_payment_due), 0) as due from pay_applications a where a.status = 'submitted')
    select ap.due_soon::numeric(14,2)::text as "apDueSoon", ap.overdue::numeric(14,2)::text as "apOverdue",
      submitted.n as "payAppsSubmitted", submitted.due::numeric(14,2)::text as "payAppsSubmittedDue",
      pending.n as "invoicesPending", pending.total::numeric(14,2)::text as "invoicesPendingTotal"
    from ap, pending, submitted`);
}

/** What is past due in an aging section: everything but the current bucket. */
const pastDue = (amounts: AgingAmounts) => moneyString(dec(amounts.total).minus(amounts.buckets.current));

/** The aging bar chart: AR and AP open amounts (retainage aside) by bucket. */
export function agingChart(ar: AgingAmounts, ap: AgingAmounts) {
  const labels = AGING_BUCKETS.map((b) => AGING_BUCKET_LABELS[b]);
  // Chart geometry only: the exact figures are in the table beside it.
  const values = (a: AgingAmounts) => AGING_BUCKETS.map((b) => chartValue(a.buckets[b]));
  return renderChartSvg(
    {
      color: ["#1d4ed8", "#b45309"],
      legend: { top: 0, data: ["Receivable (AR)", "Payable (AP)"] },
      grid: CHART_GRID,
      xAxis: { type: "category", data: labels },
      yAxis: { type: "value", axisLabel: { formatter: compactAxis } },
      series: [
        { name: "Receivable (AR)", type: "bar", data: values(ar) },
        { name: "Payable (AP)", type: "bar", data: values(ap) },
      ],
    },
    CHART_SIZE,
  );
}

export async function financeSection(tx: Tx, today: string, wip: WipTotals) {
  const [arItems, apSums, [q]] = await Promise.all([arAgingItems(tx), apAgingSums(tx, today), queues(tx, today, addDays(today, 7), addDays(today, -1))]);
  const ar = ageItems(arItems, today);
  const ap = ageBucketed(apSums);
  const arHref = dashboardLinks.arAging(today);
  const apHref = dashboardLinks.apAging(today);
  const cash: Figure[] = [
    { label: "AR outstanding", value: ar.open.totals.total, href: arHref, note: "Certified, not received (AR aging, open receivables)" },
    { label: "AR overdue", value: pastDue(ar.open.totals), href: arHref, note: "Past due on the AR aging (1 day and over)" },
    {
      label: "AP due in 7 days",
      value: q.apDueSoon,
      href: dashboardLinks.approvedPayables({ from: today, to: addDays(today, 7) }),
      note: "Balance of approved invoices due by then",
    },
    { label: "AP overdue", value: q.apOverdue, href: dashboardLinks.approvedPayables({ to: addDays(today, -1) }), note: "Balance of approved invoices past due" },
    { label: "Retainage receivable", value: ar.retainage.totals.total, href: arHref, note: "Held by owners (AR aging, retainage)" },
    { label: "Retainage payable", value: ap.retainage.totals.total, href: apHref, note: "Held from subcontractors (AP aging, retainage)" },
  ];
  const billing: Figure[] = [
    { label: "Unbilled work", value: wip.underBilling, href: dashboardLinks.wip("underBilling", "desc"), note: "Earned, not yet billed (WIP under-billing)" },
    { label: "Over-billing", value: wip.overBilling, href: dashboardLinks.wip("overBilling", "desc"), note: "Billed ahead of the work (WIP)" },
    { label: "Net over/(under) billing", value: moneyString(dec(wip.overBilling).minus(wip.underBilling)), href: dashboardLinks.wip(), note: "Over-billing less under-billing" },
  ];
  const work: Figure[] = [
    {
      label: "Pay applications to certify",
      value: q.payAppsSubmittedDue,
      count: q.payAppsSubmitted,
      href: dashboardLinks.payAppsWithStatus("submitted"),
      note: "Submitted, payment due",
    },
    {
      label: "Vendor invoices to approve",
      value: q.invoicesPendingTotal,
      count: q.invoicesPending,
      href: dashboardLinks.payablesWithStatus("pending_approval"),
      note: "Pending approval, invoice total",
    },
  ];
  return {
    asOf: today,
    cash,
    billing,
    work,
    aging: { ar: ar.open.totals, ap: ap.open.totals, arHref, apHref, svg: agingChart(ar.open.totals, ap.open.totals) },
  };
}

export type FinanceSection = Awaited<ReturnType<typeof financeSection>>;
