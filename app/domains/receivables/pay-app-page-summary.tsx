import { Money } from "~/components/data-table/cells";
import { summaryLines, type ChangeOrderSummary, type RetainageTerms } from "./g702-vocabulary";
import type { G702Summary } from "./pay-app-math";

/** The application summary (G702-style lines 1–9), each line with how it is worked out. */
export function PayAppSummary({ summary, terms }: { summary: G702Summary; terms: RetainageTerms }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="g702-summary">
        <caption className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-left font-semibold text-slate-700">Application summary</caption>
        <tbody className="divide-y divide-slate-100">
          {summaryLines(summary, terms).map((row) => (
            <tr key={row.number} className={row.strong ? "font-semibold" : undefined} data-testid={`g702-line-${row.number}`}>
              <th scope="row" className={`w-12 px-3 py-2 text-left font-normal text-slate-500 ${row.part ? "pl-6" : ""}`}>{row.number}</th>
              <td className={`px-3 py-2 ${row.part ? "pl-6 text-slate-600" : ""}`}>
                {row.label}
                {row.note ? <span className="ml-2 text-xs font-normal text-slate-500">({row.note})</span> : null}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                <Money value={row.amount} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The change order summary block (the same words and figures as the PDF and the xlsx). */
export function PayAppChangeOrders({ block }: { block: ChangeOrderSummary }) {
  const num = "px-3 py-2 text-right tabular-nums";
  return (
    <div className="space-y-2">
      <div className="overflow-x-auto rounded border border-slate-200 bg-white">
        <table className="min-w-full text-sm" data-testid="change-order-summary">
          <caption className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-left font-semibold text-slate-700">{block.title}</caption>
          <thead className="text-slate-700">
            <tr>
              <th scope="col" className="px-3 py-2 text-left">{block.columns.label}</th>
              <th scope="col" className={num}>{block.columns.additions}</th>
              <th scope="col" className={num}>{block.columns.deductions}</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {block.rows.map((row) => (
              <tr key={row.label} className={row.strong ? "font-semibold" : undefined}>
                <th scope="row" className="px-3 py-2 text-left font-normal">{row.label}</th>
                <td className={num}><Money value={row.additions} /></td>
                <td className={num}><Money value={row.deductions} /></td>
              </tr>
            ))}
            <tr className="font-semibold" data-testid="change-order-net">
              <th scope="row" className="px-3 py-2 text-left">
                {block.net.label} <span className="ml-2 text-xs font-normal text-slate-500">({block.net.note})</span>
              </th>
              <td className={num} colSpan={2}><Money value={block.net.amount} /></td>
            </tr>
          </tbody>
        </table>
      </div>
      {block.notes.map((note) => (
        <p key={note} className="text-xs text-slate-600">{note}</p>
      ))}
    </div>
  );
}
