import { Link } from "react-router";
import { ChartFigure } from "~/components/charts/chart-figure";
import { CalendarDate } from "~/components/data-table/cells";
import { AGING_BUCKETS, AGING_BUCKET_LABELS } from "~/utils/aging";
import { FigureCard, FigureGrid, MoneyLink, SectionHeading, tableClass } from "./figure-card";
import type { FinanceSection as Data } from "./finance.server";

export function FinanceSection({ data }: { data: Data }) {
  const rows = [
    { label: "Receivable (AR)", amounts: data.aging.ar, href: data.aging.arHref },
    { label: "Payable (AP)", amounts: data.aging.ap, href: data.aging.apHref },
  ];
  return (
    <section aria-labelledby="dashboard-finance" className="space-y-4" data-testid="dashboard-finance">
      <SectionHeading id="dashboard-finance" title="Finance">
        As of <CalendarDate value={data.asOf} />
      </SectionHeading>
      <h3 className="text-sm font-semibold text-slate-700">Cash position</h3>
      <FigureGrid>
        {data.cash.map((f) => (
          <FigureCard key={f.label} {...f} />
        ))}
      </FigureGrid>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <ChartFigure title="Aging: open receivables and payables by days past due (retainage aside)" svg={data.aging.svg}>
          <div className="overflow-x-auto">
            <table className={tableClass}>
              <thead>
                <tr>
                  <th scope="col">Ledger</th>
                  {AGING_BUCKETS.map((b) => (
                    <th key={b} scope="col" className="text-right">
                      {AGING_BUCKET_LABELS[b]}
                    </th>
                  ))}
                  <th scope="col" className="text-right">
                    Total
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr key={r.label} className="border-t border-slate-100">
                    <th scope="row">
                      <Link to={r.href} className="text-brand-700 hover:underline">
                        {r.label}
                      </Link>
                    </th>
                    {AGING_BUCKETS.map((b) => (
                      <td key={b} className="text-right">
                        <MoneyLink value={r.amounts.buckets[b]} href={r.href} />
                      </td>
                    ))}
                    <td className="text-right font-medium">
                      <MoneyLink value={r.amounts.total} href={r.href} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </ChartFigure>
        <div className="space-y-3">
          <h3 className="text-sm font-semibold text-slate-700">Billing position (WIP)</h3>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {data.billing.map((f) => (
              <FigureCard key={f.label} {...f} />
            ))}
          </div>
          <h3 className="text-sm font-semibold text-slate-700">Waiting on finance</h3>
          <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
            {data.work.map((f) => (
              <FigureCard key={f.label} {...f} />
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
