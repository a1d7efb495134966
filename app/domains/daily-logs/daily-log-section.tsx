import { useEffect, useState, type ReactNode } from "react";
import { FieldErrors, FormErrors, inputClass, PostForm } from "~/components/forms";
import type { LogRow, RowChoices } from "./daily-log-read.server";
import { SECTIONS, type SectionField, type SectionKey } from "./daily-log-sections";
import { bigButton, hoursText } from "./daily-log-ui";

/** What a failed post of this form sent back (conform's reply): the user's input and the errors by field path. */
export type PostResult = { initialValue?: Record<string, unknown> | null; error?: Record<string, string[] | null> | null } | undefined;

type Values = Record<string, unknown>;

function FieldInput(props: { field: SectionField; name: string; id: string; value: unknown; choices: RowChoices | null; invalid: boolean }) {
  const { field, name, id, value, choices, invalid } = props;
  const text = value === undefined || value === null ? "" : String(value);
  const common = { name, id, "aria-invalid": invalid || undefined, className: `${inputClass} min-h-11 text-base` };
  const select = (opts: { value: string; label: string }[], empty: string) => (
    <select {...common} defaultValue={text}>
      <option value="">{empty}</option>
      {opts.map((o) => (
        <option key={o.value} value={o.value}>{o.label}</option>
      ))}
    </select>
  );
  switch (field.kind) {
    case "integer":
      return <input {...common} type="text" inputMode="numeric" pattern="[0-9]*" defaultValue={text} />;
    case "hours":
      return <input {...common} type="text" inputMode="decimal" defaultValue={text} />;
    case "time":
      return <input {...common} type="time" defaultValue={text.slice(0, 5)} />;
    case "checkbox":
      return <input name={name} id={id} type="checkbox" defaultChecked={value === true || value === "on"} className="mt-2 h-7 w-7 rounded border-slate-400" />;
    case "select":
      return select(Object.entries(field.options ?? {}).map(([v, label]) => ({ value: v, label })), "— Choose —");
    case "costCode":
      return select(choices?.costCodes ?? [], "— No cost code —");
    case "vendor":
      return select(choices?.vendors ?? [], "Own forces");
    default:
      return <input {...common} type="text" maxLength={field.max} placeholder={field.placeholder} defaultValue={text} />;
  }
}

function RowFields(props: { section: SectionKey; index: number; row: Values; saved: boolean; choices: RowChoices | null; errors: Record<string, string[] | null> }) {
  const { section, index, row, saved, choices, errors } = props;
  const definition = SECTIONS[section];
  const prefix = `rows[${index}]`;
  const rowErrors = errors[prefix] ?? null;
  return (
    <fieldset className="rounded border border-slate-200 p-3" data-testid={`${section}-row`}>
      <legend className="px-1 text-sm font-medium text-slate-600">{saved ? `${definition.noun[0].toUpperCase()}${definition.noun.slice(1)} ${index + 1}` : `New ${definition.noun}`}</legend>
      {saved ? <input type="hidden" name={`${prefix}.id`} value={String(row.id)} /> : null}
      <FieldErrors errors={rowErrors ?? undefined} />
      <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {definition.fields.map((field: SectionField) => {
          const name = `${prefix}.${field.name}`;
          // ids unique on the page: every section's rows have the same field names
          const id = `${section}-${index}-${field.name}`;
          const fieldErrors = errors[name] ?? undefined;
          return (
            <div key={field.name} className={field.wide ? "col-span-2 sm:col-span-4" : field.kind === "text" || field.kind === "costCode" || field.kind === "vendor" ? "col-span-2" : ""}>
              <label htmlFor={id} className="block text-sm font-medium text-slate-700">{field.label}</label>
              <FieldInput field={field} name={name} id={id} value={row[field.name]} choices={choices} invalid={Boolean(fieldErrors)} />
              <FieldErrors errors={fieldErrors} />
            </div>
          );
        })}
      </div>
      {saved ? (
        <label className="mt-2 inline-flex min-h-11 items-center gap-2 text-sm text-red-800">
          <input type="checkbox" name={`${prefix}.remove`} className="h-6 w-6 rounded border-slate-400" /> Remove this {definition.noun}
        </label>
      ) : null}
    </fieldset>
  );
}

