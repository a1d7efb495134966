import { alignClass, Money, TableCell } from "~/components/data-table/cells";
import type { TableColumn } from "~/utils/data-table";
import type { WipJournalEntry, WipJournalRow } from "./wip-journal.server";
import { wipJournalTable } from "./wip-journal.table";

const th = "px-3 py-2 font-semibold text-slate-700";

/** A credit line's account is indented, as a journal writes it; the other side of a line is blank. */
function Cell({ column, row }: { column: TableColumn; row: WipJournalRow }) {
  if (column.key === "account") return <span className={row.credit !== null ? "pl-6" : undefined}>{row.account}</span>;
  if (column.key === "debit" || column.key === "credit") {
    const amount = row[column.key];
    return amount === null ? null : <Money value={amount} />;
  }
  return <TableCell column={column} row={row} />;
}

/** The entry's lines, two per project (debit then credit), and the debit and credit totals. */
export function WipJournalTable({ entry }: { entry: Pick<WipJournalEntry, "rows" | "debitTotal" | "creditTotal"> }) {
  const { columns } = wipJournalTable;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table data-testid="wip-journal" className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Suggested journal entry for over and under billings</caption>
        <thead className="bg-slate-50">
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={`${th} ${alignClass(column.type)}`}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {entry.rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-6 text-center text-slate-500">No project is over or under billed: no entry.</td>
            </tr>
          ) : (
            entry.rows.map((row, i) => (
              <tr key={`${row.projectId}-${i}`} className="hover:bg-slate-50">
                {columns.map((column) => (
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
            <th scope="row" colSpan={2} className="px-3 py-2 text-left">
              Total
            </th>
            <td className="px-3 py-2 text-right tabular-nums">
              <Money value={entry.debitTotal} />
            </td>
            <td className="px-3 py-2 text-right tabular-nums">
              <Money value={entry.creditTotal} />
            </td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
