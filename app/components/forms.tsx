import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { Form, type FormProps } from "react-router";
import type { ReactNode } from "react";
import { CSRF_FIELD } from "~/utils/csrf";
import { groupedMoneyText } from "~/utils/money";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { useCsrfToken, useSubmissionToken } from "~/utils/use-viewer";

// Conform's field metadata for any value type; inputs always render strings.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

/**
 * The hidden fields of every non-GET form: the session-bound CSRF token, and the page render's
 * submission token (app/utils/submissions.server.ts: the same post twice creates one record).
 */
function FormTokens() {
  return (
    <>
      <input type="hidden" name={CSRF_FIELD} value={useCsrfToken()} />
      <input type="hidden" name={SUBMISSION_FIELD} value={useSubmissionToken()} />
    </>
  );
}

/**
 * A POST form with its CSRF token; works the same with JavaScript off. `outbox` (what the form
 * does, e.g. "Add a team member"; true: the page title) keeps a post that fails because the
 * connection dropped on the device and sends it again later (app/components/offline).
 */
export function PostForm({ children, outbox, ...props }: Omit<FormProps, "method"> & { children: ReactNode; outbox?: string | boolean }) {
  return (
    <Form method="post" {...props} {...(outbox ? { "data-outbox": outbox === true ? "" : outbox } : {})}>
      <FormTokens />
      {children}
    </Form>
  );
}

export const inputClass =
  "mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

export function FieldErrors({ id, errors }: { id?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-700" role="alert">
      {errors.join(" ")}
    </p>
  );
}

type InputType = "text" | "email" | "password" | "number" | "date" | "file" | "hidden" | "url" | "tel";

export function TextField({
  meta,
  label,
  type = "text",
  help,
  ...rest
}: {
  meta: AnyField;
  label: string;
  type?: InputType;
  help?: string;
} & Omit<React.InputHTMLAttributes<HTMLInputElement>, "type">) {
  const props = getInputProps(meta as FieldMetadata<string>, { type, value: type !== "password" && type !== "file" });
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <input {...props} {...rest} key={props.key} className={inputClass} />
      {help ? <p className="mt-1 text-xs text-slate-500">{help}</p> : null}
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/**
 * A money input: the amount it shows (stored, or sent back with the form) is grouped as finance
 * reads it ("4,850,000.00"); with JavaScript, an amount typed in is regrouped when the field is left.
 */
export function MoneyField(props: Omit<Parameters<typeof TextField>[0], "type" | "inputMode" | "defaultValue">) {
  const shown = props.meta.initialValue;
  const grouped = typeof shown === "string" ? groupedMoneyText(shown) : null;
  return (
    <TextField
      {...props}
      inputMode="decimal"
      {...(grouped === null ? {} : { defaultValue: grouped })}
      onBlur={(event) => {
        const regrouped = groupedMoneyText(event.currentTarget.value);
        if (regrouped !== null) event.currentTarget.value = regrouped;
      }}
    />
  );
}

export function SelectField({
  meta,
  label,
  options,
}: {
  meta: AnyField;
  label: string;
  options: { value: string; label: string }[];
}) {
  const props = getSelectProps(meta as FieldMetadata<string>);
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <select {...props} key={props.key} className={inputClass}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function FormErrors({ errors }: { errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800" role="alert">
      {errors.join(" ")}
    </div>
  );
}

export function SubmitButton({ children, name, value, tone = "primary" }: { children: ReactNode; name?: string; value?: string; tone?: "primary" | "secondary" | "danger" }) {
  const tones = {
    primary: "bg-brand-600 text-white hover:bg-brand-700",
    secondary: "border border-slate-300 bg-white text-slate-700 hover:bg-slate-50",
    danger: "border border-red-300 bg-white text-red-700 hover:bg-red-50",
  };
  return (
    <button type="submit" name={name} value={value} className={`rounded-md px-4 py-2 text-sm font-medium ${tones[tone]}`}>
      {children}
    </button>
  );
}
