import { DataTable } from "~/components/data-table/data-table";
import { tableHref, type FilterOption, type TableQuery } from "~/utils/data-table";
import type { listPayApps } from "./pay-apps-list.server";
import { payAppsTable } from "./pay-apps.table";

type Page = Awaited<ReturnType<typeof listPayApps>>;

/** The pay applications list (all projects, or one `projectId`), its keyset pages and its Excel export of the same filters. */
export function PayAppsDataTable({
  query,
  page,
  pathname,
  projectId,
  caption,
  filterOptions,
}: {
  query: TableQuery;
  page: Page;
  pathname: string;
  projectId?: string;
  caption: string;
  /** The project picker's choices (the all-projects list only). */
  filterOptions?: Record<string, FilterOption[]>;
}) {
  const exportHref = tableHref("/pay-apps/export.xlsx", query, { after: null });
  return (
    <DataTable
      definition={payAppsTable}
      rows={page.rows}
      query={query}
      nextCursor={page.nextCursor}
      hasPrevious={page.hasPrevious}
      paging={page.paging}
      filterOptions={filterOptions}
      totals={page.totals}
      pathname={pathname}
      exportHref={projectId ? `${exportHref}&project=${projectId}` : exportHref}
      caption={caption}
      emptyMessage="No pay applications match these filters."
    />
  );
}
