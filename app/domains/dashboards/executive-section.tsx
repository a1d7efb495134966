import { Link } from "react-router";
import { ChartFigure } from "~/components/charts/chart-figure";
import { CalendarDate } from "~/components/data-table/cells";
import type { ExecutiveSection as Data } from "./executive.server";
import { FigureCard, MoneyLink, SectionHeading, tableClass } from "./figure-card";

const pct = (value: string | null) => (value === null ? "—" : `${value}%`);

export function ExecutiveSection({ data }: { data: Data }) {
  return (
    <section aria-labelledby="dashboard-executive" className="space-y-4" data-testid="dashboard-executive">
      <SectionHeading id="dashboard-executive" title="Company">
        <span>Projects in progress on the WIP schedule</span>
        {data.excluded > 0 ? <span> · {data.excluded} without a contract or an estimate left out</span> : null}
      </SectionHeading>
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-2">
        <div className="grid grid-cols-2 content-start gap-2 sm:gap-3">
          {data.totals.map((f) => (
            <FigureCard key={f.label} {...f} />
          ))}
        </div>
        {data.trend.svg ? (
          <ChartFigure
            title={`Trend over the last ${data.trend.points.length} month-end close${data.trend.points.length === 1 ? "" : "s"}`}
            svg={data.trend.svg}
          >
            <div className="overflow-x-auto">
              <table className={tableClass}>
                <thead>
                  <tr>
                    <th scope="col">Close</th>
                    <th scope="col" className="text-right">
                      Earned revenue
                    </th>
                    <th scope="col" className="text-right">
                      Billed to date
                    </th>
                    <th scope="col" className="text-right">
                      GP to date
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.trend.points.map((p) => (
                    <tr key={p.closeId} className="border-t border-slate-100">
                      <th scope="row" className="font-normal">
                        <Link to={p.href} className="text-brand-700 hover:underline">
                          <CalendarDate value={p.periodEnd} />
                        </Link>
                      </th>
                      <td className="text-right">
                        <MoneyLink value={p.earnedRevenue} href={p.href} />
                      </td>
                      <td className="text-right">
                        <MoneyLink value={p.billedToDate} href={p.href} />
                      </td>
                      <td className="text-right">
                        <MoneyLink value={p.grossProfitToDate} href={p.href} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </ChartFigure>
        ) : (
          <p className="text-sm text-slate-600">
            No month-end close yet: the trend starts with the first one.{" "}
            <Link to="/wip/closes" className="text-brand-700 hover:underline">
              Month-end closes
            </Link>
          </p>
        )}
      </div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className={tableClass}>
          <caption className="px-2 py-2 text-left text-sm font-semibold text-slate-700">By project</caption>
          <thead>
            <tr>
              <th scope="col">Project</th>
              <th scope="col" className="text-right">
                Backlog
              </th>
              <th scope="col" className="text-right">
                Contract
              </th>
              <th scope="col" className="text-right">
                Billed
              </th>
              <th scope="col" className="text-right">
                GP to date
              </th>
              <th scope="col" className="text-right">
                Margin
              </th>
              <th scope="col" className="text-right">
                Projected GP
              </th>
              <th scope="col" className="text-right">
                Proj. margin
              </th>
            </tr>
          </thead>
          <tbody>
            {data.projects.map((p) => (
              <tr key={p.projectId} className="border-t border-slate-100">
                <th scope="row" className="font-normal">
                  <Link to={p.href} className="text-brand-700 hover:underline">
                    {p.project}
                  </Link>
                  {p.isLoss ? <span className="ml-1 text-xs font-semibold text-red-700">Loss</span> : null}
                </th>
                <td className="text-right">
                  <MoneyLink value={p.backlog} href={data.wipHref} />
                </td>
                <td className="text-right">
                  <MoneyLink value={p.contractSumToDate} href={data.wipHref} />
                </td>
                <td className="text-right">
                  <MoneyLink value={p.billedToDate} href={data.wipHref} />
                </td>
                <td className="text-right">
                  <MoneyLink value={p.grossProfitToDate} href={data.wipHref} />
                </td>
                <td className="text-right tabular-nums">{pct(p.marginToDate)}</td>
                <td className="text-right">
                  <MoneyLink value={p.projectedGrossProfit} href={data.wipHref} />
                </td>
                <td className="text-right tabular-nums">{pct(p.projectedMargin)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
