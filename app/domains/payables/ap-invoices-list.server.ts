/**
 * The vendor invoice list (`/payables`) and its export: filters, sort, keyset pages, totals.
 *
 * Not queryTable: its keyset (`… or <sort> is null`, `nulls last`) is built for nullable columns and
 * keeps PostgreSQL from walking an index, so page 1,000 would scan every row before it. Every sort
 * here is NOT NULL, so a page is `(sort, id) < (cursor)` with `order by sort, id`: an index on
 * (organization_id, <sort column>, id) serves page 1 and page 1,000 alike (the default sort needs
 * (organization_id, invoice_date, id)). Every figure is stored: total, retainage and amount due on the
 * invoice row, paid too (amount_paid, kept by a trigger on ap_payments, migration 0020). The totals
 * read the per project × vendor × status sums of ap_invoice_totals (kept by triggers on ap_invoices)
 * when the filters are only those dimensions, so page 1 no longer re-sums 50,000 invoices and 35,000
 * payments on every view; a number or date filter sums the stored columns of the invoices it keeps.
 */
import { sql, type SQL } from "drizzle-orm";
import { dateFromFilter, dateToFilter, type TableQuery, type TableRow } from "~/utils/data-table";
import { decodeCursor, encodeCursor, pageStart, positioned, type Cursor, type TablePage } from "~/utils/data-table.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { apInvoicesTable, POSTED_STATUS } from "./ap-invoices.table";

const projectLabel = sql`(p.job_number || ' ' || p.name)`;

type SortKind = "date" | "text" | "numeric";
const SORTS: Record<string, { expr: SQL; kind: SortKind }> = {
  number: { expr: sql`i.invoice_number`, kind: "text" },
  vendor: { expr: sql`v.name`, kind: "text" },
  project: { expr: projectLabel, kind: "text" },
  invoiceDate: { expr: sql`i.invoice_date`, kind: "date" },
  dueDate: { expr: sql`i.due_date`, kind: "date" },
  status: { expr: sql`i.status`, kind: "text" },
  total: { expr: sql`i.total`, kind: "numeric" },
  amountDue: { expr: sql`i.amount_due`, kind: "numeric" },
  balance: { expr: sql`(i.amount_due - i.amount_paid)`, kind: "numeric" },
};

const CURSOR_VALUE: Record<SortKind, RegExp> = { date: /^\d{4}-\d{2}-\d{2}$/, numeric: /^-?\d{1,20}(\.\d{1,6})?$/, text: /^[\s\S]{0,500}$/ };
const typed = (kind: SortKind, value: string) => sql`${value}::${sql.raw(kind)}`;

const VENDOR = sql`join vendors v on v.organization_id = i.organization_id and v.id = i.vendor_id`;
const PROJECT = sql`join projects p on p.organization_id = i.organization_id and p.id = i.project_id`;
const COMMITMENT = sql`left join commitments c on c.organization_id = i.organization_id and c.id = i.commitment_id`;

/** `i` with just the joins the filters read (a sum needs no names): the invoices, or their stored sums per project × vendor × status. */
const filtered = (from: SQL, filters: TableQuery["filters"]) =>
  sql.join([from, ...(filters.vendor ? [VENDOR] : []), ...(filters.project ? [PROJECT] : [])], sql` `);

