import { tableHref, type TableQuery } from "~/utils/data-table";

const linkClass = "rounded border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50";

export function Pagination(props: { pathname: string; query: TableQuery; nextCursor: string | null; hasPrevious: boolean }) {
  const { pathname, query, nextCursor, hasPrevious } = props;
  if (!hasPrevious && !nextCursor) return null;
  return (
    <nav aria-label="Pagination" className="flex items-center justify-end gap-2">
      {hasPrevious ? (
        <a className={linkClass} href={tableHref(pathname, query, { after: null })}>
          First page
        </a>
      ) : null}
      {nextCursor ? (
        <a className={linkClass} href={tableHref(pathname, query, { after: nextCursor })} rel="next">
          Next
        </a>
      ) : null}
    </nav>
  );
}
