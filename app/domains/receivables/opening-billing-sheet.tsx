import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { useRef } from "react";
import { Money } from "~/components/data-table/cells";
import { FieldErrors, FormErrors, MoneyField, PostForm, SubmitButton, TextField } from "~/components/forms";
import { GRID_CELL, useGridPaste } from "~/components/grid-paste";
import { useZodForm } from "~/components/use-zod-form";
import { groupedMoneyText } from "~/utils/money";
import { openingBillingSchema } from "./opening-billing.schema";

export type OpeningSheetView = {
  version: number;
  lastApplicationNumber: string;
  periodEnd: string;
  certificateDate: string;
  previousCertificates: string;
  receivedToDate: string;
  lines: { sovLineId: string; lineNumber: number; description: string; scheduledValue: string; completed: string; stored: string; retainageHeld: string }[];
};

const cell = "px-2 py-2";
const num = `${cell} text-right tabular-nums`;
const input =
  "block w-32 rounded-md border border-slate-300 bg-white px-2 py-1 text-right text-sm tabular-nums focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";
const COLUMNS = ["Work completed from previous applications", "Materials stored", "Retainage held to date"] as const;

/**
 * The opening position on one form: the contract-level figures of the last application billed
 * before the app, and a grid of the SOV lines (Tab moves along a row; with JavaScript a block
 * pasted from Excel fills the cells). One post saves everything; read-only when `editable` is false.
 */
export function OpeningBillingSheet({ sheet, editable, lastResult }: { sheet: OpeningSheetView; editable: boolean; lastResult?: SubmissionResult<string[]> }) {
  const grouped = (amount: string) => groupedMoneyText(amount) ?? amount;
  const [form, fields] = useZodForm(openingBillingSchema, {
    id: "opening-billing",
    lastResult,
    defaultValue: {
      ...sheet,
      version: String(sheet.version),
      lines: sheet.lines.map((l) => ({ sovLineId: l.sovLineId, completed: grouped(l.completed), stored: grouped(l.stored), retainageHeld: grouped(l.retainageHeld) })),
    },
  });
  const rows = fields.lines.getFieldList();
  const grid = useRef<HTMLDivElement>(null);
  useGridPaste(grid);
  const table = (
    <div ref={grid} className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="opening-sheet">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={cell}>Line</th>
            <th scope="col" className={cell}>Description</th>
            <th scope="col" className={`${cell} text-right`}>Scheduled value</th>
            {COLUMNS.map((label) => (
              <th key={label} scope="col" className={`${cell} text-right`}>{label}</th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {sheet.lines.map((line, i) => {
            const entry = rows[i]?.getFieldset();
            const values = [line.completed, line.stored, line.retainageHeld];
            return (
              <tr key={line.sovLineId}>
                <td className={cell}>
                  {line.lineNumber}
                  {editable ? <input type="hidden" name={`${fields.lines.name}[${i}].sovLineId`} value={line.sovLineId} /> : null}
                </td>
                <td className={cell}>{line.description}</td>
                <td className={num}><Money value={line.scheduledValue} /></td>
                {editable && entry
                  ? [entry.completed, entry.stored, entry.retainageHeld].map((meta, c) => (
                      <td key={meta.key ?? meta.name} className={num}>
                        <input {...getInputProps(meta, { type: "text" })} {...GRID_CELL} key={meta.key} inputMode="decimal" aria-label={`Line ${line.lineNumber} ${COLUMNS[c].toLowerCase()}`} className={input} />
                        <FieldErrors id={meta.errorId} errors={meta.errors} />
                      </td>
                    ))
                  : values.map((value, c) => (
                      <td key={COLUMNS[c]} className={num}><Money value={value} /></td>
                    ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  if (!editable) return table;
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="version" value={sheet.version} />
      <div className="grid max-w-4xl gap-3 sm:grid-cols-3">
        <TextField meta={fields.lastApplicationNumber} label="Number of the last previous application" inputMode="numeric" help="The next application gets the next number." />
        <TextField meta={fields.periodEnd} label="Its period end" type="date" />
        <TextField meta={fields.certificateDate} label="Its certificate date" type="date" help="What is still open ages from this date." />
        <MoneyField meta={fields.previousCertificates} label="Previous certificates total" help="What the owner was certified to date (line 6 of the last certificate)." />
        <MoneyField meta={fields.receivedToDate} label="Amount received to date" />
      </div>
      {table}
      <SubmitButton>Save the opening position</SubmitButton>
    </PostForm>
  );
}
