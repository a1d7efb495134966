import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { gridCell as cell, GridCheckbox, GridMoneyInput, gridNum as num, GridSelect, gridSticky as sticky, GridTextInput, PasteGrid } from "~/components/grid-form";
import { useZodForm } from "~/components/use-zod-form";
import { rateToPercent } from "~/utils/money";
import { SOV_BLANK_ROWS, sovGridSchema } from "./contracts.schema";

type Option = { value: string; label: string };

export type SovGridLine = {
  id: string;
  lineNumber: number;
  description: string;
  costCodeId: string | null;
  scheduledValue: string;
  /** The line's own rate; null follows the contract. */
  retainageRate: string | null;
  changeOrderId: string | null;
};

type Props = {
  lines: SovGridLine[];
  blankRows: number;
  version: number;
  costCodes: Option[];
  lastResult?: SubmissionResult<string[]>;
  /** The same page asking for ten more blank rows (a plain link: works without JavaScript). */
  moreRowsHref: string;
};

const th = (label: string, className = cell) => (
  <th scope="col" className={className}>
    {label}
  </th>
);

/**
 * The schedule of values as one grid form: every original line editable (description, cost code,
 * scheduled value, delete), lines added by approved change orders read-only, and blank rows for
 * new lines. One post saves all of it, or nothing when any cell is wrong. Tab moves along a row;
 * with JavaScript, a block copied from Excel (description, cost code, scheduled value) can be pasted.
 */
export function SovGrid({ lines, blankRows, version, costCodes, lastResult, moreRowsHref }: Props) {
  const editable = lines.filter((l) => !l.changeOrderId);
  const fromChangeOrders = lines.filter((l) => l.changeOrderId);
  const [form, fields] = useZodForm(sovGridSchema, {
    id: "sov-grid",
    lastResult,
    defaultValue: {
      lines: [
        ...editable.map((l) => ({
          lineId: l.id,
          description: l.description,
          costCodeId: l.costCodeId ?? "",
          scheduledValue: l.scheduledValue,
          retainagePercent: l.retainageRate === null ? "" : rateToPercent(l.retainageRate),
        })),
        ...Array.from({ length: blankRows }, () => ({})),
      ],
    },
  });
  const rows = fields.lines.getFieldList();
  const options = [{ value: "", label: "No cost code" }, ...costCodes];
  return (
    <PostForm {...getFormProps(form)} className="space-y-3">
      <h3 className="font-medium">Edit the schedule of values</h3>
      <p className="text-sm text-slate-600">
        Change any line, fill blank rows to add lines, clear a row or tick Delete to remove a line, then save once. Leave a line&apos;s retainage empty to follow the contract&apos;s
        rate and bands. Lines from approved change orders cannot be changed here.
      </p>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-sov" />
      <input type="hidden" name="version" value={version} />
      <PasteGrid testId="sov-grid">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            {th("Line", `${cell} sticky left-0 z-10 bg-slate-50`)}
            {th("Description")}
            {th("Cost code")}
            {th("Scheduled value", `${cell} text-right`)}
            {th("Line retainage (%)", `${cell} text-right`)}
            {th("Delete")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row, i) => {
            const line = editable[i];
            const name = line ? `Line ${line.lineNumber}` : `New row ${i - editable.length + 1}`;
            const f = row.getFieldset();
            return (
              <tr key={row.key} data-testid={line ? `sov-row-${line.lineNumber}` : `sov-new-${i - editable.length + 1}`}>
                <td className={sticky}>
                  {line ? line.lineNumber : <span className="text-slate-400">new</span>}
                  {line ? <input type="hidden" name={f.lineId.name} value={line.id} /> : null}
                </td>
                <td className={cell}>
                  <GridTextInput meta={f.description} label={`${name} description`} />
                </td>
                <td className={cell}>
                  <GridSelect meta={f.costCodeId} label={`${name} cost code`} options={options} />
                </td>
                <td className={num}>
                  <GridMoneyInput meta={f.scheduledValue} label={`${name} scheduled value`} />
                </td>
                <td className={num}>
                  <GridTextInput meta={f.retainagePercent} label={`${name} own retainage rate (%)`} width="w-20" inputMode="decimal" />
                </td>
                <td className={cell}>{line ? <GridCheckbox meta={f.remove} label={`Delete line ${line.lineNumber}`} /> : null}</td>
              </tr>
            );
          })}
          {fromChangeOrders.map((l) => (
            <tr key={l.id} className="text-slate-600" data-testid={`sov-row-${l.lineNumber}`}>
              <td className={sticky}>{l.lineNumber}</td>
              <td className={cell} colSpan={2}>
                {l.description} <span className="text-xs">(approved change order: read-only)</span>
              </td>
              <td className={num}>
                <Money value={l.scheduledValue} />
              </td>
              <td className={num}>{l.retainageRate === null ? "" : `${rateToPercent(l.retainageRate)}%`}</td>
              <td className={cell} />
            </tr>
          ))}
        </tbody>
      </PasteGrid>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>Save schedule of values</SubmitButton>
        <a href={moreRowsHref} className="text-sm text-brand-700 hover:underline">
          {SOV_BLANK_ROWS} more blank rows
        </a>
      </div>
    </PostForm>
  );
}
