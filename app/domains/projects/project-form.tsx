import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { contractTypeOptions, projectSchema, statusOptions, updateProjectSchema } from "./projects.schema";

export type ProjectFormValues = {
  jobNumber: string;
  name: string;
  clientName: string;
  address: string;
  status: string;
  contractType: string;
  startDate: string;
  endDate: string;
  projectManagerId: string;
  defaultRetainagePercent: string;
  version?: number;
};

interface Props {
  defaultValue: Partial<ProjectFormValues>;
  managers: { value: string; label: string }[];
  lastResult: SubmissionResult<string[]> | undefined;
  submitLabel: string;
  cancelHref: string;
}

/** New and edit share one form; the edit form carries the version it was read at. */
export function ProjectForm({ defaultValue, managers, lastResult, submitLabel, cancelHref }: Props) {
  const { version, ...values } = defaultValue;
  const editing = version !== undefined;
  const [form, fields] = useZodForm(editing ? updateProjectSchema : projectSchema, { id: "project", lastResult, defaultValue: values });
  return (
    <PostForm {...getFormProps(form)} className="mt-6 space-y-4">
      <FormErrors errors={form.errors} />
      {editing ? <input type="hidden" name="version" value={version} /> : null}
      <div className="grid gap-4 sm:grid-cols-[12rem_1fr]">
        <TextField meta={fields.jobNumber} label="Job number" help="Unique in the organization." />
        <TextField meta={fields.name} label="Project name" />
      </div>
      <TextField meta={fields.clientName} label="Client" />
      <TextField meta={fields.address} label="Site address" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField meta={fields.status} label="Status" options={statusOptions} />
        <SelectField meta={fields.contractType} label="Contract type" options={contractTypeOptions} />
        <TextField meta={fields.startDate} label="Start date" type="date" />
        <TextField meta={fields.endDate} label="End date" type="date" />
        <SelectField meta={fields.projectManagerId} label="Project manager" options={[{ value: "", label: "Not assigned" }, ...managers]} />
        <TextField meta={fields.defaultRetainagePercent} label="Default retainage (%)" inputMode="decimal" help="Proposed for the prime contract and new commitments." />
      </div>
      <div className="flex items-center gap-4">
        <SubmitButton>{submitLabel}</SubmitButton>
        <a href={cancelHref} className="text-sm text-brand-700 hover:underline">
          Cancel
        </a>
      </div>
    </PostForm>
  );
}
