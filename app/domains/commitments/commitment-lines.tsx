import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { addCommitmentLineSchema, updateCommitmentLineSchema } from "./commitments.schema";

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | undefined;
export type LineView = { id: string; lineNumber: number; costCode: string; costCodeName: string; costTypeName: string; costCodeId: string; costTypeId: string; description: string; amount: string };

const cell = "px-3 py-2";

/** The lines by cost code × cost type; while a draft, each line links to its edit form. */
export function CommitmentLinesTable({ lines, total, editHref }: { lines: LineView[]; total: string; editHref: ((id: string) => string) | null }) {
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="commitment-lines">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={cell}>Line</th>
            <th scope="col" className={cell}>Cost code</th>
            <th scope="col" className={cell}>Cost type</th>
            <th scope="col" className={cell}>Description</th>
            <th scope="col" className={`${cell} text-right`}>Amount</th>
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
                <td className={`${cell} text-right tabular-nums`}><Money value={l.amount} /></td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={4} className={cell}>Total</th>
            <td className={`${cell} text-right tabular-nums`} data-testid="lines-total"><Money value={total} /></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

type FormProps = { version: number; costCodes: Option[]; costTypes: Option[]; lastResult: Result };

const choose = (what: string, options: Option[]) => [{ value: "", label: `Choose a ${what}` }, ...options];

/** One line per post, so a commitment can be built with JavaScript off. */
export function AddCommitmentLineForm({ version, costCodes, costTypes, lastResult }: FormProps) {
  const [form, fields] = useZodForm(addCommitmentLineSchema, { id: "add-commitment-line", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">Add a line</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="add-line" />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-3 sm:grid-cols-4">
        <SelectField meta={fields.costCodeId} label="Cost code" options={choose("cost code", costCodes)} />
        <SelectField meta={fields.costTypeId} label="Cost type" options={choose("cost type", costTypes)} />
        <TextField meta={fields.description} label="Description" />
        <TextField meta={fields.amount} label="Amount" inputMode="decimal" />
      </div>
      <SubmitButton>Add line</SubmitButton>
    </PostForm>
  );
}

export function EditCommitmentLineForm({ line, cancelHref, ...props }: FormProps & { line: LineView; cancelHref: string }) {
  const [form, fields] = useZodForm(updateCommitmentLineSchema, {
    id: `edit-commitment-line-${line.id}`,
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
        <div className="grid gap-3 sm:grid-cols-4">
          <SelectField meta={fields.costCodeId} label="Cost code" options={choose("cost code", props.costCodes)} />
          <SelectField meta={fields.costTypeId} label="Cost type" options={choose("cost type", props.costTypes)} />
          <TextField meta={fields.description} label="Description" />
          <TextField meta={fields.amount} label="Amount" inputMode="decimal" />
        </div>
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
