import { cell, formatCount, frame, num, sheetName, tableClass } from "./import-view";

/**
 * The import page's problems (browser-safe): a summary by kind of problem with counts, then every
 * problem, 100 a page. Both lead with the root causes; a problem that exists only because a row it
 * references was refused says "because of <sheet> row N", so the user fixes the few causes first.
 */

/** The refused row (row null: the whole sheet) a problem follows from, as the page and the error workbook name it. */
export function causeText(sheet: string, row: number | null): string {
  return row === null ? `the ${sheetName(sheet)} sheet` : `${sheetName(sheet)} row ${row}`;
}

export type ImportErrorView = { id: string; sheet: string; rowNumber: number | null; column: string | null; value: string | null; message: string; becauseOf: string | null };
export type ProblemGroupView = { sheet: string; column: string | null; message: string; becauseOf: string | null; problems: number; firstRow: number | null };
export type ImportErrorsPage = { rows: ImportErrorView[]; total: number; page: number; pages: number; groups: ProblemGroupView[]; groupCount: number };

const pageLink = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
const none = <span className="text-slate-400">—</span>;

function Problem({ message, becauseOf }: { message: string; becauseOf: string | null }) {
  return (
    <>
      {message}
      {becauseOf ? <span className="block text-xs font-medium text-amber-800">because of {becauseOf}</span> : null}
    </>
  );
}

/** One row per kind of problem (sheet, column, message, cause) with how many rows have it, root causes first. */
export function ProblemGroupsTable({ errors }: { errors: ImportErrorsPage }) {
  const { groups, groupCount } = errors;
  const dependent = groups.some((g) => g.becauseOf);
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">
        {groupCount === 1 ? "1 kind of problem" : `${formatCount(groupCount)} kinds of problem`}
        {dependent ? ". The rows refused on their own come first: fixing them also clears the problems marked “because of …”." : "."}
        {groupCount > groups.length ? ` The first ${formatCount(groups.length)} are shown here; every problem is listed below.` : ""}
      </p>
      <div className={frame}>
        <table className={tableClass} data-testid="import-problem-groups">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Column</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Problem</th>
              <th scope="col" className={`${num} font-semibold`}>Rows</th>
              <th scope="col" className={`${num} font-semibold`}>First row</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {groups.map((g) => (
              <tr key={`${g.sheet}|${g.column}|${g.message}|${g.becauseOf}`}>
                <td className={cell}>{g.sheet}</td>
                <td className={cell}>{g.column ?? none}</td>
                <td className={cell}>
                  <Problem message={g.message} becauseOf={g.becauseOf} />
                </td>
                <td className={num}>{formatCount(g.problems)}</td>
                <td className={num}>{g.firstRow === null ? <span className="text-slate-500">whole sheet</span> : g.firstRow}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/** Every problem found, 100 a page (`?page=N` links, so it pages without JavaScript). */
export function ImportErrorsTable({ errors, pathname }: { errors: ImportErrorsPage; pathname: string }) {
  const { page, pages } = errors;
  return (
    <div className="space-y-3">
      <div className={frame}>
        <table className={tableClass} data-testid="import-errors">
          <thead className="bg-slate-50 text-slate-700">
            <tr>
              <th scope="col" className={`${cell} text-left font-semibold`}>Sheet</th>
              <th scope="col" className={`${num} font-semibold`}>Row</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Column</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Value</th>
              <th scope="col" className={`${cell} text-left font-semibold`}>Problem</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {errors.rows.map((e) => (
              <tr key={e.id}>
                <td className={cell}>{e.sheet}</td>
                <td className={num}>{e.rowNumber === null ? <span className="text-slate-500">whole sheet</span> : e.rowNumber}</td>
                <td className={cell}>{e.column ?? none}</td>
                <td className={`${cell} max-w-xs truncate font-mono text-xs`} title={e.value ?? undefined}>
                  {e.value ?? none}
                </td>
                <td className={cell}>
                  <Problem message={e.message} becauseOf={e.becauseOf} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 ? (
        <nav aria-label="Error pages" className="flex items-center justify-end gap-2 text-sm">
          {page > 1 ? (
            <a className={pageLink} href={`${pathname}?page=${page - 1}`} rel="prev">
              Previous
            </a>
          ) : null}
          <span className="text-slate-600">
            Page {page} of {pages}
          </span>
          {page < pages ? (
            <a className={pageLink} href={`${pathname}?page=${page + 1}`} rel="next">
              Next
            </a>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
