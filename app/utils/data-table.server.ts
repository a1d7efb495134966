/**
 * The SQL side of a table definition (app/utils/data-table.ts): filtering, keyset pagination,
 * totals and batched iteration for exports. Every value from the URL is a bound parameter; column
 * keys and sort directions come from the definition only.
 *
 * Ordering is `<sort> <dir> NULLS LAST, <id> <dir>`: rows with no value always come last, and the
 * keyset comparison treats them as a separate trailing group, so nullable columns page correctly.
 */
import { sql, type SQL } from "drizzle-orm";
import type { TableColumn, TableDefinition, TablePaging, TableQuery, TableRow, TotalsRow } from "./data-table";
import { dateFromFilter, dateToFilter, totalsRowColumns } from "./data-table";
import type { Tx } from "./db.server";
import { queryRows } from "~/utils/db.server";
import { currentOrganizationId } from "@db/schema/_shared";

const ORGANIZATION_TIME_ZONE = sql`coalesce((select o.time_zone from organizations o where o.id = ${currentOrganizationId}), 'UTC')`;

export type ServerTableSource = {
  /** The relations after FROM (table and joins), without the FROM keyword. */
  from: SQL;
  /** Base condition, e.g. a status or scope, applied before the user's filters. */
  where?: SQL;
  /** One expression per column key: selected, sorted and filtered on. */
  columns: Record<string, SQL>;
  /** Unique tie-breaker, e.g. sql`e.id`. */
  id: SQL;
  /** Fields returned but not displayed, e.g. link targets. */
  extra?: Record<string, SQL>;
  /** The condition of each labelled totals row of the definition (`totalRows`), by its key. */
  totalRows?: Record<string, SQL>;
};

export type ServerTable = TableDefinition & { source: ServerTableSource };

export type TablePage = {
  rows: TableRow[];
  nextCursor: string | null;
  hasPrevious: boolean;
  totals: Record<string, string> | null;
  /** The labelled totals rows, for a table that has them (its `totals` is then null). */
  totalRows?: TotalsRow[] | null;
  /** "51–100 of 1,010" and the previous page's cursor. */
  paging?: TablePaging;
};

export function serverTable(def: TableDefinition, source: ServerTableSource): ServerTable {
  const missing = def.columns.filter((c) => !source.columns[c.key]).map((c) => c.key);
  if (missing.length) throw new Error(`Table ${def.id}: no SQL expression for ${missing.join(", ")}`);
  const clash = Object.keys(source.extra ?? {}).find((k) => k in source.columns || k.startsWith("__"));
  if (clash) throw new Error(`Table ${def.id}: extra field "${clash}" clashes with a column`);
  const unconditioned = (def.totalRows ?? []).filter((r) => !source.totalRows?.[r.key]).map((r) => r.key);
  if (unconditioned.length) throw new Error(`Table ${def.id}: no condition for totals row ${unconditioned.join(", ")}`);
  return { ...def, source };
}

/**
 * The last row of a page: its sort value and id. `position` (how many rows precede the next page)
 * only labels the next page ("51–100"); a forged one mislabels it and changes no row.
 */
export type Cursor = { key: string; dir: string; value: string | null; id: string; position?: number };

export function encodeCursor(c: Cursor): string {
  const fields = [c.key, c.dir, c.value, c.id, ...(c.position === undefined ? [] : [c.position])];
  return Buffer.from(JSON.stringify(fields)).toString("base64url");
}

const MAX_POSITION = 1e12;

/** A cursor that is malformed or was made for another sort order is ignored (first page). */
export function decodeCursor(token: string | null, query: TableQuery): Cursor | null {
  if (!token) return null;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (!Array.isArray(parsed) || parsed.length < 4 || parsed.length > 5) return null;
    const [key, dir, value, id, position] = parsed;
    if (key !== query.sort.key || dir !== query.sort.dir) return null;
    if ((value !== null && typeof value !== "string") || typeof id !== "string") return null;
    // PostgreSQL text cannot hold NUL; values that do not cast to the column fall back in queryTable
    if (`${value}${id}`.includes("\0")) return null;
    const placed = Number.isSafeInteger(position) && position > 0 && position < MAX_POSITION;
    return { key, dir, value, id, ...(placed ? { position: position as number } : {}) };
  } catch {
    return null;
  }
}

