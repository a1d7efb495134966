import { getFormProps, getTextareaProps, type SubmissionResult } from "@conform-to/react";
import { FieldErrors, FormErrors, inputClass, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { milestoneSchema, updateMilestoneSchema } from "./schedule.schema";

export type MilestoneFormValues = {
  name: string;
  baselineDate: string;
  forecastDate: string;
  startDate: string;
  actualDate: string;
  vendorId: string;
  responsibleUserId: string;
  responsible: string;
  predecessorIds: string[];
  notes: string;
  version?: number;
};

type Option = { value: string; label: string };

/** Phone-sized touch targets for every field of a field form. */
export const touchFormClass = "[&_input:not([type=checkbox])]:min-h-11 [&_select]:min-h-11 [&_button]:min-h-11";

/** New and edit share one form; the edit form carries the actual date and the version it was read at. */
export function MilestoneForm(props: {
  defaultValue: Partial<MilestoneFormValues>;
  options: { vendors: Option[]; members: Option[]; milestones: (Option & { date: string })[] };
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelHref: string;
}) {
  const { version, ...values } = props.defaultValue;
  const editing = version !== undefined;
  const [form, fields] = useZodForm(editing ? updateMilestoneSchema : milestoneSchema, { id: "milestone", lastResult: props.lastResult, defaultValue: values });
  // the edit form's extra field (its schema has it; the new form never renders it)
  const actualDate = (fields as typeof fields & { actualDate?: typeof fields.name }).actualDate;
  const chosen = new Set([fields.predecessorIds.initialValue ?? []].flat().map(String));
  return (
    <PostForm {...getFormProps(form)} className={`mt-4 space-y-4 ${touchFormClass}`}>
      <FormErrors errors={form.errors} />
      {editing ? (
        <>
          <input type="hidden" name="version" value={version} />
          <input type="hidden" name="intent" value="save" />
        </>
      ) : null}
      <TextField meta={fields.name} label="Milestone" help="Such as Foundations complete or Substantial completion." />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField meta={fields.baselineDate} label="Baseline" type="date" help="The date agreed in the schedule." />
        <TextField meta={fields.forecastDate} label="Forecast" type="date" help="Blank: on baseline." />
        <TextField meta={fields.startDate} label="Start (optional)" type="date" help="With a start it shows as a bar, without as a diamond." />
        {editing && actualDate ? <TextField meta={actualDate} label="Actual (done)" type="date" help="Blank while not reached." /> : null}
      </div>
      <fieldset className="grid gap-4 sm:grid-cols-3">
        <legend className="mb-1 text-sm font-semibold text-slate-700">Responsible</legend>
        <SelectField meta={fields.vendorId} label="Vendor" options={[{ value: "", label: "No vendor" }, ...props.options.vendors]} />
        <SelectField meta={fields.responsibleUserId} label="Member" options={[{ value: "", label: "No member" }, ...props.options.members]} />
        <TextField meta={fields.responsible} label="Other (text)" help="Such as Owner or City inspector." />
      </fieldset>
      <fieldset>
        <legend className="text-sm font-semibold text-slate-700">Predecessors</legend>
        <p className="text-xs text-slate-500">Milestones that must come first. A forecast before a predecessor&apos;s is flagged.</p>
        {props.options.milestones.length === 0 ? (
          <p className="mt-1 text-sm text-slate-600">No other milestone on this project yet.</p>
        ) : (
          <ul className="mt-1 grid gap-x-4 sm:grid-cols-2">
            {props.options.milestones.map((m) => (
              <li key={m.value}>
                <label className="flex min-h-11 items-center gap-3 text-sm">
                  <input type="checkbox" name={fields.predecessorIds.name} value={m.value} defaultChecked={chosen.has(m.value)} className="h-5 w-5" />
                  <span>
                    {m.label} <span className="text-xs text-slate-500">{m.date}</span>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        )}
        <FieldErrors id={fields.predecessorIds.errorId} errors={fields.predecessorIds.errors} />
      </fieldset>
      <div>
        <label htmlFor={fields.notes.id} className="block text-sm font-medium text-slate-700">
          Notes
        </label>
        <textarea {...getTextareaProps(fields.notes)} key={fields.notes.key} rows={3} className={inputClass} />
        <FieldErrors id={fields.notes.errorId} errors={fields.notes.errors} />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <SubmitButton>{props.submitLabel}</SubmitButton>
        <a href={props.cancelHref} className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
          Cancel
        </a>
      </div>
    </PostForm>
  );
}
