/**
 * A list's table definition: shared by the DataTable component, the SQL query
 * (data-table.server.ts) and the Excel export (excel.server.ts). Browser-safe.
 *
 * All table state lives in the URL, so a link is a saved view and everything works without JS:
 *   sort=<columnKey>&dir=asc|desc   sort column and direction (unknown or unsortable key → default)
 *   size=<n>                        page size, one of the definition's pageSizes
 *   after=<cursor>                  opaque keyset cursor of the last row of the previous page
 *   f.<key>=<value>                 text filter (contains, case-insensitive) or select filter (equals)
 *   f.<key>.from=YYYY-MM-DD         date range filter, both ends inclusive
 *   f.<key>.to=YYYY-MM-DD
 * Invalid values never throw: they fall back to the default (or to no filter).
 */
import { z } from "zod";

/** `percent`: a percentage in percent units ("12.50" is 12.5 %); pages show "12.50%", Excel a percent cell. */
export type ColumnType = "text" | "money" | "number" | "percent" | "date" | "datetime" | "status";

export type ColumnFilter =
  | { kind: "text" }
  | { kind: "select"; options: { value: string; label: string }[] }
  /**
   * One of the organization's records, picked from a list the loader supplies (DataTable's
   * `filterOptions[key]`): the value is the cell's text, matched exactly.
   */
  | { kind: "lookup"; source: LookupSource }
  | { kind: "dateRange" };

/** Where a lookup filter's choices come from (app/utils/table-lookups.server.ts). */
export type LookupSource = "projects" | "vendors";
export type FilterOption = { value: string; label: string };

export type TableColumn = {
  key: string;
  label: string;
  type: ColumnType;
  sortable?: boolean;
  filter?: ColumnFilter;
  /** Name of a row field holding this cell's href. */
  linkKey?: string;
  /** Sum this money/number column in the totals row. */
  total?: boolean;
  /** Keep the cell on one line (codes such as cost codes); figures and dates never wrap anyway. */
  nowrap?: boolean;
};

/**
 * The text a user reads for a coded cell, on the page and in the export alike: the label of the
 * column's select option with that value, else (status columns) the key in words; other values as they are.
 */
export function cellLabel(column: TableColumn, value: string): string {
  const option = column.filter?.kind === "select" ? column.filter.options.find((o) => o.value === value) : undefined;
  return option ? option.label : column.type === "status" ? statusLabel(value) : value;
}

/**
 * A labelled totals row over part of the filtered rows: the server source's `totalRows[key]` is its
 * condition, and it sums `columns` (by default every `total` column).
 */
export type TotalsRowDefinition = { key: string; label: string; columns?: string[] };

/** One totals row as shown and exported: its label and its sums (decimal strings) by column key. */
export type TotalsRow = { label: string; values: Record<string, string> };

export type SortDir = "asc" | "desc";
export type TableSort = { key: string; dir: SortDir };

export type TableDefinition = {
  id: string;
  columns: TableColumn[];
  defaultSort: TableSort;
  pageSizes: number[];
  defaultPageSize: number;
  /** Labelled totals rows in place of the one "Total" row over every filtered row. */
  totalRows?: TotalsRowDefinition[];
};

/** Cells arrive as strings (decimals, ISO dates) so money never passes through a float. */
export type TableRow = Record<string, string | number | boolean | null>;

export type TableQuery = {
  sort: TableSort;
  /** Text/select filters by column key; date ranges as `${key}From` / `${key}To` (YYYY-MM-DD). */
  filters: Record<string, string>;
  after: string | null;
  pageSize: number;
  /** Chosen columns from the URL's `cols` (app/utils/table-columns.ts), kept by every link the table makes. */
  columns?: string[] | null;
};

/**
 * Where a page sits in the filtered rows: `total` rows match, the page starts after `start` of them
 * (null when the link did not say), and `previous` is the cursor of the page before (null: the first page).
 */
export type TablePaging = { total: number; start: number | null; previous: string | null };

export type TableQueryChanges = Partial<Pick<TableQuery, "sort" | "filters" | "after" | "pageSize">>;

const COLUMN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Identity helper for type checking; also rejects definitions that could never work. */
export function defineTable(def: TableDefinition): TableDefinition {
  const keys = new Set(def.columns.map((c) => c.key));
  const bad = def.columns.find((c) => !COLUMN_KEY.test(c.key));
  if (bad) throw new Error(`Table ${def.id}: column key "${bad.key}" must be a plain identifier`);
  if (keys.size !== def.columns.length) throw new Error(`Table ${def.id}: duplicate column keys`);
  // Date range bounds are stored as `${key}From`/`${key}To` in TableQuery.filters.
  const ambiguous = def.columns.find((c) => c.filter && c.filter.kind !== "dateRange" && /(From|To)$/.test(c.key));
  if (ambiguous) throw new Error(`Table ${def.id}: filtered column key "${ambiguous.key}" must not end in From/To`);
  if (!keys.has(def.defaultSort.key)) throw new Error(`Table ${def.id}: default sort "${def.defaultSort.key}" is not a column`);
  if (!def.pageSizes.includes(def.defaultPageSize)) throw new Error(`Table ${def.id}: default page size is not one of pageSizes`);
  const totalled = new Set(def.columns.filter((c) => c.total).map((c) => c.key));
  const totalRowKeys = new Set((def.totalRows ?? []).map((r) => r.key));
  if (totalRowKeys.size !== (def.totalRows ?? []).length) throw new Error(`Table ${def.id}: duplicate totals row keys`);
  const badSum = def.totalRows?.flatMap((r) => r.columns ?? []).find((key) => !totalled.has(key));
  if (badSum) throw new Error(`Table ${def.id}: totals row column "${badSum}" is not a total column`);
  return def;
}