const expr = (table: ServerTable, key: string) => sql`(${table.source.columns[key]})`;

function columnOutput(column: TableColumn, e: SQL): SQL {
  switch (column.type) {
    case "money":
    case "number":
      return sql`${e}::numeric::text`;
    case "date":
      return sql`to_char(${e}, 'YYYY-MM-DD')`;
    case "datetime":
      return sql`to_char(${e} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    default:
      return sql`${e}::text`;
  }
}

const likePattern = (value: string) => `%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function filterConditions(table: ServerTable, query: TableQuery): SQL[] {
  const conditions: SQL[] = [];
  for (const column of table.columns) {
    const e = expr(table, column.key);
    const f = column.filter;
    if (!f) continue;
    if (f.kind === "text" && query.filters[column.key]) {
      conditions.push(sql`${e}::text ilike ${likePattern(query.filters[column.key])} escape '\\'`);
    } else if ((f.kind === "select" || f.kind === "lookup") && query.filters[column.key]) {
      conditions.push(sql`${e}::text = ${query.filters[column.key]}`);
    } else if (f.kind === "dateRange") {
      // datetime columns are filtered by the organization's calendar day, as they are displayed
      const start = (d: string, days: number) =>
        column.type === "datetime" ? sql`((${d}::date + ${sql.raw(String(days))})::timestamp at time zone ${ORGANIZATION_TIME_ZONE})` : sql`(${d}::date + ${sql.raw(String(days))})`;
      const from = query.filters[dateFromFilter(column.key)];
      const to = query.filters[dateToFilter(column.key)];
      if (from) conditions.push(sql`${e} >= ${start(from, 0)}`);
      if (to) conditions.push(sql`${e} < ${start(to, 1)}`);
    }
  }
  return conditions;
}

function whereClause(table: ServerTable, query: TableQuery, extra: SQL[] = []): SQL {
  const all = [...(table.source.where ? [sql`(${table.source.where})`] : []), ...filterConditions(table, query), ...extra];
  return all.length ? sql`where ${sql.join(all, sql` and `)}` : sql``;
}

function keysetCondition(table: ServerTable, query: TableQuery, cursor: Cursor): SQL {
  const s = expr(table, query.sort.key);
  const id = sql`(${table.source.id})`;
  const op = sql.raw(query.sort.dir === "asc" ? ">" : "<");
  if (cursor.value === null) return sql`(${s} is null and ${id} ${op} ${cursor.id})`;
  return sql`((${s} is not null and (${s}, ${id}) ${op} (${cursor.value}, ${cursor.id})) or ${s} is null)`;
}

async function fetchPage(tx: Tx, table: ServerTable, query: TableQuery, cursor: Cursor | null, start: number | null = null) {
  const dir = sql.raw(query.sort.dir === "asc" ? "asc" : "desc");
  const s = expr(table, query.sort.key);
  const id = sql`(${table.source.id})`;
  const fields = [
    ...table.columns.map((c) => sql`${columnOutput(c, expr(table, c.key))} as ${sql.identifier(c.key)}`),
    ...Object.entries(table.source.extra ?? {}).map(([k, e]) => sql`(${e}) as ${sql.identifier(k)}`),
    sql`${s}::text as "__sort"`,
    sql`${id}::text as "__id"`,
  ];
  const rows = await queryRows<TableRow & { __sort: string | null; __id: string }>(tx, sql`
    select ${sql.join(fields, sql`, `)}
    from ${table.source.from}
    ${whereClause(table, query, cursor ? [keysetCondition(table, query, cursor)] : [])}
    order by ${s} ${dir} nulls last, ${id} ${dir}
    limit ${query.pageSize + 1}`);
  const page = rows.slice(0, query.pageSize);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.pageSize && last
      ? encodeCursor({ key: query.sort.key, dir: query.sort.dir, value: last.__sort, id: last.__id, ...positioned(start, page.length) })
      : null;
  return { rows: page.map(({ __sort: _s, __id: _i, ...row }) => row as TableRow), nextCursor };
}

/** The `position` of a cursor `rows` after `start` (nothing when the start is not known). */
export const positioned = (start: number | null, rows: number) => (start === null ? {} : { position: start + rows });

/** The row a page starts after, as its cursor position says: 0 on the first page, null when unknown. */
export const pageStart = (cursor: Cursor | null) => (cursor ? (cursor.position ?? null) : 0);

/**
 * The cursor of the page before the one after `cursor`: the row `pageSize` rows before it, walking
 * the order backwards (nulls first, ids reversed); null when that is the first page.
 */
async function previousCursor(tx: Tx, table: ServerTable, query: TableQuery, cursor: Cursor, start: number | null): Promise<string | null> {
  const s = expr(table, query.sort.key);
  const id = sql`(${table.source.id})`;
  const op = sql.raw(query.sort.dir === "asc" ? "<" : ">");
  const back = sql.raw(query.sort.dir === "asc" ? "desc" : "asc");
  const before =
    cursor.value === null ? sql`(${s} is not null or ${id} ${op} ${cursor.id})` : sql`(${s} is not null and (${s}, ${id}) ${op} (${cursor.value}, ${cursor.id}))`;
  const [row] = await queryRows<{ __sort: string | null; __id: string }>(tx, sql`
    select ${s}::text as "__sort", ${id}::text as "__id"
    from ${table.source.from}
    ${whereClause(table, query, [before])}
    order by ${s} ${back} nulls first, ${id} ${back}
    offset ${query.pageSize - 1} limit 1`);
  if (!row) return null;
  return encodeCursor({ key: query.sort.key, dir: query.sort.dir, value: row.__sort, id: row.__id, ...positioned(start, -query.pageSize) });
}

const isDataException = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e.cause?.code ?? e.code ?? "").startsWith("22");
};

