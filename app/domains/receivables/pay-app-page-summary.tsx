import { Money } from "~/components/data-table/cells";
import type { G702Summary } from "./pay-app-math";

type SummaryRow = { line: string; label: string; value: string; note?: string; strong?: boolean; sub?: boolean };

function rows(s: G702Summary): SummaryRow[] {
  return [
    { line: "1", label: "Original contract sum", value: s.line1OriginalContractSum },
    { line: "2", label: "Net change by approved change orders", value: s.line2NetChangeByChangeOrders },
    { line: "3", label: "Contract sum to date", value: s.line3ContractSumToDate, note: "1 + 2", strong: true },
    { line: "4", label: "Total completed and stored to date", value: s.line4CompletedAndStoredToDate, note: "Σ column G" },
    { line: "5a", label: "Retainage on completed work", value: s.line5aRetainageOnCompleted, sub: true },
    { line: "5b", label: "Retainage on stored materials", value: s.line5bRetainageOnStored, sub: true },
    { line: "5", label: "Total retainage", value: s.line5TotalRetainage, note: "5a + 5b" },
    { line: "6", label: "Total earned less retainage", value: s.line6EarnedLessRetainage, note: "4 − 5" },
    { line: "7", label: "Less previous certificates for payment", value: s.line7PreviousCertificates, note: "line 6 of the previous certified application" },
    { line: "8", label: "Current payment due", value: s.line8CurrentPaymentDue, note: "6 − 7", strong: true },
    { line: "9", label: "Balance to finish, including retainage", value: s.line9BalanceToFinishIncludingRetainage, note: "3 − 6" },
  ];
}

/** The application summary (G702-style lines 1–9), each line with how it is worked out. */
export function PayAppSummary({ summary }: { summary: G702Summary }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-sm" data-testid="g702-summary">
        <caption className="border-b border-slate-200 bg-slate-50 px-3 py-2 text-left font-semibold text-slate-700">Application summary</caption>
        <tbody className="divide-y divide-slate-100">
          {rows(summary).map((row) => (
            <tr key={row.line} className={row.strong ? "font-semibold" : undefined} data-testid={`g702-line-${row.line}`}>
              <th scope="row" className={`w-12 px-3 py-2 text-left font-normal text-slate-500 ${row.sub ? "pl-6" : ""}`}>{row.line}</th>
              <td className={`px-3 py-2 ${row.sub ? "pl-6 text-slate-600" : ""}`}>
                {row.label}
                {row.note ? <span className="ml-2 text-xs font-normal text-slate-500">({row.note})</span> : null}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                <Money value={row.value} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
