import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { addSovLineSchema, updateSovLineSchema } from "./contracts.schema";

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | undefined;

export type SovLineView = { id: string; lineNumber: number; description: string; costCodeId: string | null; scheduledValue: string };

const withNone = (options: Option[]) => [{ value: "", label: "No cost code" }, ...options];

/** One line per post, so the schedule of values can be built with JavaScript off. */
export function AddSovLineForm({ version, costCodes, lastResult }: { version: number; costCodes: Option[]; lastResult: Result }) {
  const [form, fields] = useZodForm(addSovLineSchema, { id: "add-sov-line", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">Add a line</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="add-line" />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField meta={fields.description} label="Description" />
        <SelectField meta={fields.costCodeId} label="Cost code (optional)" options={withNone(costCodes)} />
        <TextField meta={fields.scheduledValue} label="Scheduled value" inputMode="decimal" />
      </div>
      <SubmitButton>Add line</SubmitButton>
    </PostForm>
  );
}

export function EditSovLineForm({
  line,
  version,
  costCodes,
  lastResult,
  cancelHref,
}: {
  line: SovLineView;
  version: number;
  costCodes: Option[];
  lastResult: Result;
  cancelHref: string;
}) {
  const [form, fields] = useZodForm(updateSovLineSchema, {
    id: `edit-sov-line-${line.id}`,
    lastResult,
    defaultValue: { description: line.description, costCodeId: line.costCodeId ?? "", scheduledValue: line.scheduledValue },
  });
  return (
    <div id="sov-line-form" className="space-y-3 rounded border border-brand-600 bg-white p-4">
      <h3 className="font-medium">Line {line.lineNumber}</h3>
      <PostForm {...getFormProps(form)} className="space-y-3">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="update-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={version} />
        <div className="grid gap-3 sm:grid-cols-3">
          <TextField meta={fields.description} label="Description" />
          <SelectField meta={fields.costCodeId} label="Cost code (optional)" options={withNone(costCodes)} />
          <TextField meta={fields.scheduledValue} label="Scheduled value" inputMode="decimal" />
        </div>
        <div className="flex items-center gap-3">
          <SubmitButton>Save line</SubmitButton>
          <a href={cancelHref} className="text-sm text-brand-700 hover:underline">
            Cancel
          </a>
        </div>
      </PostForm>
      <PostForm>
        <input type="hidden" name="intent" value="delete-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={version} />
        <SubmitButton tone="danger">Delete line {line.lineNumber}</SubmitButton>
      </PostForm>
    </div>
  );
}
