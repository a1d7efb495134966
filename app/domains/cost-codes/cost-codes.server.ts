import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { costCodes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { serverTable } from "~/utils/data-table.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { costCodesTable } from "./cost-codes.table";
import type { CreateCostCode, UpdateCostCode } from "./cost-codes.schema";
import { isUuid } from "~/utils/ids";

/** A business rule refused the input; `field` names the form field to show it on. */
export class CostCodeRefused extends Error {
  constructor(
    message: string,
    readonly field?: "code" | "parentId",
  ) {
    super(message);
  }
}

/** Someone else saved the record since the form was loaded. */
export class StaleCatalogRecord extends Error {
  constructor(what: string) {
    super(`Someone else changed this ${what} meanwhile. Reload and try again.`);
  }
}


const duplicateCode = (code: string) => new CostCodeRefused(`Code ${code} is already in use. Codes must be unique.`, "code");

/** Divisions show themselves in the division column, so sorting by it groups a division with its codes. */
export const costCodesList = serverTable(costCodesTable, {
  from: sql`cost_codes c left join cost_codes d on d.organization_id = c.organization_id and d.id = c.parent_id`,
  columns: {
    division: sql`coalesce(d.code || ' ' || d.name, c.code || ' ' || c.name)`,
    code: sql`c.code`,
    name: sql`c.name`,
    level: sql`case when c.parent_id is null then 'Division' else 'Cost code' end`,
    status: sql`case when c.active then 'Active' else 'Inactive' end`,
  },
  id: sql`c.id`,
  extra: { id: sql`c.id::text` },
});

export async function getCostCode(tx: Tx, id: string) {
  if (!isUuid(id)) throw new RecordNotFound("cost code");
  const [row] = await tx.select().from(costCodes).where(eq(costCodes.id, id));
  if (!row) throw new RecordNotFound("cost code");
  return row;
}

export function listDivisions(tx: Tx) {
  return tx
    .select({ id: costCodes.id, code: costCodes.code, name: costCodes.name, active: costCodes.active })
    .from(costCodes)
    .where(isNull(costCodes.parentId))
    .orderBy(asc(costCodes.code));
}

/**
 * Active codes (and divisions) under active divisions, for budget, commitment and change order
 * lines. A division itself is selectable: a new organization has nothing below its divisions yet.
 */
export async function listCostCodeOptions(tx: Tx) {
  const rows = await queryRows<{ id: string; code: string; name: string; divisionId: string; isDivision: boolean }>(tx, sql`
    select c.id, c.code, c.name, coalesce(c.parent_id, c.id) as "divisionId", c.parent_id is null as "isDivision"
    from cost_codes c left join cost_codes d on d.organization_id = c.organization_id and d.id = c.parent_id
    where c.active and (d.id is null or d.active)
    order by c.code`);
  return rows.map((r) => ({ ...r, label: `${r.code} ${r.name}` }));
}

async function assertDivision(tx: Tx, parentId: string) {
  const [parent] = await tx.select().from(costCodes).where(eq(costCodes.id, parentId)).for("share");
  if (!parent) throw new CostCodeRefused("Choose a division from the list.", "parentId");
  if (parent.parentId !== null)
    throw new CostCodeRefused(`${parent.code} is a cost code, not a division: codes nest one level below a division only.`, "parentId");
  if (!parent.active) throw new CostCodeRefused(`Division ${parent.code} is inactive. Reactivate it first.`, "parentId");
}

export async function createCostCode(tx: Tx, input: CreateCostCode) {
  if (input.parentId) await assertDivision(tx, input.parentId);
  const [taken] = await tx.select({ id: costCodes.id }).from(costCodes).where(eq(costCodes.code, input.code));
  if (taken) throw duplicateCode(input.code);
  try {
    const [created] = await tx
      .insert(costCodes)
      .values({ organizationId: sql`${currentOrganizationId}`, code: input.code, name: input.name, parentId: input.parentId ?? null })
      .returning();
    await recordAudit(tx, { entityType: "cost_code", entityId: created.id, action: "created", after: created });
    return created;
  } catch (error) {
    if (isUniqueViolation(error, "cost_codes_org_code_key")) throw duplicateCode(input.code);
    throw error;
  }
}

/** Renames or (de)activates a code if nobody saved it since `version` was read. */
export async function updateCostCode(tx: Tx, input: UpdateCostCode) {
  const before = await getCostCode(tx, input.id);
  const [after] = await tx
    .update(costCodes)
    .set({ name: input.name, active: input.active, version: sql`${costCodes.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(costCodes.id, input.id), eq(costCodes.version, input.version)))
    .returning();
  if (!after) throw new StaleCatalogRecord("cost code");
  await recordAudit(tx, { entityType: "cost_code", entityId: after.id, action: "updated", before, after });
  return after;
}
