import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Link } from "react-router";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, MoneyField, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { addLineSchema, updateLineSchema } from "./change-orders.schema";

export type LineView = {
  id: string;
  lineNumber: number;
  costCodeId: string;
  costCode: string;
  costCodeName: string;
  costTypeId: string;
  costType: string;
  description: string;
  amount: string;
  budgetAmount: string | null;
};

export type LineChoices = { costCodes: { id: string; code: string; name: string }[]; costTypes: { id: string; name: string }[] };

const th = "px-3 py-2 text-left text-xs font-semibold uppercase tracking-wide text-slate-600";
const thRight = `${th} text-right`;
const td = "px-3 py-2 align-top";
const tdMoney = `${td} text-right tabular-nums`;

/** The lines with a totals row; while the change order is a draft, each line can be edited or deleted. */
export function LinesTable(props: {
  lines: LineView[];
  prime: boolean;
  totals: { amount: string; budgetAmount: string | null };
  editable: boolean;
  version: number;
  editHref: (lineId: string) => string;
}) {
  const { lines, prime, totals, editable } = props;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Change order lines</caption>
        <thead className="bg-slate-50">
          <tr>
            <th className={th}>#</th>
            <th className={th}>Cost code</th>
            <th className={th}>Cost type</th>
            <th className={th}>Description</th>
            <th className={thRight}>Amount</th>
            {prime ? <th className={thRight}>Budget amount</th> : null}
            {editable ? <th className={th}><span className="sr-only">Actions</span></th> : null}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.length === 0 ? (
            <tr>
              <td colSpan={7} className="px-3 py-6 text-center text-slate-500">
                No lines yet.
              </td>
            </tr>
          ) : null}
          {lines.map((l) => (
            <tr key={l.id}>
              <td className={td}>{l.lineNumber}</td>
              <td className={td}>
                {l.costCode} <span className="text-slate-500">{l.costCodeName}</span>
              </td>
              <td className={td}>{l.costType}</td>
              <td className={td}>{l.description}</td>
              <td className={tdMoney}>
                <Money value={l.amount} />
              </td>
              {prime ? <td className={tdMoney}>{l.budgetAmount === null ? <span className="text-slate-400">—</span> : <Money value={l.budgetAmount} />}</td> : null}
              {editable ? (
                <td className={`${td} whitespace-nowrap`}>
                  <Link to={props.editHref(l.id)} className="mr-3 text-brand-700 hover:underline">
                    Edit
                  </Link>
                  <PostForm className="inline">
                    <input type="hidden" name="version" value={props.version} />
                    <input type="hidden" name="lineId" value={l.id} />
                    <button type="submit" name="intent" value="delete-line" className="text-red-700 hover:underline">
                      Delete
                    </button>
                  </PostForm>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
        <tfoot className="bg-slate-50 font-semibold">
          <tr>
            <td className={td} colSpan={4}>
              Total
            </td>
            <td className={tdMoney}>
              <Money value={totals.amount} />
            </td>
            {prime ? <td className={tdMoney}>{totals.budgetAmount === null ? <span className="text-slate-400">—</span> : <Money value={totals.budgetAmount} />}</td> : null}
            {editable ? <td /> : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** Adds a line, or edits `line` when given; one line per post, so it works without JavaScript. */
export function LineForm(props: { line?: LineView; prime: boolean; version: number; choices: LineChoices; lastResult?: SubmissionResult<string[]>; cancelHref?: string }) {
  const { line, prime, choices } = props;
  const schema = line ? updateLineSchema : addLineSchema;
  const [form, fields] = useZodForm(schema, {
    id: line ? `line-${line.id}` : "add-line",
    lastResult: props.lastResult,
    defaultValue: line
      ? { costCodeId: line.costCodeId, costTypeId: line.costTypeId, description: line.description, amount: line.amount, budgetAmount: line.budgetAmount ?? undefined }
      : undefined,
  });
  const codeOptions = [{ value: "", label: "— Choose a cost code —" }, ...choices.costCodes.map((c) => ({ value: c.id, label: `${c.code} · ${c.name}` }))];
  const typeOptions = [{ value: "", label: "— Choose a cost type —" }, ...choices.costTypes.map((t) => ({ value: t.id, label: t.name }))];
  return (
    <PostForm {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h3 className="font-semibold">{line ? `Edit line ${line.lineNumber}` : "Add a line"}</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="version" value={props.version} />
      {line ? <input type="hidden" name="lineId" value={line.id} /> : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField meta={fields.costCodeId} label="Cost code" options={codeOptions} />
        <SelectField meta={fields.costTypeId} label="Cost type" options={typeOptions} />
      </div>
      <TextField meta={fields.description} label="Description" />
      <div className="grid gap-4 sm:grid-cols-2">
        <MoneyField meta={fields.amount} label={prime ? "Amount (contract sum change)" : "Amount (commitment change)"} help="Negative for a deduction, e.g. -1,500.00" />
        {prime ? <MoneyField meta={fields.budgetAmount} label="Budget amount (cost side)" help="Changes the budget of this cost code and type; leave empty for none." /> : null}
      </div>
      <div className="flex items-center gap-4">
        <SubmitButton name="intent" value={line ? "update-line" : "add-line"}>
          {line ? "Save line" : "Add line"}
        </SubmitButton>
        {props.cancelHref ? (
          <Link to={props.cancelHref} className="text-sm text-slate-600 hover:underline">
            Cancel
          </Link>
        ) : null}
      </div>
    </PostForm>
  );
}