/** Guards callers that build a TableQuery by hand: only the definition's keys and sizes reach SQL. */
function checkedQuery(table: ServerTable, query: TableQuery): TableQuery {
  const sortable = table.columns.some((c) => c.key === query.sort.key && (c.sortable || c.key === table.defaultSort.key));
  return {
    ...query,
    sort: sortable && (query.sort.dir === "asc" || query.sort.dir === "desc") ? query.sort : table.defaultSort,
    pageSize: table.pageSizes.includes(query.pageSize) ? query.pageSize : table.defaultPageSize,
  };
}

/** One page of rows, the cursor of the next one, and totals over the whole filtered set. */
export async function queryTable(tx: Tx, table: ServerTable, unchecked: TableQuery): Promise<TablePage> {
  const query = checkedQuery(table, unchecked);
  const cursor = decodeCursor(query.after, query);
  let page: Awaited<ReturnType<typeof fetchPage>>;
  let hasPrevious = cursor !== null;
  let start = pageStart(cursor);
  try {
    // A savepoint, so a forged cursor whose values do not cast to the column's type can fall back.
    page = cursor ? await tx.transaction((sp) => fetchPage(sp, table, query, cursor, start)) : await fetchPage(tx, table, query, null, 0);
  } catch (error) {
    if (!isDataException(error)) throw error;
    page = await fetchPage(tx, table, query, null, 0);
    hasPrevious = false;
    start = 0;
  }
  // the cursor's values cast (the page was read with them), so the walk back can use them as well
  const previous = hasPrevious && cursor ? await previousCursor(tx, table, query, cursor, start) : null;
  const summary = await tableSummary(tx, table, query);
  const paging: TablePaging = { total: summary.count, start: start !== null && (start === 0 || start < summary.count) ? start : null, previous };
  return { ...page, hasPrevious, totals: summary.totals, ...(summary.totalRows ? { totalRows: summary.totalRows } : {}), paging };
}

/**
 * The number of filtered rows with the totals of the table (its "Total" row or its labelled
 * rows), in one statement: counting rides on the scan the sums make anyway.
 */
