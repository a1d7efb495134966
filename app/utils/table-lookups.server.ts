/**
 * The choices of a table's lookup filters (`{ kind: "lookup" }` in app/utils/data-table.ts): the
 * organization's projects and vendors by the text their cells show, read under RLS, so a picker
 * never lists another tenant's records. The value is that text: the filter matches it exactly.
 */
import { sql } from "drizzle-orm";
import type { FilterOption, LookupSource, TableDefinition } from "./data-table";
import { queryRows, type Tx } from "./db.server";
import { can, type PermissionKey, type Role } from "./permissions";

/** Enough for any real organization's pickers; past it the list is cut, alphabetically. */
export const LOOKUP_LIMIT = 2000;

const SOURCES: Record<LookupSource, ReturnType<typeof sql>> = {
  projects: sql`select distinct p.job_number || ' ' || p.name as label from projects p order by 1 limit ${LOOKUP_LIMIT}`,
  vendors: sql`select distinct v.name as label from vendors v order by 1 limit ${LOOKUP_LIMIT}`,
};

/** Who may see a list of every project or vendor: the picker is left out for other roles. */
const READ: Record<LookupSource, PermissionKey> = { projects: "projects:read", vendors: "vendors:read" };

/** The options of every lookup filter of `definition` that `role` may list, by column key. */
export async function lookupOptions(tx: Tx, definition: TableDefinition, role: Role): Promise<Record<string, FilterOption[]>> {
  const options: Record<string, FilterOption[]> = {};
  for (const column of definition.columns) {
    if (column.filter?.kind !== "lookup" || !can(role, READ[column.filter.source])) continue;
    const rows = await queryRows<{ label: string }>(tx, SOURCES[column.filter.source]);
    options[column.key] = rows.map((r) => ({ value: r.label, label: r.label }));
  }
  return options;
}
