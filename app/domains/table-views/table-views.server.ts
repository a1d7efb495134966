/**
 * Column preferences and saved views (issue 18 §4): plain functions over a tenant transaction.
 * Views are the owner's to rename and delete; a shared view is listed to every member who may read
 * its table. Every change writes an audit row in the same transaction.
 */
import { and, asc, eq, or, sql } from "drizzle-orm";
import { tableColumnPreferences, tableViews } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";

export class ViewRefused extends Error {}

export async function columnPreference(tx: Tx, userId: string, tableId: string): Promise<string[] | null> {
  const [row] = await tx
    .select({ columns: tableColumnPreferences.columns })
    .from(tableColumnPreferences)
    .where(and(eq(tableColumnPreferences.userId, userId), eq(tableColumnPreferences.tableId, tableId)));
  return row?.columns ?? null;
}

/** Remembers `columns` for the member and table (null forgets them: the defaults again). */
export async function saveColumnPreference(tx: Tx, userId: string, tableId: string, columns: string[] | null) {
  if (!columns) {
    await tx.delete(tableColumnPreferences).where(and(eq(tableColumnPreferences.userId, userId), eq(tableColumnPreferences.tableId, tableId)));
    return;
  }
  await tx
    .insert(tableColumnPreferences)
    .values({ organizationId: sql`${currentOrganizationId}`, userId, tableId, columns })
    .onConflictDoUpdate({
      target: [tableColumnPreferences.organizationId, tableColumnPreferences.userId, tableColumnPreferences.tableId],
      set: { columns, updatedAt: sql`now()` },
    });
}

export type SavedView = { id: string; name: string; path: string; search: string; shared: boolean; ownerUserId: string; ownerName: string; tableId: string };

const viewFields = {
  id: tableViews.id,
  name: tableViews.name,
  path: tableViews.path,
  search: tableViews.search,
  shared: tableViews.shared,
  ownerUserId: tableViews.ownerUserId,
  ownerName: sql<string>`(select u.name from users u where u.id = ${tableViews.ownerUserId})`,
  tableId: tableViews.tableId,
};

/** The views of one page the member may use: their own and the organization's shared ones. */
export function viewsForPath(tx: Tx, userId: string, path: string): Promise<SavedView[]> {
  return tx
    .select(viewFields)
    .from(tableViews)
    .where(and(eq(tableViews.path, path), or(eq(tableViews.ownerUserId, userId), eq(tableViews.shared, true))))
    .orderBy(asc(tableViews.name), asc(tableViews.id));
}

/** Every view the member owns, and the shared views of others, across tables. */
export function viewsOf(tx: Tx, userId: string): Promise<SavedView[]> {
  return tx
    .select(viewFields)
    .from(tableViews)
    .where(or(eq(tableViews.ownerUserId, userId), eq(tableViews.shared, true)))
    .orderBy(asc(tableViews.tableId), asc(tableViews.path), asc(tableViews.name));
}

export async function getView(tx: Tx, viewId: string): Promise<SavedView> {
  const [view] = await tx.select(viewFields).from(tableViews).where(eq(tableViews.id, viewId));
  if (!view) throw new RecordNotFound("view");
  return view;
}

/** The member's own view, for changes; another member's view is as unknown as a missing one. */
export async function ownView(tx: Tx, userId: string, viewId: string): Promise<SavedView> {
  const view = await getView(tx, viewId);
  if (view.ownerUserId !== userId) throw new RecordNotFound("view");
  return view;
}

const uniqueViolation = (error: unknown) => {
  const e = error as { code?: string; cause?: { code?: string } };
  return (e.cause?.code ?? e.code) === "23505";
};

async function nameGuard<T>(name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (uniqueViolation(error)) throw new ViewRefused(`You already have a view named "${name}" on this table.`);
    throw error;
  }
}

export type NewView = { tableId: string; path: string; name: string; search: string; shared: boolean };

export async function createView(tx: Tx, userId: string, input: NewView): Promise<string> {
  const [row] = await nameGuard(input.name, () =>
    tx.transaction((sp) =>
      sp
        .insert(tableViews)
        .values({ organizationId: sql`${currentOrganizationId}`, ownerUserId: userId, ...input })
        .returning({ id: tableViews.id }),
    ),
  );
  await recordAudit(tx, { entityType: "table_view", entityId: row.id, action: "table_view_created", after: input });
  return row.id;
}

export async function updateView(tx: Tx, userId: string, viewId: string, changes: { name: string; shared: boolean }) {
  const before = await ownView(tx, userId, viewId);
  await nameGuard(changes.name, () =>
    tx.transaction((sp) => sp.update(tableViews).set({ ...changes, updatedAt: sql`now()` }).where(eq(tableViews.id, viewId))),
  );
  await recordAudit(tx, { entityType: "table_view", entityId: viewId, action: "table_view_updated", before: { name: before.name, shared: before.shared }, after: changes });
}

export async function deleteView(tx: Tx, userId: string, viewId: string) {
  const before = await ownView(tx, userId, viewId);
  await tx.delete(tableViews).where(eq(tableViews.id, viewId));
  await recordAudit(tx, { entityType: "table_view", entityId: viewId, action: "table_view_deleted", before });
}

/** The URL a view opens: its page with its saved query string. */
export const viewHref = (view: Pick<SavedView, "path" | "search">) => (view.search ? `${view.path}?${view.search}` : view.path);
