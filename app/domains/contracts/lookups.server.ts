import { and, eq, sql } from "drizzle-orm";
import { costTypes, vendors } from "@db/schema";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";

/**
 * Checks on ids that arrive from URLs and forms before they are written as references: a
 * malformed id is simply "not there", never a Postgres cast error, and RLS hides other tenants.
 */

/** Selectable the way listCostCodeOptions offers codes: active, under an active division (if any). */
export async function activeCostCodeExists(tx: Tx, id: string) {
  if (!isUuid(id)) return false;
  const rows = await queryRows(tx, sql`
    select 1 from cost_codes c
    left join cost_codes d on d.organization_id = c.organization_id and d.id = c.parent_id
    where c.id = ${id} and c.active and (d.id is null or d.active)`);
  return rows.length > 0;
}

export async function activeCostTypeExists(tx: Tx, id: string) {
  if (!isUuid(id)) return false;
  const rows = await tx.select({ id: costTypes.id }).from(costTypes).where(and(eq(costTypes.id, id), eq(costTypes.active, true)));
  return rows.length > 0;
}

export async function vendorExists(tx: Tx, id: string) {
  if (!isUuid(id)) return false;
  const rows = await tx.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, id));
  return rows.length > 0;
}
