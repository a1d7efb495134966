import { getInputProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FieldErrors, MoneyField, TextField } from "~/components/forms";
import { UpdateLineForm } from "~/components/line-forms";
import { useZodForm } from "~/components/use-zod-form";
import { CONTINUATION_COLUMNS } from "./g702-vocabulary";
import { lineFormSchema } from "./pay-app-forms";
import type { ContinuationLine, ContinuationTotals } from "./pay-app-page-view";

const cell = "px-3 py-2";
const num = `${cell} text-right tabular-nums`;

const COLUMNS = CONTINUATION_COLUMNS.map((c) => ({ letter: c.letter, label: c.label, money: c.key !== "item" && c.key !== "description" }));

/**
 * The continuation sheet (G703-style columns C–I) as read (a draft being edited shows the grid of
 * pay-app-page-grid.tsx instead); a release application also shows what each line releases.
 */
export function ContinuationSheet(props: { lines: ContinuationLine[]; totals: ContinuationTotals; showReleased: boolean }) {
  const { lines, totals, showReleased } = props;
  const columns = showReleased ? [...COLUMNS, { letter: "", label: "Released", money: true }] : COLUMNS;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="continuation-sheet">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            {columns.map((c) => (
              <th key={c.label} scope="col" className={c.money ? `${cell} text-right align-bottom` : `${cell} align-bottom`}>
                {c.letter ? <span className="block text-xs font-normal text-slate-500">{c.letter}</span> : null}
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.length === 0 ? (
            <tr><td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">No lines: the schedule of values is empty.</td></tr>
          ) : (
            lines.map((l) => (
              <tr key={l.id} data-testid={`line-${l.lineNumber}`}>
                <td className={cell}>{l.lineNumber}</td>
                <td className={cell}>
                  {l.description}
                  {l.correction ? <span className="ml-2 text-xs text-amber-700">(correction)</span> : null}
                </td>
                <td className={num}><Money value={l.scheduledValue} /></td>
                <td className={num}><Money value={l.previousCompleted} /></td>
                <td className={num}><Money value={l.thisPeriod} /></td>
                <td className={num}><Money value={l.storedNow} /></td>
                <td className={num}><Money value={l.totalCompletedAndStored} /></td>
                <td className={num}>{l.percentComplete}%</td>
                <td className={num}><Money value={l.balanceToFinish} /></td>
                <td className={num}><Money value={l.retainage} /></td>
                {showReleased ? <td className={num}><Money value={l.released} /></td> : null}
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={2} className={cell}>Total</th>
            <td className={num}><Money value={totals.scheduledValue} /></td>
            <td className={num}><Money value={totals.previousCompleted} /></td>
            <td className={num}><Money value={totals.thisPeriod} /></td>
            <td className={num}><Money value={totals.storedNow} /></td>
            <td className={num}><Money value={totals.totalCompletedAndStored} /></td>
            <td className={num}>{totals.percentComplete}%</td>
            <td className={num}><Money value={totals.balanceToFinish} /></td>
            <td className={num}><Money value={totals.retainage} /></td>
            {showReleased ? <td className={num}><Money value={totals.released} /></td> : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/**
 * One line's entry: the work completed this period as an amount, or the % complete to date (the
 * server works out the amount), materials presently stored, and the correction flag that alone
 * lets progress go backwards.
 */
export function LineForm({ line, version, cancelHref, lastResult }: { line: ContinuationLine; version: number; cancelHref: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(lineFormSchema, {
    id: `pay-app-line-${line.id}`,
    lastResult,
    defaultValue: { thisPeriod: line.thisPeriod, storedNow: line.storedNow, correction: line.correction ? "on" : undefined },
  });
  return (
    <div id="line-form" className="max-w-3xl space-y-3 rounded border border-brand-600 bg-white p-4">
      <h3 className="font-medium">
        Line {line.lineNumber} · {line.description}
      </h3>
      <p className="text-sm text-slate-600">
        Scheduled value <Money value={line.scheduledValue} /> · from previous applications <Money value={line.previousCompleted} /> · now {line.percentComplete}% complete and stored.
      </p>
      <UpdateLineForm form={form} lineId={line.id} version={version} cancelHref={cancelHref} submitLabel={`Save line ${line.lineNumber}`}>
        <div className="grid gap-3 sm:grid-cols-3">
          <MoneyField meta={fields.thisPeriod} label="Work completed this period" help="An amount, such as 12,500.00." />
          <TextField meta={fields.percentToDate} label="Or: % complete to date" inputMode="decimal" help="Work completed to date as a % of the scheduled value, stored materials aside. Clear the amount to use it." />
          <MoneyField meta={fields.storedNow} label="Materials presently stored" help="Stored, not yet installed, at the end of the period." />
        </div>
        <div>
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input {...getInputProps(fields.correction, { type: "checkbox" })} className="h-4 w-4 rounded border-slate-300" />
            This entry corrects an earlier application (allows the work completed to go down)
          </label>
          <FieldErrors id={fields.correction.errorId} errors={fields.correction.errors} />
        </div>
      </UpdateLineForm>
    </div>
  );
}
