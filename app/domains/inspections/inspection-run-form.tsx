import { Form } from "react-router";
import type { SubmissionResult } from "@conform-to/react";
import { FieldErrors, FormErrors, inputClass } from "~/components/forms";
import { CSRF_FIELD } from "~/utils/csrf";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { useCsrfToken, useSubmissionToken } from "~/utils/use-viewer";
import { RESULT_LABELS } from "./inspection-labels";
import type { InspectionPage } from "./inspection-page.server";
import { RaisedLinks } from "./inspection-results";

type Posted = { answers?: { result?: string; note?: string }[]; signedName?: string; signedAt?: string };

const RESULT_STYLES = {
  pass: "has-[:checked]:border-green-700 has-[:checked]:bg-green-50 has-[:checked]:text-green-900",
  fail: "has-[:checked]:border-red-700 has-[:checked]:bg-red-50 has-[:checked]:text-red-900",
  na: "has-[:checked]:border-slate-700 has-[:checked]:bg-slate-100",
} as const;

const button = "min-h-11 rounded-md px-4 py-2 text-sm font-medium";

/**
 * The checklist as one form: every item's Pass / Fail / N/A as big radio buttons and a note. Each
 * section's Save button and the sign-off button post the same form, so a save never loses answers
 * of other sections (works without JavaScript). Fail needs a note; Sign and complete also needs
 * every required item answered.
 */
export function InspectionRunForm({ page, signer, lastResult }: { page: InspectionPage; signer: string; lastResult?: SubmissionResult<string[]> }) {
  const { inspection, sections, ncrs } = page;
  const posted = (lastResult?.initialValue ?? {}) as Posted;
  const errors = lastResult?.error ?? {};
  let index = -1;
  return (
    <Form method="post" key={inspection.version} className="space-y-6" data-testid="inspection-run-form" data-outbox="Inspection answers">
      <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />
      <input type="hidden" name={SUBMISSION_FIELD} value={useSubmissionToken()} />
      <input type="hidden" name="version" value={inspection.version} />
      <FormErrors errors={errors[""] ?? undefined} />
      {sections.map((section) => (
        <fieldset key={section.id} className="space-y-3 rounded border border-slate-200 bg-white p-3 sm:p-4">
          <legend className="px-1 text-lg font-semibold">{section.title}</legend>
          {section.items.map((item) => {
            index += 1;
            const i = index;
            const name = `answers[${i}]`;
            const result = posted.answers?.[i]?.result ?? item.answer?.result;
            const note = posted.answers?.[i]?.note ?? item.answer?.note ?? "";
            const noteError = errors[`${name}.note`] ?? undefined;
            return (
              <div key={item.id} className="border-t border-slate-100 pt-3 first-of-type:border-0" data-testid="inspection-item">
                <input type="hidden" name={`${name}.itemId`} value={item.id} />
                <p className="font-medium" id={`item-${item.id}`}>
                  {item.prompt}
                  {item.required ? <span className="ml-1 text-red-700" aria-label="required">*</span> : <span className="ml-1 text-xs text-slate-500">(optional)</span>}
                </p>
                {item.guidance ? <p className="text-sm text-slate-600">{item.guidance}</p> : null}
                <div role="radiogroup" aria-labelledby={`item-${item.id}`} className="mt-2 grid grid-cols-3 gap-2 sm:flex">
                  {(["pass", "fail", "na"] as const).map((value) => (
                    <label key={value} className={`flex min-h-11 cursor-pointer items-center justify-center gap-2 rounded-md border border-slate-300 px-4 text-sm font-medium sm:min-w-24 ${RESULT_STYLES[value]}`}>
                      <input type="radio" name={`${name}.result`} value={value} defaultChecked={result === value} className="h-5 w-5" />
                      {RESULT_LABELS[value]}
                    </label>
                  ))}
                </div>
                <label className="mt-2 block text-sm text-slate-700">
                  Note {result === "fail" ? "(say what failed)" : "(needed for a Fail)"}
                  <textarea name={`${name}.note`} defaultValue={note} rows={2} aria-invalid={noteError ? true : undefined} className={inputClass} />
                </label>
                <FieldErrors errors={noteError} />
                {item.answer ? <RaisedLinks answer={item.answer} ncrs={ncrs[item.answer.id]} projectId={inspection.projectId} /> : null}
              </div>
            );
          })}
          <button type="submit" name="intent" value="save" className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}>
            Save {section.title}
          </button>
        </fieldset>
      ))}
      <fieldset className="space-y-3 rounded border border-slate-300 bg-slate-50 p-3 sm:p-4" data-testid="sign-off">
        <legend className="px-1 text-lg font-semibold">Sign off</legend>
        <p className="text-sm text-slate-600">Signing saves the answers above and locks the inspection: it cannot change afterwards.</p>
        <div className="grid gap-3 sm:grid-cols-2">
          <label className="block text-sm font-medium text-slate-700">
            Your name (typed signature)
            <input name="signedName" defaultValue={posted.signedName ?? signer} autoComplete="name" className={inputClass} />
            <FieldErrors errors={errors.signedName ?? undefined} />
          </label>
          <label className="block text-sm font-medium text-slate-700">
            Date
            <input name="signedAt" type="date" defaultValue={posted.signedAt ?? page.today} className={inputClass} />
            <FieldErrors errors={errors.signedAt ?? undefined} />
          </label>
        </div>
        <div className="flex flex-wrap gap-3">
          <button type="submit" name="intent" value="save" className={`${button} border border-slate-300 bg-white text-slate-700 hover:bg-slate-50`}>
            Save all
          </button>
          <button type="submit" name="intent" value="complete" className={`${button} bg-brand-600 text-white hover:bg-brand-700`}>
            Sign and complete
          </button>
        </div>
      </fieldset>
    </Form>
  );
}
