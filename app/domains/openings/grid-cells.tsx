import { getInputProps, getSelectProps, type FieldMetadata } from "@conform-to/react";
import { FieldErrors } from "~/components/forms";
import { GRID_CELL } from "~/components/grid-paste";
import { groupedMoneyText } from "~/utils/money";

/** The cells of the opening grids: one input per cell, Tab moves along a row, a pasted block fills the grid. */

export const gridCell = "px-2 py-1 align-top";
const control =
  "block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

type Field = FieldMetadata<string | undefined>;

/** A money cell: shown grouped ("12,500.00"), regrouped when left (as MoneyField does). */
export function MoneyCell({ meta, label }: { meta: Field; label: string }) {
  const { defaultValue, ...props } = getInputProps(meta, { type: "text" });
  const shown = typeof defaultValue === "string" ? (groupedMoneyText(defaultValue) ?? defaultValue) : defaultValue;
  return (
    <td className={gridCell}>
      <input
        {...props}
        {...GRID_CELL}
        key={meta.key}
        defaultValue={shown}
        inputMode="decimal"
        aria-label={label}
        className={`${control} w-32 text-right tabular-nums`}
        onBlur={(event) => {
          const regrouped = groupedMoneyText(event.currentTarget.value);
          if (regrouped !== null) event.currentTarget.value = regrouped;
        }}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </td>
  );
}

export function TextCell({ meta, label, type = "text", width = "w-40" }: { meta: Field; label: string; type?: "text" | "date"; width?: string }) {
  return (
    <td className={gridCell}>
      <input {...getInputProps(meta, { type })} {...GRID_CELL} key={meta.key} aria-label={label} className={`${control} ${width}`} />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </td>
  );
}

export function SelectCell({ meta, label, options }: { meta: Field; label: string; options: { id: string; label: string }[] }) {
  return (
    <td className={gridCell}>
      <select {...getSelectProps(meta)} key={meta.key} aria-label={label} className={`${control} w-56`}>
        <option value="">—</option>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </td>
  );
}