export async function tableSummary(
  tx: Tx,
  table: ServerTable,
  query: TableQuery,
): Promise<{ count: number; totals: Record<string, string> | null; totalRows: TotalsRow[] | null }> {
  const labelled = table.totalRows ?? [];
  const summed = labelled.length ? [] : table.columns.filter((c) => c.total);
  const alias = (r: number, key: string) => `r${r}_${key}`;
  const fields = [
    sql`count(*)::bigint::text as "__count"`,
    ...summed.map((c) => sql`coalesce(sum(${expr(table, c.key)}), 0)::numeric::text as ${sql.identifier(c.key)}`),
    ...labelled.flatMap((row, r) =>
      totalsRowColumns(table, row).map((c) => {
        // Money sums are of cents already; round(…, 2) only makes an empty or all-zero sum read "0.00".
        const sum = sql`coalesce(sum(${expr(table, c.key)}) filter (where (${table.source.totalRows![row.key]})), 0)::numeric`;
        return sql`${c.type === "money" ? sql`round(${sum}, 2)` : sum}::text as ${sql.identifier(alias(r, c.key))}`;
      }),
    ),
  ];
  const [{ __count, ...sums }] = await queryRows<Record<string, string>>(
    tx,
    sql`select ${sql.join(fields, sql`, `)} from ${table.source.from} ${whereClause(table, query)}`,
  );
  return {
    count: Number(__count),
    totals: summed.length ? { ...sums } : null,
    totalRows: labelled.length
      ? labelled.map((row, r) => ({ label: row.label, values: Object.fromEntries(totalsRowColumns(table, row).map((c) => [c.key, sums[alias(r, c.key)]])) }))
      : null,
  };
}

/** The one "Total" row over every filtered row; null for a table without total columns or with labelled totals rows. */
export async function tableTotals(tx: Tx, table: ServerTable, query: TableQuery): Promise<Record<string, string> | null> {
  const summed = table.columns.filter((c) => c.total);
  if (summed.length === 0 || table.totalRows?.length) return null;
  const sums = summed.map((c) => sql`coalesce(sum(${expr(table, c.key)}), 0)::numeric::text as ${sql.identifier(c.key)}`);
  const [totals] = await queryRows<Record<string, string>>(tx, sql`select ${sql.join(sums, sql`, `)} from ${table.source.from} ${whereClause(table, query)}`);
  return { ...totals };
}

/**
 * The labelled totals rows (null for a table without them), in one statement: each row sums its
 * columns over the filtered rows its condition keeps. Money sums are of cents already; round(…, 2)
 * only makes an empty or all-zero sum read "0.00" like any other amount.
 */
export async function tableTotalRows(tx: Tx, table: ServerTable, query: TableQuery): Promise<TotalsRow[] | null> {
  const rows = table.totalRows ?? [];
  if (rows.length === 0) return null;
  const alias = (r: number, key: string) => `r${r}_${key}`;
  const sums = rows.flatMap((row, r) =>
    totalsRowColumns(table, row).map((c) => {
      const sum = sql`coalesce(sum(${expr(table, c.key)}) filter (where (${table.source.totalRows![row.key]})), 0)::numeric`;
      return sql`${c.type === "money" ? sql`round(${sum}, 2)` : sum}::text as ${sql.identifier(alias(r, c.key))}`;
    }),
  );
  if (sums.length === 0) return rows.map((row) => ({ label: row.label, values: {} }));
  const [totals] = await queryRows<Record<string, string>>(tx, sql`select ${sql.join(sums, sql`, `)} from ${table.source.from} ${whereClause(table, query)}`);
  return rows.map((row, r) => ({ label: row.label, values: Object.fromEntries(totalsRowColumns(table, row).map((c) => [c.key, totals[alias(r, c.key)]])) }));
}

/**
 * Every filtered row in sort order, `batchSize` at a time, each batch in its own transaction
 * (`run`, e.g. `(fn) => withTenant(ctx, fn)`), so an export holds no long transaction.
 */
export async function* tableBatches(
  run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>,
  table: ServerTable,
  query: TableQuery,
  batchSize = 2000,
): AsyncIterable<TableRow[]> {
  const batchQuery = { ...checkedQuery(table, query), pageSize: Math.max(1, Math.floor(batchSize)), after: null };
  let cursor: Cursor | null = null;
  do {
    const current: Cursor | null = cursor;
    const page = await run((tx) => fetchPage(tx, table, batchQuery, current));
    if (page.rows.length) yield page.rows;
    cursor = decodeCursor(page.nextCursor, batchQuery);
  } while (cursor);
}
