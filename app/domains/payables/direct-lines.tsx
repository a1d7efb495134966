import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { addDirectLineSchema, updateDirectLineSchema } from "./payables.schema";

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | undefined;
export type InvoiceLineView = {
  id: string;
  lineNumber: number;
  costCode: string;
  costCodeName: string;
  costTypeName: string;
  costCodeId: string;
  costTypeId: string;
  description: string;
  amount: string;
  retainageReleased: string;
};

const cell = "px-3 py-2";

/**
 * An invoice's stored lines by cost code × cost type: the amounts of a direct-cost invoice, or the
 * retainage each commitment line releases on a release invoice. While a draft, direct lines link to
 * their edit form.
 */
export function InvoiceLinesTable({ lines, total, released, editHref }: { lines: InvoiceLineView[]; total: string; released: boolean; editHref: ((id: string) => string) | null }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="invoice-lines">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={cell}>Line</th>
            <th scope="col" className={cell}>Cost code</th>
            <th scope="col" className={cell}>Cost type</th>
            <th scope="col" className={cell}>Description</th>
            <th scope="col" className={`${cell} text-right`}>{released ? "Retainage released" : "Amount"}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.length === 0 ? (
            <tr><td colSpan={5} className="px-3 py-6 text-center text-slate-500">No lines yet.</td></tr>
          ) : (
            lines.map((l) => (
              <tr key={l.id}>
                <td className={cell}>{editHref ? <a href={editHref(l.id)} className="text-brand-700 hover:underline">{l.lineNumber}</a> : l.lineNumber}</td>
                <td className={cell}>{l.costCode} {l.costCodeName}</td>
                <td className={cell}>{l.costTypeName}</td>
                <td className={cell}>{l.description}</td>
                <td className={`${cell} text-right tabular-nums`}><Money value={released ? l.retainageReleased : l.amount} /></td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={4} className={cell}>Total</th>
            <td className={`${cell} text-right tabular-nums`}><Money value={total} /></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

type FormProps = { version: number; costCodes: Option[]; costTypes: Option[]; lastResult: Result };

const choose = (what: string, options: Option[]) => [{ value: "", label: `Choose a ${what}` }, ...options];

type Field = FieldMetadata<string, Record<string, unknown>, string[]>;
type LineFieldSet = { costCodeId: Field; costTypeId: Field; description: Field; amount: Field };

function LineFields({ fields, costCodes, costTypes }: { fields: LineFieldSet; costCodes: Option[]; costTypes: Option[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-4">
      <SelectField meta={fields.costCodeId} label="Cost code" options={choose("cost code", costCodes)} />
      <SelectField meta={fields.costTypeId} label="Cost type" options={choose("cost type", costTypes)} />
      <TextField meta={fields.description} label="Description" />
      <TextField meta={fields.amount} label="Amount" inputMode="decimal" />
    </div>
  );
}

/** One direct-cost line per post, so an invoice can be entered with JavaScript off. */
export function AddDirectLineForm({ version, costCodes, costTypes, lastResult }: FormProps) {
  const [form, fields] = useZodForm(addDirectLineSchema, { id: "add-direct-line", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">Add a line</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="add-line" />
      <input type="hidden" name="version" value={version} />
      <LineFields fields={fields} costCodes={costCodes} costTypes={costTypes} />
      <SubmitButton>Add line</SubmitButton>
    </PostForm>
  );
}

export function EditDirectLineForm({ line, cancelHref, ...props }: FormProps & { line: InvoiceLineView; cancelHref: string }) {
  const [form, fields] = useZodForm(updateDirectLineSchema, {
    id: `edit-direct-line-${line.id}`,
    lastResult: props.lastResult,
    defaultValue: { costCodeId: line.costCodeId, costTypeId: line.costTypeId, description: line.description, amount: line.amount },
  });
  return (
    <div id="line-form" className="space-y-3 rounded border border-brand-600 bg-white p-4">
      <h3 className="font-medium">Line {line.lineNumber}</h3>
      <PostForm {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="update-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={props.version} />
        <LineFields fields={fields} costCodes={props.costCodes} costTypes={props.costTypes} />
        <div className="flex items-center gap-3">
          <SubmitButton>Save line</SubmitButton>
          <a href={cancelHref} className="text-sm text-brand-700 hover:underline">Cancel</a>
        </div>
      </PostForm>
      <PostForm>
        <input type="hidden" name="intent" value="delete-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={props.version} />
        <SubmitButton tone="danger">Delete line {line.lineNumber}</SubmitButton>
      </PostForm>
    </div>
  );
}
