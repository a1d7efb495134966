import {
  dateFromFilter,
  dateFromParam,
  dateToFilter,
  dateToParam,
  filterParam,
  tableHref,
  type TableDefinition,
  type TableQuery,
} from "~/utils/data-table";

const inputClass = "mt-1 block rounded border border-slate-300 bg-white px-2 py-1.5 text-sm text-slate-900";
const labelClass = "text-xs font-medium text-slate-600";

/** A plain GET form: filters and page size go into the URL; sort is kept, the cursor is dropped. */
export function FiltersForm({ definition, query, pathname }: { definition: TableDefinition; query: TableQuery; pathname: string }) {
  const id = (suffix: string) => `${definition.id}-${suffix}`;
  return (
    <form method="get" action={pathname} className="flex flex-wrap items-end gap-3" aria-label="Filters">
      <input type="hidden" name="sort" value={query.sort.key} />
      <input type="hidden" name="dir" value={query.sort.dir} />
      {query.columns?.length ? <input type="hidden" name="cols" value={query.columns.join(",")} /> : null}
      {definition.columns.map((column) => {
        const filter = column.filter;
        if (!filter) return null;
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
      <label className={labelClass}>
        Rows per page
        <select name="size" defaultValue={String(query.pageSize)} className={inputClass}>
          {definition.pageSizes.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded bg-brand-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-900">
        Apply
      </button>
      <a href={tableHref(pathname, query, { filters: {} })} className="py-1.5 text-sm text-brand-700 hover:underline">
        Clear
      </a>
    </form>
  );
}
