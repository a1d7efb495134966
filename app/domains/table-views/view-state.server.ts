import { tableSearch, type TableDefinition, type TableQuery } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";
import { resolveColumns } from "./columns.server";
import { viewHref, viewsForPath } from "./table-views.server";
import type { TableViewState } from "~/components/data-table/table-tools";


/**
 * What a list page needs for its column chooser and views menu, and its query with the URL's
 * column choice (kept by the table's links). Throws ColumnsRefused for an unknown `cols` key.
 */
export async function tableViewState(tx: Tx, userId: string, def: TableDefinition, url: URL, query: TableQuery): Promise<{ state: TableViewState; query: TableQuery }> {
  const resolved = await resolveColumns(tx, userId, def, url);
  const views = await viewsForPath(tx, userId, url.pathname);
  const state: TableViewState = {
    tableId: def.id,
    columns: resolved.keys,
    returnTo: `${url.pathname}${url.search}`,
    path: url.pathname,
    search: tableSearch({ ...query, after: null, columns: resolved.keys }),
    views: views.map((v) => ({ id: v.id, name: v.name, href: viewHref(v), shared: v.shared, own: v.ownerUserId === userId, ownerName: v.ownerName })),
  };
  return { state, query: { ...query, columns: resolved.fromUrl } };
}
