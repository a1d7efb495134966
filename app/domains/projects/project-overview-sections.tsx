import type { ReactNode } from "react";
import { ChartFigure } from "~/components/charts/chart-figure";
import { Money } from "~/components/data-table/cells";
import type { HeadlineFigure } from "./project-overview-page.server";

/** The sections of the project overview below its header: figures, charts and their tables. */

const th = "px-2 py-1 text-left font-medium text-slate-600";
const num = "px-2 py-1 text-right tabular-nums whitespace-nowrap";

function FigureValue({ figure }: { figure: HeadlineFigure }) {
  if (figure.value === null) return <span className="text-slate-400">—</span>;
  if (figure.kind === "percent") return <>{figure.value}%</>;
  return <Money value={figure.value} />;
}

/** Every headline figure as a card whose label and value link to the list or report that sums it. */
export function HeadlineFigures({ figures, extra }: { figures: HeadlineFigure[]; extra?: ReactNode }) {
  return (
    <div>
      <h2 className="mb-3 text-lg font-semibold">Key figures</h2>
      <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" data-testid="project-headline">
        {figures.map((f) => (
          <li key={f.key}>
            <a href={f.href} className="block h-full rounded border border-slate-200 bg-white p-3 hover:border-brand-600" data-testid="project-figure" data-figure={f.key}>
              <span className="block text-sm text-slate-600">{f.label}</span>
              <span className="mt-1 block text-xl font-semibold tabular-nums whitespace-nowrap" data-testid="figure-value">
                <FigureValue figure={f} />
              </span>
              <span className="mt-1 block text-xs text-slate-500">{f.note}</span>
            </a>
          </li>
        ))}
        {extra}
      </ul>
    </div>
  );
}

/** A money figure card outside the headline list (paid to vendors). */
export function ExtraFigure({ label, value, href, note, figureKey }: { label: string; value: string; href: string; note: string; figureKey: string }) {
  return (
    <li>
      <a href={href} className="block h-full rounded border border-slate-200 bg-white p-3 hover:border-brand-600" data-testid="project-figure" data-figure={figureKey}>
        <span className="block text-sm text-slate-600">{label}</span>
        <span className="mt-1 block text-xl font-semibold tabular-nums whitespace-nowrap" data-testid="figure-value">
          <Money value={value} />
        </span>
        <span className="mt-1 block text-xs text-slate-500">{note}</span>
      </a>
    </li>
  );
}

type MonthMoney = { month: string } & Record<string, string>;

function MonthTable({ rows, columns, caption }: { rows: MonthMoney[]; columns: { key: string; label: string }[]; caption: string }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className={th}>Month</th>
            {columns.map((c) => (
              <th key={c.key} scope="col" className={`${th} text-right`}>{c.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.month} className="border-t border-slate-100">
              <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap">{r.month.slice(0, 7)}</th>
              {columns.map((c) => (
                <td key={c.key} className={num}><Money value={r[c.key]} /></td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TimelineChart({ svg, rows, links }: { svg: string; rows: MonthMoney[]; links: { budget: string; jobCost: string; payApps: string } }) {
  return (
    <ChartFigure title="Budget vs cost vs billed, cumulative by month" svg={svg}>
      <p className="mt-2">
        Revised budget from the <a className="text-brand-700 hover:underline" href={links.budget}>budget</a>, actual cost from the{" "}
        <a className="text-brand-700 hover:underline" href={links.jobCost}>job cost report</a>, billed from the certified{" "}
        <a className="text-brand-700 hover:underline" href={links.payApps}>pay applications</a>.
      </p>
      <MonthTable rows={rows} caption="Revised budget, actual cost and billed to date at each month end" columns={[
        { key: "revisedBudget", label: "Revised budget" },
        { key: "actualCost", label: "Actual cost" },
        { key: "billed", label: "Billed to date" },
      ]} />
    </ChartFigure>
  );
}

export function CashChart({ svg, rows, links }: { svg: string; rows: MonthMoney[]; links: { payApps: string; payables: string } }) {
  return (
    <ChartFigure title="Cash in and out by month" svg={svg}>
      <p className="mt-2">
        Received on the <a className="text-brand-700 hover:underline" href={links.payApps}>pay applications</a>; paid on the project&apos;s{" "}
        <a className="text-brand-700 hover:underline" href={links.payables}>vendor invoices</a>.
      </p>
      <MonthTable rows={rows} caption="Cash received from the owner and paid to vendors by month" columns={[
        { key: "cashIn", label: "Received from owner" },
        { key: "cashOut", label: "Paid to vendors" },
      ]} />
    </ChartFigure>
  );
}

type CommitmentRow = { id: string; number: string; title: string; vendor: string; committed: string; billed: string; paid: string; href: string; vendorHref: string };

export function CommitmentsChart({ svg, rows, listHref, charted }: { svg: string; rows: CommitmentRow[]; listHref: string; charted: number }) {
  return (
    <ChartFigure title={`Commitments: committed vs billed vs paid (largest ${charted})`} svg={svg}>
      <p className="mt-2">
        Every executed or closed commitment; the <a className="text-brand-700 hover:underline" href={listHref}>commitments list</a> totals the committed column.
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="overview-commitments">
          <caption className="sr-only">Committed, billed and paid by commitment</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>Commitment</th>
              <th scope="col" className={th}>Vendor</th>
              <th scope="col" className={`${th} text-right`}>Committed</th>
              <th scope="col" className={`${th} text-right`}>Billed</th>
              <th scope="col" className={`${th} text-right`}>Paid</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} className="border-t border-slate-100">
                <th scope="row" className="px-2 py-1 text-left font-normal whitespace-nowrap">
                  <a className="text-brand-700 hover:underline" href={r.href}>{r.number}</a> <span className="text-slate-500">{r.title}</span>
                </th>
                <td className="px-2 py-1"><a className="text-brand-700 hover:underline" href={r.vendorHref}>{r.vendor}</a></td>
                <td className={num}><Money value={r.committed} /></td>
                <td className={num}><Money value={r.billed} /></td>
                <td className={num}><Money value={r.paid} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFigure>
  );
}

type ExposureRow = { kind: string; state: string; count: number; amount: string; href: string };
const KIND = { prime: "Prime (owner)", commitment: "Commitment (subcontract)" } as Record<string, string>;
const STATE = { approved: "Approved", open: "Open (draft or pending approval)" } as Record<string, string>;

export function ChangeOrdersChart({ svg, rows }: { svg: string; rows: ExposureRow[] }) {
  return (
    <ChartFigure title="Change orders: approved and open exposure" svg={svg}>
      <div className="mt-2 overflow-x-auto">
        <table className="min-w-full text-sm" data-testid="overview-change-orders">
          <caption className="sr-only">Change orders by kind and status</caption>
          <thead>
            <tr>
              <th scope="col" className={th}>Kind</th>
              <th scope="col" className={th}>Status</th>
              <th scope="col" className={`${th} text-right`}>Count</th>
              <th scope="col" className={`${th} text-right`}>Amount</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.kind}-${r.state}`} className="border-t border-slate-100">
                <th scope="row" className="px-2 py-1 text-left font-normal">{KIND[r.kind]}</th>
                <td className="px-2 py-1">{STATE[r.state]}</td>
                <td className={num}>{r.count}</td>
                <td className={num}>
                  <a className="text-brand-700 hover:underline" href={r.href}><Money value={r.amount} /></a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </ChartFigure>
  );
}
