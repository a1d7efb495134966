import { sql } from "drizzle-orm";
import { costCodes, costTypes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";

/**
 * CSI MasterFormat division numbers and titles only (widely reproduced); the section list is
 * licensed by CSI and deliberately not shipped. Organizations add their own codes under these.
 */
export const DIVISION_TEMPLATE: readonly (readonly [code: string, name: string])[] = [
  ["01", "General Requirements"],
  ["02", "Existing Conditions"],
  ["03", "Concrete"],
  ["04", "Masonry"],
  ["05", "Metals"],
  ["06", "Wood, Plastics, and Composites"],
  ["07", "Thermal and Moisture Protection"],
  ["08", "Openings"],
  ["09", "Finishes"],
  ["10", "Specialties"],
  ["11", "Equipment"],
  ["12", "Furnishings"],
  ["13", "Special Construction"],
  ["14", "Conveying Equipment"],
  ["21", "Fire Suppression"],
  ["22", "Plumbing"],
  ["23", "Heating, Ventilating, and Air Conditioning (HVAC)"],
  ["26", "Electrical"],
  ["27", "Communications"],
  ["28", "Electronic Safety and Security"],
  ["31", "Earthwork"],
  ["32", "Exterior Improvements"],
  ["33", "Utilities"],
];

export const COST_TYPE_TEMPLATE: readonly (readonly [code: string, name: string])[] = [
  ["L", "Labor"],
  ["M", "Material"],
  ["S", "Subcontract"],
  ["E", "Equipment"],
  ["O", "Other"],
];

/**
 * Gives the transaction's organization the starting catalog: the divisions and the five cost
 * types. Idempotent: codes the organization already has (edited or not) are left alone.
 */
export async function seedOrganizationCatalog(tx: Tx) {
  const organizationId = sql`${currentOrganizationId}`;
  const divisions = await tx
    .insert(costCodes)
    .values(DIVISION_TEMPLATE.map(([code, name]) => ({ organizationId, code, name })))
    .onConflictDoNothing({ target: [costCodes.organizationId, costCodes.code] })
    .returning({ id: costCodes.id });
  const types = await tx
    .insert(costTypes)
    .values(COST_TYPE_TEMPLATE.map(([code, name], i) => ({ organizationId, code, name, sortOrder: i + 1 })))
    .onConflictDoNothing({ target: [costTypes.organizationId, costTypes.code] })
    .returning({ id: costTypes.id });
  if (divisions.length === 0 && types.length === 0) return { divisions: 0, costTypes: 0 };
  const added = { divisions: divisions.length, costTypes: types.length };
  const [{ id }] = await queryRows<{ id: string }>(tx, sql`select ${currentOrganizationId}::text as id`);
  await recordAudit(tx, { entityType: "cost_catalog", entityId: id, action: "template_applied", after: added });
  return added;
}
