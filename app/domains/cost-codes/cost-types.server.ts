import { and, asc, eq, sql } from "drizzle-orm";
import { costTypes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import { CostCodeRefused, StaleCatalogRecord } from "./cost-codes.server";
import type { CreateCostType, UpdateCostType } from "./cost-codes.schema";

/**
 * cost_types has no version column: its last-change time, in whole microseconds, is the token a
 * form carries back, so a stale edit is refused the same way a stale version is.
 */
const stamp = sql<string>`(extract(epoch from ${costTypes.updatedAt}) * 1000000)::bigint::text`;

const columns = {
  id: costTypes.id,
  code: costTypes.code,
  name: costTypes.name,
  sortOrder: costTypes.sortOrder,
  active: costTypes.active,
  stamp,
};

export function listCostTypes(tx: Tx) {
  return tx.select(columns).from(costTypes).orderBy(asc(costTypes.sortOrder), asc(costTypes.name));
}

/** Active cost types for other domains' select boxes. */
export function listCostTypeOptions(tx: Tx) {
  return tx
    .select({ id: costTypes.id, code: costTypes.code, name: costTypes.name })
    .from(costTypes)
    .where(eq(costTypes.active, true))
    .orderBy(asc(costTypes.sortOrder), asc(costTypes.name));
}

const duplicateCode = (code: string) => new CostCodeRefused(`Cost type code ${code} is already in use.`, "code");

export async function createCostType(tx: Tx, input: CreateCostType) {
  const [taken] = await tx.select({ id: costTypes.id }).from(costTypes).where(eq(costTypes.code, input.code));
  if (taken) throw duplicateCode(input.code);
  try {
    const [created] = await tx
      .insert(costTypes)
      .values({
        organizationId: sql`${currentOrganizationId}`,
        code: input.code,
        name: input.name,
        sortOrder: sql`(select coalesce(max(sort_order), 0) + 1 from cost_types)`,
      })
      .returning();
    await recordAudit(tx, { entityType: "cost_type", entityId: created.id, action: "created", after: created });
    return created;
  } catch (error) {
    if (isUniqueViolation(error, "cost_types_org_code_key")) throw duplicateCode(input.code);
    throw error;
  }
}

export async function updateCostType(tx: Tx, input: UpdateCostType) {
  const [before] = await tx.select().from(costTypes).where(eq(costTypes.id, input.id));
  if (!before) throw new RecordNotFound("cost type");
  const [after] = await tx
    .update(costTypes)
    .set({ name: input.name, active: input.active, updatedAt: sql`clock_timestamp()` })
    .where(and(eq(costTypes.id, input.id), sql`${stamp} = ${input.stamp}`))
    .returning();
  if (!after) throw new StaleCatalogRecord("cost type");
  await recordAudit(tx, { entityType: "cost_type", entityId: after.id, action: "updated", before, after });
  return after;
}
