import { getFormProps, type FieldMetadata, type SubmissionResult } from "@conform-to/react";
import { FieldErrors, FormErrors, inputClass, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { closeNcrSchema, correctiveActionSchema, updateNcrSchema, verifySchema } from "./ncrs.schema";
import type { Ncr } from "./ncrs.server";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function TextArea({ meta, label }: { meta: FieldMetadata<any, any, string[]>; label: string }) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea id={meta.id} name={meta.name} defaultValue={(meta.initialValue as string | undefined) ?? ""} rows={3} aria-invalid={meta.errors ? true : undefined} className={inputClass} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

type Props = { ncr: Ncr; today: string; lastResult?: SubmissionResult<string[]> };
const box = "space-y-3 rounded border border-slate-200 bg-white p-4";

/** The report's next step: corrective action (open), verification (corrective action), close (verified). */
export function NcrStepForm({ ncr, today, lastResult }: Props) {
  const [caForm, ca] = useZodForm(correctiveActionSchema, { id: "ncr-corrective-action", lastResult, defaultValue: { rootCause: ncr.rootCause, correctiveAction: ncr.correctiveAction } });
  const [vForm, v] = useZodForm(verifySchema, { id: "ncr-verify", lastResult, defaultValue: { verifiedOn: today } });
  const [cForm] = useZodForm(closeNcrSchema, { id: "ncr-close", lastResult });
  const hidden = (intent: string) => (
    <>
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="version" value={ncr.version} />
    </>
  );
  if (ncr.status === "open")
    return (
      <PostForm {...getFormProps(caForm)} className={box}>
        <h2 className="text-lg font-semibold">Corrective action</h2>
        <FormErrors errors={caForm.errors} />
        {hidden("corrective_action")}
        <TextArea meta={ca.rootCause} label="Root cause" />
        <TextArea meta={ca.correctiveAction} label="Corrective action" />
        <SubmitButton>Record the corrective action</SubmitButton>
      </PostForm>
    );
  if (ncr.status === "corrective_action")
    return (
      <PostForm {...getFormProps(vForm)} className={box}>
        <h2 className="text-lg font-semibold">Verification</h2>
        <FormErrors errors={vForm.errors} />
        {hidden("verify")}
        <TextField meta={v.verifiedByName} label="Verified by" autoComplete="name" />
        <TextField meta={v.verifiedOn} label="Verified on" type="date" />
        <TextArea meta={v.verificationMethod} label="How it was verified" />
        <SubmitButton>Mark verified</SubmitButton>
      </PostForm>
    );
  if (ncr.status === "verified")
    return (
      <PostForm {...getFormProps(cForm)} className={box}>
        <FormErrors errors={cForm.errors} />
        {hidden("close")}
        <p className="text-sm text-slate-600">The correction is verified. Closing the report ends it.</p>
        <SubmitButton>Close the report</SubmitButton>
      </PostForm>
    );
  return null;
}

/** Edits the report's text while it is not closed. */
export function NcrEditForm({ ncr, lastResult }: Omit<Props, "today">) {
  const [form, fields] = useZodForm(updateNcrSchema, {
    id: "ncr-edit",
    lastResult,
    defaultValue: { title: ncr.title, description: ncr.description, location: ncr.location, rootCause: ncr.rootCause, correctiveAction: ncr.correctiveAction },
  });
  return (
    <details className="rounded border border-slate-200 bg-white p-4" open={Boolean(lastResult)}>
      <summary className="min-h-11 cursor-pointer py-2 font-medium">Edit the report</summary>
      <PostForm {...getFormProps(form)} className="mt-3 space-y-3">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="update" />
        <input type="hidden" name="version" value={ncr.version} />
        <TextField meta={fields.title} label="Title" />
        <TextArea meta={fields.description} label="What does not conform" />
        <TextField meta={fields.location} label="Location" />
        <TextArea meta={fields.rootCause} label="Root cause" />
        <TextArea meta={fields.correctiveAction} label="Corrective action" />
        <SubmitButton tone="secondary">Save changes</SubmitButton>
      </PostForm>
    </details>
  );
}
