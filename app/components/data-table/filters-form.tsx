import { useEffect, useState } from "react";
import {
  dateFromFilter,
  dateFromParam,
  dateToFilter,
  dateToParam,
  filterParam,
  tableHref,
  type FilterOption,
  type TableDefinition,
  type TableQuery,
} from "~/utils/data-table";

const inputClass = "mt-1 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";
const labelClass = "text-xs font-medium text-slate-600";

/**
 * A plain GET form: filters go into the URL; sort and page size are kept, the cursor is dropped.
 * On a phone it folds behind a "Filter" toggle (a <details>, no JS needed), open while a filter is
 * set; from tablet width up it is always shown (tailwind.css, `.filters-toggle`).
 */
export function FiltersForm(props: { definition: TableDefinition; query: TableQuery; pathname: string; options?: Record<string, FilterOption[]> }) {
  const { definition, query, pathname } = props;
  const id = (suffix: string) => `${definition.id}-${suffix}`;
  // a lookup filter shows when its page supplied the choices
  const filtered = definition.columns.filter((c) => c.filter && (c.filter.kind !== "lookup" || props.options?.[c.key]));
  if (filtered.length === 0) return null;
  const active = Object.values(query.filters).filter(Boolean).length;
  return (
    <details className="filters-toggle w-full md:w-auto" open={active > 0}>
      <summary className="inline-flex cursor-pointer items-center gap-2 rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700">
        Filter{active ? ` (${active})` : ""}
      </summary>
      <form method="get" action={pathname} className="mt-2 flex flex-wrap items-end gap-3 md:mt-0" aria-label="Filters">
      <input type="hidden" name="sort" value={query.sort.key} />
      <input type="hidden" name="dir" value={query.sort.dir} />
      <input type="hidden" name="size" value={String(query.pageSize)} />
      {query.columns?.length ? <input type="hidden" name="cols" value={query.columns.join(",")} /> : null}
      {filtered.map((column) => {
        const filter = column.filter;
        if (!filter) return null;
        if (filter.kind === "lookup")
          return (
            <LookupFilter
              key={column.key}
              name={filterParam(column.key)}
              label={column.label}
              value={query.filters[column.key] ?? ""}
              options={props.options?.[column.key] ?? []}
            />
          );
        if (filter.kind === "text")
          return (
            <label key={column.key} className={labelClass}>
              {column.label}
              <input type="search" name={filterParam(column.key)} defaultValue={query.filters[column.key] ?? ""} className={inputClass} />
            </label>
          );
        if (filter.kind === "select")
          return (
            <label key={column.key} className={labelClass}>
              {column.label}
              <select name={filterParam(column.key)} defaultValue={query.filters[column.key] ?? ""} className={inputClass}>
                <option value="">All</option>
                {filter.options.map((o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ))}
              </select>
            </label>
          );
        return (
          <fieldset key={column.key} className="flex items-end gap-2">
            <legend className={labelClass}>{column.label}</legend>
            <label className={labelClass} htmlFor={id(`${column.key}-from`)}>
              <span className="sr-only">{column.label} </span>from
              <input
                id={id(`${column.key}-from`)}
                type="date"
                name={dateFromParam(column.key)}
                defaultValue={query.filters[dateFromFilter(column.key)] ?? ""}
                className={inputClass}
              />
            </label>
            <label className={labelClass} htmlFor={id(`${column.key}-to`)}>
              <span className="sr-only">{column.label} </span>to
              <input
                id={id(`${column.key}-to`)}
                type="date"
                name={dateToParam(column.key)}
                defaultValue={query.filters[dateToFilter(column.key)] ?? ""}
                className={inputClass}
              />
            </label>
          </fieldset>
        );
      })}
      <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900">
        Apply
      </button>
      <a href={tableHref(pathname, query, { filters: {} })} className="py-1.5 text-sm text-brand-700 hover:underline">
        Clear
      </a>
      </form>
    </details>
  );
}

/**
 * A picker of the organization's projects or vendors: a plain select (it submits with the form
 * without JS); with JS a search box above it narrows the list and picks the first match.
 */
function LookupFilter({ name, label, value, options }: { name: string; label: string; value: string; options: FilterOption[] }) {
  const [search, setSearch] = useState("");
  const [enhanced, setEnhanced] = useState(false);
  const [selected, setSelected] = useState(value);
  useEffect(() => setEnhanced(true), []);
  // a value from a link that is not (or no longer) in the list stays listed, so the form keeps it
  const listed = value && !options.some((o) => o.value === value) ? [{ value, label: value }, ...options] : options;
  const matches = (o: FilterOption, text: string) => o.label.toLowerCase().includes(text.trim().toLowerCase());
  const shown = search.trim() ? listed.filter((o) => o.value === selected || matches(o, search)) : listed;
  const plural = `${label.toLowerCase()}s`;
  return (
    <div className="flex flex-col">
      {enhanced ? (
        <input
          type="search"
          aria-label={`Search ${plural}`}
          placeholder={`Search ${plural}…`}
          value={search}
          onChange={(event) => {
            const text = event.target.value;
            setSearch(text);
            const first = text.trim() ? listed.find((o) => matches(o, text)) : undefined;
            if (first) setSelected(first.value);
          }}
          className="block w-full max-w-60 rounded border border-slate-300 bg-white px-2 py-1 text-xs text-slate-900"
        />
      ) : null}
      <label className={labelClass}>
        {label}
        <select name={name} value={selected} onChange={(event) => setSelected(event.target.value)} className={`${inputClass} max-w-60`}>
          <option value="">All</option>
          {shown.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
