import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { ACTIVE_OPTIONS, createCostCodeSchema, createCostTypeSchema, updateCostCodeSchema } from "./cost-codes.schema";

type Result = SubmissionResult<string[]> | undefined;
type Division = { id: string; code: string; name: string; active: boolean };

/** The server's reply belongs to the form that posted it (by its intent, and row id if any). */
export function resultFor(result: Result, intent: string, id?: string): Result {
  const sent = result?.initialValue;
  return sent?.intent === intent && (id === undefined || sent.id === id) ? result : undefined;
}

export function NewCostCodeForm({ divisions, lastResult }: { divisions: Division[]; lastResult: Result }) {
  const [form, fields] = useZodForm(createCostCodeSchema, { id: "new-cost-code", lastResult });
  const options = [
    { value: "", label: "None: this is a new division" },
    ...divisions.filter((d) => d.active).map((d) => ({ value: d.id, label: `${d.code} ${d.name}` })),
  ];
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-semibold">Add a cost code</h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create-code" />
      <SelectField meta={fields.parentId} label="Division" options={options} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField meta={fields.code} label="Code" help="Unique, such as 03-3000." />
        <TextField meta={fields.name} label="Name" />
      </div>
      <SubmitButton>Add cost code</SubmitButton>
    </PostForm>
  );
}

export function EditCostCodeForm(props: {
  code: { id: string; code: string; name: string; active: boolean; version: number; parentId: string | null };
  lastResult: Result;
  cancelHref: string;
}) {
  const { code } = props;
  const [form, fields] = useZodForm(updateCostCodeSchema, {
    id: `edit-cost-code-${code.id}`,
    lastResult: props.lastResult,
    defaultValue: { name: code.name, active: String(code.active) as "true" | "false" },
  });
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-brand-600 bg-white p-4">
      <h2 className="font-semibold">
        Edit {code.parentId ? "cost code" : "division"} {code.code}
      </h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="update-code" />
      <input type="hidden" name="id" value={code.id} />
      <input type="hidden" name="version" value={code.version} />
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField meta={fields.name} label="Name" />
        <SelectField meta={fields.active} label="Status" options={ACTIVE_OPTIONS} />
      </div>
      <div className="flex items-center gap-4">
        <SubmitButton>Save</SubmitButton>
        <a href={props.cancelHref} className="text-sm text-brand-700 hover:underline">
          Cancel
        </a>
      </div>
    </PostForm>
  );
}

export function NewCostTypeForm({ lastResult }: { lastResult: Result }) {
  const [form, fields] = useZodForm(createCostTypeSchema, { id: "new-cost-type", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="mt-4 flex flex-wrap items-start gap-3">
      <input type="hidden" name="intent" value="create-type" />
      <TextField meta={fields.code} label="Code" help="Short, such as L or SUB." />
      <TextField meta={fields.name} label="Name" />
      <div className="pt-6">
        <SubmitButton tone="secondary">Add cost type</SubmitButton>
      </div>
      <div className="basis-full">
        <FormErrors errors={form.errors} />
      </div>
    </PostForm>
  );
}