/** The columns a labelled totals row sums: its own list, else every `total` column. */
export function totalsRowColumns(def: TableDefinition, row: TotalsRowDefinition): TableColumn[] {
  return def.columns.filter((c) => c.total && (!row.columns || row.columns.includes(c.key)));
}

/** The totals rows under a table: its labelled rows when it has them, else one "Total" row (none without totals). */
export function shownTotals(totals: Record<string, string> | null | undefined, totalRows: TotalsRow[] | null | undefined, label = "Total"): TotalsRow[] {
  if (totalRows?.length) return totalRows;
  return totals ? [{ label, values: totals }] : [];
}

/** "pending_approval" → "Pending approval": how a status cell reads on the page and in an export. */
export const statusLabel = (value: string) => {
  const words = value.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const sortDir = z.enum(["asc", "desc"]);
const cursor = z.string().min(1).max(1024).regex(/^[A-Za-z0-9_-]+$/);
/** Text from a URL that PostgreSQL text can hold (no NUL byte). */
export const queryText = (max: number) => z.string().trim().min(1).max(max).regex(/^[^\0]*$/);
const textFilter = queryText(200);
const pageSize = z.coerce.number().int().positive();
/** A calendar date PostgreSQL can hold: real (no 2026-02-30), four-digit year, not year 0. */
export const queryDate = z.iso.date().refine((d) => !d.startsWith("0000"));
const isoDate = queryDate;

function valid<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export const filterParam = (key: string) => `f.${key}`;
export const dateFromParam = (key: string) => `f.${key}.from`;
export const dateToParam = (key: string) => `f.${key}.to`;
export const dateFromFilter = (key: string) => `${key}From`;
export const dateToFilter = (key: string) => `${key}To`;

export function parseTableQuery(def: TableDefinition, url: URL | URLSearchParams): TableQuery {
  const params = url instanceof URL ? url.searchParams : url;
  const get = (name: string) => params.get(name) ?? undefined;

  const sortColumn = def.columns.find((c) => c.key === get("sort") && c.sortable);
  const sort: TableSort = sortColumn
    ? { key: sortColumn.key, dir: valid(sortDir, get("dir")) ?? "asc" }
    : def.defaultSort;

  const size = valid(pageSize, get("size"));
  const filters: Record<string, string> = {};
  for (const column of def.columns) {
    const filter = column.filter;
    if (!filter) continue;
    if (filter.kind === "text") {
      const value = valid(textFilter, get(filterParam(column.key)));
      if (value !== undefined) filters[column.key] = value;
    } else if (filter.kind === "select") {
      const value = get(filterParam(column.key));
      if (filter.options.some((o) => o.value === value)) filters[column.key] = value!;
    } else if (filter.kind === "lookup") {
      // checked against the organization's records by the SQL itself: an unknown name matches nothing
      const value = valid(textFilter, get(filterParam(column.key)));
      if (value !== undefined) filters[column.key] = value;
    } else {
      const from = valid(isoDate, get(dateFromParam(column.key)));
      const to = valid(isoDate, get(dateToParam(column.key)));
      if (from !== undefined) filters[dateFromFilter(column.key)] = from;
      if (to !== undefined) filters[dateToFilter(column.key)] = to;
    }
  }

  return {
    sort,
    filters,
    after: valid(cursor, get("after")) ?? null,
    pageSize: size !== undefined && def.pageSizes.includes(size) ? size : def.defaultPageSize,
  };
}

function filterParamName(filterKey: string): string {
  if (filterKey.endsWith("From")) return dateFromParam(filterKey.slice(0, -4));
  if (filterKey.endsWith("To")) return dateToParam(filterKey.slice(0, -2));
  return filterParam(filterKey);
}

/**
 * The query string for `query` with `changes` applied. Changing sort, filters or page size starts
 * again from the first page unless `after` is given explicitly.
 */
export function tableSearch(query: TableQuery, changes: TableQueryChanges = {}): string {
  const restarts = changes.sort !== undefined || changes.filters !== undefined || changes.pageSize !== undefined;
  const next: TableQuery = {
    ...query,
    ...changes,
    after: "after" in changes ? (changes.after ?? null) : restarts ? null : query.after,
  };
  const params = new URLSearchParams();
  params.set("sort", next.sort.key);
  params.set("dir", next.sort.dir);
  params.set("size", String(next.pageSize));
  for (const [key, value] of Object.entries(next.filters)) if (value !== "") params.set(filterParamName(key), value);
  if (next.after) params.set("after", next.after);
  // column keys are plain identifiers: the list keeps its readable commas
  return next.columns?.length ? `${params.toString()}&cols=${next.columns.map(encodeURIComponent).join(",")}` : params.toString();
}

export function tableHref(pathname: string, query: TableQuery, changes: TableQueryChanges = {}): string {
  return `${pathname}?${tableSearch(query, changes)}`;
}

/**
 * The sort a header link switches to: the other direction when already sorted by this column,
 * otherwise ascending for text and newest/largest first for figures and dates.
 */
export function nextSort(query: TableQuery, column: TableColumn): TableSort {
  if (query.sort.key === column.key) return { key: column.key, dir: query.sort.dir === "asc" ? "desc" : "asc" };
  return { key: column.key, dir: column.type === "text" || column.type === "status" ? "asc" : "desc" };
}