/**
 * A section of a draft log as one form: its saved rows, blank rows to add more, one post for all.
 * With JavaScript, "Add a row" adds blank rows in place; without, saving brings a fresh blank row.
 */
export function SectionForm(props: { section: SectionKey; rows: LogRow[]; version: number; choices: RowChoices | null; result: PostResult; children?: ReactNode }) {
  const { section, rows, version, choices, result } = props;
  const posted = result?.initialValue?.intent === `save-${section}` ? result : undefined;
  const postedRows = (posted?.initialValue?.rows as Values[] | undefined) ?? null;
  const shown: { row: Values; saved: boolean }[] = postedRows
    ? postedRows.map((row) => ({ row: row ?? {}, saved: Boolean(row?.id) }))
    : rows.map((row) => ({ row, saved: true }));
  const [extra, setExtra] = useState(0);
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  const blanks = (shown.length === 0 ? 2 : 1) + extra;
  const errors = posted?.error ?? {};
  return (
    <PostForm key={version} className="space-y-3" aria-label={SECTIONS[section].title} outbox={`Daily log: ${SECTIONS[section].title}`}>
      <input type="hidden" name="intent" value={`save-${section}`} />
      <input type="hidden" name="version" value={version} />
      <FormErrors errors={errors[""] ?? errors.rows ?? undefined} />
      {shown.map(({ row, saved }, index) => (
        <RowFields key={index} section={section} index={index} row={row} saved={saved} choices={choices} errors={errors} />
      ))}
      {Array.from({ length: blanks }, (_, i) => (
        <RowFields key={`blank-${i}`} section={section} index={shown.length + i} row={{}} saved={false} choices={choices} errors={{}} />
      ))}
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={`${bigButton} bg-brand-600 text-white hover:bg-brand-700`}>
          Save {SECTIONS[section].title.toLowerCase()}
        </button>
        {hydrated ? (
          <button type="button" onClick={() => setExtra((n) => n + 1)} className={`${bigButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
            Add a row
          </button>
        ) : null}
      </div>
    </PostForm>
  );
}

/** A value as read back: labels for choices, "Yes" for a ticked box, hours without trailing zeros. */
function shownValue(field: SectionField, row: LogRow): string {
  const value = row[field.name];
  if (field.kind === "checkbox") return value ? "Yes" : "";
  if (field.kind === "costCode" || field.kind === "vendor" || field.kind === "select") return String(row[`${field.name}Label`] ?? "");
  if (field.kind === "hours") return value ? hoursText(String(value)) : "";
  return value === null || value === undefined ? "" : String(value);
}

/** A section of a submitted log (or one the viewer may not edit), read only. */
export function SectionRows({ section, rows }: { section: SectionKey; rows: LogRow[] }) {
  if (!rows.length) return <p className="text-sm text-slate-500">None recorded.</p>;
  const fields: readonly SectionField[] = SECTIONS[section].fields;
  return (
    <ul className="space-y-2">
      {rows.map((row) => (
        <li key={row.id} className="rounded border border-slate-200 p-3 text-sm" data-testid={`${section}-entry`}>
          <dl className="grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-4">
            {fields.map((field) => {
              const value = shownValue(field, row);
              return value ? (
                <div key={field.name} className={field.wide ? "col-span-2 sm:col-span-4" : ""}>
                  <dt className="text-xs text-slate-500">{field.label}</dt>
                  <dd className="break-words">{value}</dd>
                </div>
              ) : null;
            })}
          </dl>
        </li>
      ))}
    </ul>
  );
}
