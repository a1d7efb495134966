import {
  columnFilteringFeature,
  createColumnHelper,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
} from "@tanstack/react-table";
import { useMemo, type ReactNode } from "react";
import {
  dateFromFilter,
  dateToFilter,
  nextSort,
  shownTotals,
  tableHref,
  type TableColumn,
  type FilterOption,
  type TableDefinition,
  type TablePaging,
  type TableQuery,
  type TableRow,
  type TotalsRow,
} from "~/utils/data-table";
import { visibleColumns } from "~/utils/table-columns";
import { alignClass, Money, TableCell } from "./cells";
import { FiltersForm } from "./filters-form";
import { Pagination } from "./pagination";

// Sorting, filtering and paging all happen in SQL: the table only lays out the page it is given.
const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  rowPaginationFeature,
  columnMeta: {} as { column: TableColumn },
});
const columnHelper = createColumnHelper<typeof features, TableRow>();

export interface DataTableProps {
  definition: TableDefinition;
  rows: TableRow[];
  query: TableQuery;
  nextCursor: string | null;
  hasPrevious: boolean;
  totals?: Record<string, string> | null;
  /** Labelled totals rows (a definition's `totalRows`), shown instead of the one "Total" row. */
  totalRows?: TotalsRow[] | null;
  pathname: string;
  exportHref?: string;
  caption?: string;
  emptyMessage?: string;
  /** Where the page sits ("51–100 of 1,010") and the previous page's cursor (queryTable's `paging`). */
  paging?: TablePaging;
  /** The choices of the definition's lookup filters (projects, vendors), by column key. */
  filterOptions?: Record<string, FilterOption[]>;
  /** Let the page use the whole window width (default); false keeps the page's usual width. */
  wide?: boolean;
  /** The columns shown, in order (app/utils/table-columns.ts); every column when absent. */
  columns?: string[] | null;
  /** Beside the export link: the column chooser and the views menu. */
  tools?: ReactNode;
  /** A checkbox before each row, posted by the form with id `form` as `name` = the row's `valueKey` (bulk actions, no JS needed). */
  select?: { form: string; name: string; valueKey: string; label: (row: TableRow) => string };
}

function columnFilters(definition: TableDefinition, query: TableQuery) {
  return definition.columns.flatMap((c) => {
    const value =
      c.filter?.kind === "dateRange"
        ? [query.filters[dateFromFilter(c.key)], query.filters[dateToFilter(c.key)]]
        : query.filters[c.key];
    return (Array.isArray(value) ? value.some(Boolean) : value) ? [{ id: c.key, value }] : [];
  });
}

const ariaSort = { asc: "ascending", desc: "descending" } as const;

