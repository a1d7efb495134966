import { DataTable } from "~/components/data-table/data-table";
import { tableHref, type TableQuery } from "~/utils/data-table";
import type { listPayApps } from "./pay-apps-list.server";
import { payAppsTable } from "./pay-apps.table";

type Page = Awaited<ReturnType<typeof listPayApps>>;

/** The pay applications list (all projects, or one `projectId`), its keyset pages and its Excel export of the same filters. */
export function PayAppsDataTable({ query, page, pathname, projectId, caption }: { query: TableQuery; page: Page; pathname: string; projectId?: string; caption: string }) {
  const exportHref = tableHref("/pay-apps/export.xlsx", query, { after: null });
  return (
    <DataTable
      definition={payAppsTable}
      rows={page.rows}
      query={query}
      nextCursor={page.nextCursor}
      hasPrevious={page.hasPrevious}
      totals={page.totals}
      pathname={pathname}
      exportHref={projectId ? `${exportHref}&project=${projectId}` : exportHref}
      caption={caption}
      emptyMessage="No pay applications match these filters."
    />
  );
}