const contains = (value: string) => `%${value.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

function filterConditions(filters: TableQuery["filters"]): SQL[] {
  const conditions: SQL[] = [];
  const text = (expr: SQL, value: string | undefined) => {
    if (value) conditions.push(sql`${expr} ilike ${contains(value)} escape '\\'`);
  };
  text(sql`i.invoice_number`, filters.number);
  // vendor and project are picked from the organization's lists (lookup filters): the name itself
  if (filters.vendor) conditions.push(sql`v.name = ${filters.vendor}`);
  if (filters.project) conditions.push(sql`${projectLabel} = ${filters.project}`);
  if (filters.status === POSTED_STATUS) conditions.push(sql`i.status in ('approved', 'paid')`);
  else if (filters.status) conditions.push(sql`i.status = ${filters.status}`);
  const from = filters[dateFromFilter("invoiceDate")];
  const to = filters[dateToFilter("invoiceDate")];
  if (from) conditions.push(sql`i.invoice_date >= ${from}::date`);
  if (to) conditions.push(sql`i.invoice_date <= ${to}::date`);
  const dueFrom = filters[dateFromFilter("dueDate")];
  const dueTo = filters[dateToFilter("dueDate")];
  if (dueFrom) conditions.push(sql`i.due_date >= ${dueFrom}::date`);
  if (dueTo) conditions.push(sql`i.due_date <= ${dueTo}::date`);
  return conditions;
}

const whereOf = (conditions: SQL[]) => (conditions.length ? sql`where ${sql.join(conditions, sql` and `)}` : sql``);

/** Only the definition's sorts and page sizes reach SQL, whoever built the query. */
function checked(query: TableQuery): TableQuery {
  const sort = SORTS[query.sort.key] && (query.sort.dir === "asc" || query.sort.dir === "desc") ? query.sort : apInvoicesTable.defaultSort;
  const pageSize = apInvoicesTable.pageSizes.includes(query.pageSize) ? query.pageSize : apInvoicesTable.defaultPageSize;
  return { ...query, sort, pageSize };
}

/** The cursor, or null (first page) when it is malformed, for another sort, or its value does not fit the column. */
function validCursor(query: TableQuery): (Cursor & { value: string }) | null {
  const cursor = decodeCursor(query.after, query);
  const sort = SORTS[query.sort.key];
  if (!cursor || cursor.value === null || !isUuid(cursor.id) || !CURSOR_VALUE[sort.kind].test(cursor.value)) return null;
  return cursor as Cursor & { value: string };
}

/** Rows after the cursor (`forward`) or before it, in the sort order. */
function keyset(query: TableQuery, cursor: Cursor & { value: string }, forward = true): SQL {
  const sort = SORTS[query.sort.key];
  const op = sql.raw((query.sort.dir === "asc") === forward ? ">" : "<");
  return sql`(${sort.expr}, i.id) ${op} (${typed(sort.kind, cursor.value)}, ${cursor.id}::uuid)`;
}

/** The cursor of the page before: the row `pageSize` rows back from the cursor; null when that is the first page. */
async function previousCursor(tx: Tx, query: TableQuery, cursor: Cursor & { value: string }, start: number | null): Promise<string | null> {
  const sort = SORTS[query.sort.key];
  const back = sql.raw(query.sort.dir === "asc" ? "desc" : "asc");
  const [row] = await queryRows<{ __sort: string; __id: string }>(tx, sql`
    select ${sort.expr}::text as "__sort", i.id::text as "__id"
    from ap_invoices i ${VENDOR} ${PROJECT}
    ${whereOf([...filterConditions(query.filters), keyset(query, cursor, false)])}
    order by ${sort.expr} ${back}, i.id ${back}
    offset ${query.pageSize - 1} limit 1`);
  return row ? encodeCursor({ key: query.sort.key, dir: query.sort.dir, value: row.__sort, id: row.__id, ...positioned(start, -query.pageSize) }) : null;
}

type Row = TableRow & { __sort: string; __id: string };

async function fetchPage(tx: Tx, query: TableQuery) {
  const sort = SORTS[query.sort.key];
  const dir = sql.raw(query.sort.dir);
  const cursor = validCursor(query);
  const after = cursor ? keyset(query, cursor) : null;
  const start = pageStart(cursor);
  const rows = await queryRows<Row>(tx, sql`
    select i.invoice_number as number, v.name as vendor, ${projectLabel} as project,
      case when i.commitment_id is null then 'Direct'
           when i.kind = 'retainage_release' then c.number || ' · retainage release'
           else c.number end as commitment,
      to_char(i.invoice_date, 'YYYY-MM-DD') as "invoiceDate", to_char(i.due_date, 'YYYY-MM-DD') as "dueDate", i.status,
      i.total::text as total, i.retainage::text as retainage, i.amount_due::text as "amountDue",
      i.amount_paid::text as paid, (i.amount_due - i.amount_paid)::numeric(14,2)::text as balance,
      '/payables/' || i.id as href, '/commitments/' || i.commitment_id as "commitmentHref",
      ${sort.expr}::text as "__sort", i.id::text as "__id"
    from ap_invoices i ${VENDOR} ${PROJECT} ${COMMITMENT}
    ${whereOf([...filterConditions(query.filters), ...(after ? [after] : [])])}
    order by ${sort.expr} ${dir}, i.id ${dir}
    limit ${query.pageSize + 1}`);
  const page = rows.slice(0, query.pageSize);
  const last = page.at(-1);
  const nextCursor =
    rows.length > query.pageSize && last
      ? encodeCursor({ key: query.sort.key, dir: query.sort.dir, value: last.__sort, id: last.__id, ...positioned(start, page.length) })
      : null;
  return { rows: page.map(({ __sort: _s, __id: _i, ...row }) => row as TableRow), nextCursor, hasPrevious: after !== null, cursor, start };
}

/** The filters ap_invoice_totals can answer: its dimensions (vendor and project by name, through their rows). */
const GROUPED_FILTERS = new Set(["vendor", "project", "status"]);

/**
 * Σ of the money columns over every invoice the filters keep, balance = due − paid. From the stored
 * sums per project × vendor × status when every filter is one of those (aliased `i`: the filters
 * read i.status, v.name and the project label alike); else from the stored columns of the invoices.
 */
export async function apInvoiceTotals(tx: Tx, query: TableQuery): Promise<Record<string, string>> {
  return (await apInvoiceSummary(tx, query)).totals;
}

/** The totals and how many invoices they sum (the stored per-group count, or a count of the rows). */
async function apInvoiceSummary(tx: Tx, query: TableQuery): Promise<{ totals: Record<string, string>; count: number }> {
  const grouped = Object.entries(query.filters).every(([key, value]) => !value || GROUPED_FILTERS.has(key));
  const from = grouped ? sql`ap_invoice_totals i` : sql`ap_invoices i`;
  const [{ count, ...totals }] = await queryRows<Record<string, string>>(tx, sql`
    select f.total::text as total, f.retainage::text as retainage, f.due::text as "amountDue", f.paid::text as paid, (f.due - f.paid)::text as balance,
      f.count::text as count
    from (select coalesce(sum(i.total), 0.00) as total, coalesce(sum(i.retainage), 0.00) as retainage,
                 coalesce(sum(i.amount_due), 0.00) as due, coalesce(sum(i.amount_paid), 0.00) as paid,
                 ${grouped ? sql`coalesce(sum(i.invoices), 0)` : sql`count(*)`} as count
          from ${filtered(from, query.filters)} ${whereOf(filterConditions(query.filters))}) f`);
  return { totals: { ...totals }, count: Number(count) };
}

/** One page of vendor invoices, the cursor of the next, and the totals of the filtered set. */
export async function listApInvoices(tx: Tx, unchecked: TableQuery): Promise<TablePage> {
  const query = checked(unchecked);
  const { cursor, start, ...page } = await fetchPage(tx, query);
  const previous = cursor ? await previousCursor(tx, query, cursor, start) : null;
  const { totals, count } = await apInvoiceSummary(tx, query);
  return { ...page, totals, paging: { total: count, start: start !== null && (start === 0 || start < count) ? start : null, previous } };
}

/**
 * Totals and every filtered row in sort order for the Excel export, `batchSize` rows per tenant
 * transaction (`run`), so an export of the whole ledger holds no long transaction.
 */
export async function apInvoicesExport(run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, unchecked: TableQuery, batchSize = 2000) {
  const query = { ...checked(unchecked), after: null };
  async function* batches(): AsyncIterable<TableRow[]> {
    let after: string | null = null;
    do {
      const page = await run((tx) => fetchPage(tx, { ...query, pageSize: batchSize, after }));
      if (page.rows.length) yield page.rows;
      after = page.nextCursor;
    } while (after);
  }
  return { totals: await run((tx) => apInvoiceTotals(tx, query)), rows: batches() };
}
