import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { SelectField, TextField } from "~/components/forms";
import { options, PUNCH_PRIORITY_LABELS } from "./punch.schema";

// Shared pieces of the punch and observation pages. Phone first: one column, touch targets ≥ 44 px.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;
export type Choice = { value: string; label: string };
export type PunchChoices = { vendors: Choice[]; members: Choice[] };

/** Inputs, selects and buttons of a field form at least 44 px high (a gloved thumb on site). */
export const touchForm = "space-y-4 [&_button]:min-h-11 [&_input:not([type=checkbox])]:min-h-11 [&_select]:min-h-11";

export const buttonClass = {
  primary: "inline-flex min-h-11 items-center justify-center rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700",
  secondary: "inline-flex min-h-11 items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50",
  danger: "inline-flex min-h-11 items-center justify-center rounded-md border border-red-300 bg-white px-4 py-2 text-sm font-medium text-red-700 hover:bg-red-50",
} as const;

export const none = (label: string): Choice => ({ value: "", label });

/** The fields of the new and edit forms of a punch item. */
export function PunchItemFields({ fields, choices }: { fields: Record<string, AnyField>; choices: PunchChoices }) {
  return (
    <>
      <TextField meta={fields.title} label="What needs fixing" placeholder="Touch up paint at door 204 frame" />
      <TextField meta={fields.location} label="Location" placeholder="Level 2, room 204" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField meta={fields.vendorId} label="Responsible subcontractor" options={[none("Not assigned yet"), ...choices.vendors]} />
        <TextField meta={fields.trade} label="Trade" placeholder="Painting" />
        <SelectField meta={fields.assigneeUserId} label="Assignee" options={[none("Nobody yet"), ...choices.members]} />
        <TextField meta={fields.dueDate} label="Due date" type="date" />
        <SelectField meta={fields.priority} label="Priority" options={options(PUNCH_PRIORITY_LABELS)} />
        <TextField meta={fields.drawingRef} label="Drawing reference" placeholder="A-201" />
      </div>
      <TextAreaField meta={fields.description} label="Details" />
    </>
  );
}

/** A multi-line text field with its label and errors (conform metadata). */
export function TextAreaField({ meta, label, help, rows = 3 }: { meta: AnyField; label: string; help?: string; rows?: number }) {
  return (
    <div>
      <label htmlFor={meta.id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <textarea
        id={meta.id}
        name={meta.name}
        defaultValue={typeof meta.initialValue === "string" ? meta.initialValue : ""}
        key={meta.key}
        rows={rows}
        aria-invalid={meta.errors?.length ? true : undefined}
        aria-describedby={meta.errors?.length ? meta.errorId : undefined}
        className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:ring-1 focus:ring-brand-600 focus:outline-none aria-[invalid=true]:border-red-500"
      />
      {help ? <p className="mt-1 text-xs text-slate-500">{help}</p> : null}
      {meta.errors?.length ? (
        <p id={meta.errorId} className="mt-1 text-sm text-red-700" role="alert">
          {meta.errors.join(" ")}
        </p>
      ) : null}
    </div>
  );
}

/** Label / value pairs of a record's facts, two columns from tablet width. */
export function Facts({ rows }: { rows: [string, ReactNode][] }) {
  return (
    <dl className="grid gap-x-6 gap-y-3 rounded-md border border-slate-200 bg-white p-4 text-sm sm:grid-cols-2">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-xs font-medium text-slate-500">{label}</dt>
          <dd className="mt-0.5 text-slate-900">{value || <span className="text-slate-400">—</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

const STATUS_TONES: Record<string, string> = {
  open: "bg-amber-50 text-amber-800 ring-amber-200",
  ready_for_review: "bg-sky-50 text-sky-800 ring-sky-200",
  closed: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  overdue: "bg-red-50 text-red-800 ring-red-200",
};

export function Badge({ tone, children }: { tone: string; children: ReactNode }) {
  return <span className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${STATUS_TONES[tone] ?? "bg-slate-100 text-slate-700 ring-slate-200"}`}>{children}</span>;
}
