import { PostForm } from "~/components/forms";
import type { TableDefinition } from "~/utils/data-table";
import { visibleColumns } from "~/utils/table-columns";

const buttonClass = "rounded border border-slate-300 bg-white px-1.5 text-xs text-slate-700 hover:bg-slate-100 disabled:opacity-40";

/**
 * Which columns a table shows and in which order: a POST form in a <details> (no JavaScript needed),
 * checkboxes, order numbers and one-step up/down buttons. The server remembers the choice for the
 * member and puts it in the page URL (`cols=`), so the page can be shared as it is seen.
 */
export function ColumnChooser({ definition, keys, returnTo }: { definition: TableDefinition; keys: string[]; returnTo: string }) {
  const shown = visibleColumns(definition, keys);
  const hidden = definition.columns.filter((c) => !keys.includes(c.key));
  const rows = [...shown, ...hidden];
  return (
    <details key={keys.join(",")} className="relative text-sm" data-testid="column-chooser">
      <summary className="cursor-pointer select-none font-medium text-brand-700 hover:underline">
        Columns ({shown.length} of {definition.columns.length})
      </summary>
      <PostForm action="/table-views/columns" className="mt-1 w-80 max-w-full space-y-2 rounded border border-slate-200 bg-white p-3 shadow-lg" aria-label="Choose columns">
        <input type="hidden" name="tableId" value={definition.id} />
        <input type="hidden" name="returnTo" value={returnTo} />
        <input type="hidden" name="current" value={shown.map((c) => c.key).join(",")} />
        <div className="flex gap-2">
          <button type="submit" className="rounded bg-brand-700 px-3 py-1 text-sm font-medium text-white hover:bg-brand-900">
            Apply
          </button>
          <button type="submit" name="intent" value="reset" className="px-2 py-1 text-sm text-brand-700 hover:underline">
            Reset to defaults
          </button>
        </div>
        <ol className="max-h-96 space-y-1 overflow-y-auto">
          {rows.map((column, i) => {
            const visible = i < shown.length;
            return (
              <li key={column.key} className="flex items-center gap-2">
                <input
                  type="number"
                  inputMode="numeric"
                  name={`order.${column.key}`}
                  defaultValue={visible ? i + 1 : ""}
                  min={1}
                  aria-label={`Position of ${column.label}`}
                  className="w-12 rounded border border-slate-300 px-1 py-0.5 text-xs"
                />
                <label className="flex flex-1 items-center gap-2">
                  <input type="checkbox" name="col" value={column.key} defaultChecked={visible} />
                  <span className={visible ? "" : "text-slate-500"}>{column.label}</span>
                </label>
                {visible ? (
                  <span className="flex gap-1">
                    <button type="submit" name="move" value={`${column.key}:up`} disabled={i === 0} className={buttonClass} aria-label={`Move ${column.label} up`}>
                      ↑
                    </button>
                    <button type="submit" name="move" value={`${column.key}:down`} disabled={i === shown.length - 1} className={buttonClass} aria-label={`Move ${column.label} down`}>
                      ↓
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ol>
      </PostForm>
    </details>
  );
}