export function DataTable(props: DataTableProps) {
  const { definition, rows, query, pathname } = props;
  const totals = shownTotals(props.totals, props.totalRows);
  const shownKey = props.columns?.join(",") ?? "";
  const shown = useMemo(() => visibleColumns(definition, shownKey ? shownKey.split(",") : null), [definition, shownKey]);
  const columns = useMemo(
    () =>
      columnHelper.columns(
        shown.map((column) =>
          columnHelper.accessor((row) => row[column.key], {
            id: column.key,
            header: column.label,
            enableSorting: Boolean(column.sortable),
            meta: { column },
            cell: ({ row }) => <TableCell column={column} row={row.original} />,
          }),
        ),
      ),
    [shown],
  );
  const table = useTable({
    features,
    columns,
    data: rows,
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    state: {
      sorting: [{ id: query.sort.key, desc: query.sort.dir === "desc" }],
      columnFilters: columnFilters(definition, query),
      pagination: { pageIndex: 0, pageSize: query.pageSize },
    },
  });

  return (
    <div className="space-y-3" data-wide-table={props.wide === false ? undefined : ""}>
      <div className="flex flex-wrap items-end justify-between gap-3">
        <FiltersForm definition={definition} query={query} pathname={pathname} options={props.filterOptions} />
        <div className="flex flex-wrap items-center gap-4">
        {props.tools}
        {props.exportHref ? (
          <a href={props.exportHref} className="text-sm font-medium text-brand-700 hover:underline" download>
            Export to Excel
          </a>
        ) : null}
        </div>
      </div>
      {/* Desktop: the table scrolls in its own box under a sticky header row and first column; phone: each row is a card. */}
      <div data-testid="data-table-scroll" className="data-table-scroll">
        <table data-testid="data-table" className="data-table">
          {props.caption ? <caption className="px-3 py-2 text-left font-medium text-slate-700">{props.caption}</caption> : null}
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {props.select ? <th scope="col" className="w-12"><span className="sr-only">Select</span></th> : null}
                {group.headers.map((header) => {
                  const column = header.column.columnDef.meta!.column;
                  const sorted = query.sort.key === column.key ? query.sort.dir : null;
                  return (
                    <th key={header.id} scope="col" aria-sort={sorted ? ariaSort[sorted] : undefined} className={alignClass(column.type)}>
                      {column.sortable ? (
                        <a href={tableHref(pathname, query, { sort: nextSort(query, column) })} className="hover:underline">
                          <table.FlexRender header={header} />
                          <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                        </a>
                      ) : (
                        <table.FlexRender header={header} />
                      )}
                    </th>
                  );
                })}
              </tr>
            ))}
          </thead>
          <tbody>
            {rows.length === 0 ? (
              <tr>
                <td colSpan={shown.length + (props.select ? 1 : 0)} className="py-6 text-center text-slate-500">
                  {props.emptyMessage ?? "No rows match these filters."}
                </td>
              </tr>
            ) : (
              table.getRowModel().rows.map((row) => (
                <tr key={row.id}>
                  {props.select ? <SelectCell select={props.select} row={row.original} /> : null}
                  {row.getAllCells().map((cell) => {
                    const column = cell.column.columnDef.meta!.column;
                    return (
                      <td key={cell.id} data-label={column.label} className={cellClass(column)}>
                        <table.FlexRender cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))
            )}
          </tbody>
          {totals.length ? <TotalsRows columns={shown} rows={totals} labelled={Boolean(props.totalRows?.length)} /> : null}
        </table>
      </div>
      <Pagination
        pathname={pathname}
        query={query}
        pageSizes={definition.pageSizes}
        rowCount={rows.length}
        nextCursor={props.nextCursor}
        hasPrevious={props.hasPrevious}
        paging={props.paging}
      />
    </div>
  );
}

function SelectCell({ select, row }: { select: NonNullable<DataTableProps["select"]>; row: TableRow }) {
  return (
    <td>
      <label className="inline-flex min-h-11 min-w-11 items-center gap-2">
        <input type="checkbox" form={select.form} name={select.name} value={String(row[select.valueKey])} className="size-5" />
        <span className="sr-only">{select.label(row)}</span>
      </label>
    </td>
  );
}

// The layout (sticky header row, first column and totals; cards on a phone) is `.data-table` in tailwind.css.
/** Figures, dates, statuses and code columns stay on one line; text may wrap. */
const cellClass = (column: TableColumn) =>
  column.type !== "text" || column.nowrap ? `${alignClass(column.type)} whitespace-nowrap` : alignClass(column.type);

/**
 * Each totals row: its label in the first cell, its sums under their columns. A labelled row's label
 * spans the leading columns that hold no total, so a long label does not widen the first column.
 */
function TotalsRows({ columns, rows, labelled }: { columns: TableColumn[]; rows: TotalsRow[]; labelled: boolean }) {
  const firstTotal = columns.findIndex((c) => c.total);
  const span = labelled && firstTotal > 0 ? firstTotal : 1;
  return (
    <tfoot>
      {rows.map((row) => (
        <tr key={row.label}>
          {columns.map((column, i) => {
            if (i > 0 && i < span) return null;
            const value = column.total ? row.values[column.key] : undefined;
            if (value === undefined)
              return i === 0 ? (
                <th key={column.key} scope="row" colSpan={span > 1 ? span : undefined} className="text-left">
                  {row.label}
                </th>
              ) : (
                <td key={column.key} />
              );
            return (
              <td key={column.key} data-label={column.label} className={cellClass(column)}>
                {column.type === "money" ? <Money value={value} /> : value}
              </td>
            );
          })}
        </tr>
      ))}
    </tfoot>
  );
}
