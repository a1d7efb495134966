/**
 * The tables whose columns can be chosen, saved as views and scheduled: table id → its definition,
 * the permission that reads it, the pages it lives on, and (for scheduled views) how its Excel
 * export is built inside a transaction of the recipient. Adding a table is one entry here plus the
 * chooser and views menu on its page.
 */
import type { TableDefinition, TableRow } from "~/utils/data-table";
import type { Tx } from "~/utils/db.server";
import type { XlsxOptions } from "~/utils/excel.server";
import type { PermissionKey } from "~/utils/permissions";
import { budgetTable } from "../budgets/budgets.table";
import { budgetViewExport } from "./view-exports.server";

export type ViewExport = Omit<XlsxOptions, "columns" | "rows"> & { rows: AsyncIterable<TableRow[]> };

export type RegisteredTable = {
  definition: TableDefinition;
  permission: PermissionKey;
  /** The page paths this table is shown on; a saved view's path must match. */
  path: RegExp;
  /** The export of the page at `path` with the URL's query, read in `tx` (the recipient's). */
  exportView?: (tx: Tx, path: string, url: URL) => Promise<ViewExport>;
};

const UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

export const registeredTables: Record<string, RegisteredTable> = {
  budget: { definition: budgetTable, permission: "budgets:read", path: new RegExp(`^/projects/${UUID}/budget$`), exportView: budgetViewExport },
};

export function registeredTable(tableId: string): RegisteredTable | null {
  return Object.hasOwn(registeredTables, tableId) ? registeredTables[tableId] : null;
}
