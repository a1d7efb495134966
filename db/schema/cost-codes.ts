import { boolean, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";

/** Labor, Material, Subcontract, Equipment, Other — editable per organization. */
export const costTypes = pgTable(
  "cost_types",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    sortOrder: integer("sort_order").notNull().default(0),
    active: boolean("active").notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("cost_types_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("cost_types_org_code_key").on(t.organizationId, t.code),
    tenantPolicy(),
  ],
);

/** Division (parent null, e.g. "03 Concrete") → cost code (e.g. "03-3000 Cast-in-place concrete"). */
export const costCodes = pgTable(
  "cost_codes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    parentId: uuid("parent_id"),
    code: text("code").notNull(),
    name: text("name").notNull(),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("cost_codes_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("cost_codes_org_code_key").on(t.organizationId, t.code),
    tenantRef("cost_codes_parent_fkey", [t.organizationId, t.parentId], [t.organizationId, t.id]),
    tenantPolicy(),
  ],
);
