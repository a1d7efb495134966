import {
  getInputProps,
  getSelectProps,
  type FieldMetadata,
} from "@conform-to/react";
import { useRef, type ReactNode } from "react";
import { FieldErrors } from "~/components/forms";
import { GRID_CELL, useGridPaste } from "~/components/grid-paste";
import { groupedMoneyText } from "~/utils/money";

// The pieces of the grid forms that enter many lines in one post (the vendor invoice billing sheet,
// the schedule of values, the pay application continuation sheet): a scrolling table that takes a
// block pasted from Excel, and its cell inputs. Tab order is the DOM order: along a row, then down.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

export const gridCell = "px-2 py-2";
export const gridNum = `${gridCell} text-right tabular-nums`;
/** The first column stays in view while the table scrolls sideways (phones). */
export const gridSticky = `${gridCell} sticky left-0 z-10 bg-white`;
const inputBase =
  "block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600 aria-[invalid=true]:border-red-500";

/**
 * The grid's table inside its own horizontal scroller (the page itself never scrolls sideways),
 * with paste-a-block from a spreadsheet when JavaScript runs.
 */
export function PasteGrid({
  testId,
  children,
}: {
  testId: string;
  children: ReactNode;
}) {
  const grid = useRef<HTMLDivElement>(null);
  useGridPaste(grid);
  return (
    <div
      ref={grid}
      className="w-full max-w-full overflow-x-auto rounded border border-slate-200 bg-white"
    >
      <table className="min-w-full text-left text-sm" data-testid={testId}>
        {children}
      </table>
    </div>
  );
}

/** A text cell of the grid; `label` names it for screen readers and tests ("Line 3 description"). */
export function GridTextInput({
  meta,
  label,
  width = "w-56",
  inputMode,
}: {
  meta: AnyField;
  label: string;
  width?: string;
  inputMode?: "decimal" | "text";
}) {
  const props = getInputProps(meta as FieldMetadata<string>, { type: "text" });
  return (
    <>
      <input
        {...props}
        {...GRID_CELL}
        key={props.key}
        inputMode={inputMode}
        aria-label={label}
        className={`${inputBase} ${width} ${inputMode === "decimal" ? "text-right tabular-nums" : ""}`}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </>
  );
}

/** A money cell: shown grouped ("12,500.00") and regrouped when left, like MoneyField. */
export function GridMoneyInput({
  meta,
  label,
}: {
  meta: AnyField;
  label: string;
}) {
  const props = getInputProps(meta as FieldMetadata<string>, { type: "text" });
  const shown = meta.initialValue;
  const grouped = typeof shown === "string" ? groupedMoneyText(shown) : null;
  return (
    <>
      <input
        {...props}
        {...GRID_CELL}
        {...(grouped === null ? {} : { defaultValue: grouped })}
        key={props.key}
        inputMode="decimal"
        aria-label={label}
        className={`${inputBase} w-32 text-right tabular-nums`}
        onBlur={(event) => {
          const regrouped = groupedMoneyText(event.currentTarget.value);
          if (regrouped !== null) event.currentTarget.value = regrouped;
        }}
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </>
  );
}

export function GridSelect({
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
    <>
      <select
        {...props}
        {...GRID_CELL}
        key={props.key}
        aria-label={label}
        className={`${inputBase} w-44`}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </>
  );
}

export function GridCheckbox({
  meta,
  label,
}: {
  meta: AnyField;
  label: string;
}) {
  const props = getInputProps(meta as FieldMetadata<string>, {
    type: "checkbox",
  });
  return (
    <>
      <input
        {...props}
        key={props.key}
        aria-label={label}
        className="h-4 w-4 rounded border-slate-300"
      />
      <FieldErrors id={meta.errorId} errors={meta.errors} />
    </>
  );
}
