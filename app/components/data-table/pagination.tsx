import { tableHref, type TablePaging, type TableQuery } from "~/utils/data-table";

const linkClass = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";
const count = new Intl.NumberFormat("en-US");

/** "51–100 of 1,010" (or "50 rows of 1,010" when the link did not say where the page starts). */
export function pageRange(paging: TablePaging, rowCount: number): string {
  if (rowCount === 0) return `0 of ${count.format(paging.total)}`;
  if (paging.start === null) return `${count.format(rowCount)} of ${count.format(paging.total)}`;
  return `${count.format(paging.start + 1)}–${count.format(paging.start + rowCount)} of ${count.format(paging.total)}`;
}

interface Props {
  pathname: string;
  query: TableQuery;
  pageSizes: number[];
  rowCount: number;
  nextCursor: string | null;
  hasPrevious: boolean;
  paging?: TablePaging;
}

/** Where the page is, rows per page, and previous/next: all links, so they work without JS. */
export function Pagination({ pathname, query, pageSizes, rowCount, nextCursor, hasPrevious, paging }: Props) {
  if (!paging && !hasPrevious && !nextCursor) return null;
  const previous = paging?.previous ?? null;
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      {paging ? (
        <p className="text-slate-600" data-testid="page-range">
          {pageRange(paging, rowCount)}
        </p>
      ) : (
        <span />
      )}
      <div className="flex flex-wrap items-center gap-2">
        {pageSizes.length > 1 ? (
          <p className="flex items-center gap-1 text-slate-600">
            <span>Rows per page</span>
            {pageSizes.map((size) =>
              size === query.pageSize ? (
                <span key={size} aria-current="true" className="rounded bg-slate-200 px-2 py-1 font-medium text-slate-900">
                  {size}
                </span>
              ) : (
                <a key={size} href={tableHref(pathname, query, { pageSize: size })} className="rounded px-2 py-1 text-brand-700 hover:bg-slate-100">
                  {size}
                </a>
              ),
            )}
          </p>
        ) : null}
        {hasPrevious && previous ? (
          <a className={linkClass} href={tableHref(pathname, query, { after: null })}>
            First page
          </a>
        ) : null}
        {hasPrevious ? (
          <a className={linkClass} href={tableHref(pathname, query, { after: previous })} rel={paging ? "prev" : undefined}>
            {paging ? "Previous" : "First page"}
          </a>
        ) : null}
        {nextCursor ? (
          <a className={linkClass} href={tableHref(pathname, query, { after: nextCursor })} rel="next">
            Next
          </a>
        ) : null}
      </div>
    </nav>
  );
}
