import { alignClass, TableCell } from "~/components/data-table/cells";
import { nextSort, parseTableQuery, type TableColumn, type TableDefinition, type TableRow, type TableSort } from "~/utils/data-table";
import type { WipTotals } from "./wip-math";
import type { WipScheduleRow } from "./wip.server";
import { excludedText, wipTable } from "./wip.table";

export const sortSearch = (sort: TableSort) => `?sort=${encodeURIComponent(sort.key)}&dir=${sort.dir}`;
const ariaSort = { asc: "ascending", desc: "descending" } as const;

function LossBadge() {
  return <span className="inline-flex rounded-full bg-red-100 px-2 py-0.5 text-xs font-semibold text-red-800 ring-1 ring-red-200 ring-inset">Loss</span>;
}

function FlagBadge({ label }: { label: string }) {
  return <span className="inline-flex rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold whitespace-nowrap text-amber-900 ring-1 ring-amber-200 ring-inset">{label}</span>;
}

/** What the page says about the rows left out of the totals (nothing when every row counts). */
export function ExcludedNote({ count, from }: { count: number; from?: string }) {
  const text = excludedText(count, from);
  return text ? (
    <p className="rounded-md border border-amber-200 bg-amber-50 px-4 py-2 text-sm text-amber-900" role="status" data-testid="wip-excluded">
      {text}: their figures mean nothing until the project has both.
    </p>
  ) : null;
}

const rowClass = (row: WipScheduleRow) => (row.isLoss ? "bg-red-50 hover:bg-red-100" : row.flag ? "bg-amber-50 hover:bg-amber-100" : "hover:bg-slate-50");

function Cell({ column, row }: { column: TableColumn; row: TableRow }) {
  if (column.key === "loss") return row.isLoss ? <LossBadge /> : null;
  if (column.key === "flagLabel") return typeof row.flagLabel === "string" && row.flagLabel ? <FlagBadge label={row.flagLabel} /> : null;
  const value = row[column.key];
  if (column.type === "percent" && typeof value === "string") return <span className={value.startsWith("-") ? "text-red-700" : undefined}>{`${value}%`}</span>;
  return <TableCell column={column} row={row} />;
}

/**
 * The schedule with sort links in the headers (plain links: no JS needed), loss rows and rows
 * without a contract or an estimate flagged, and the totals row (which leaves the latter out).
 */
export function WipTable({
  rows,
  totals,
  sort,
  table = wipTable,
  sortHref = (next) => `/wip${sortSearch(next)}`,
  emptyText = "No active projects.",
}: {
  rows: WipScheduleRow[];
  totals: WipTotals;
  sort: TableSort;
  /** The columns (a closed schedule adds the period's); wipTable by default. */
  table?: TableDefinition;
  /** Where a header's sort link leads (the page's other parameters kept). */
  sortHref?: (sort: TableSort) => string;
  emptyText?: string;
}) {
  const query = parseTableQuery(table, new URLSearchParams(sortSearch(sort)));
  const totalsByKey: Record<string, string> = { ...totals };
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table data-testid="wip-table" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">WIP schedule</caption>
        <thead className="bg-slate-50">
          <tr>
            {table.columns.map((column) => {
              const sorted = sort.key === column.key ? sort.dir : null;
              return (
                <th key={column.key} scope="col" aria-sort={sorted ? ariaSort[sorted] : undefined} className={`px-3 py-2 font-semibold text-slate-700 ${alignClass(column.type)}`}>
                  <a href={sortHref(nextSort(query, column))} className="hover:underline">
                    {column.label}
                    <span aria-hidden="true">{sorted === "asc" ? " ▲" : sorted === "desc" ? " ▼" : ""}</span>
                  </a>
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="px-3 py-6 text-center text-slate-500">
                {emptyText}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.projectId} data-loss={row.isLoss || undefined} data-flag={row.flag ?? undefined} className={rowClass(row)}>
                {table.columns.map((column) => (
                  <td key={column.key} className={`px-3 py-2 ${alignClass(column.type)}`}>
                    <Cell column={column} row={row} />
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            {table.columns.map((column, i) =>
              i === 0 ? (
                <th key={column.key} scope="row" className="px-3 py-2 text-left">Total</th>
              ) : (
                <td key={column.key} className={`px-3 py-2 ${alignClass(column.type)}`}>
                  {column.total ? <Cell column={column} row={totalsByKey} /> : null}
                </td>
              ),
            )}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
