import { foreignKey, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * A reference to another tenant table that carries organization_id on both sides, so a row can
 * never point into another organization (the tenancy harness requires it). The target needs a
 * unique (organization_id, id) index: see `tenantKey`.
 */
export const tenantRef = (
  name: string,
  columns: [AnyPgColumn, AnyPgColumn],
  target: [AnyPgColumn, AnyPgColumn],
  onDelete: "cascade" | "restrict" | "set null" = "restrict",
) => foreignKey({ name, columns, foreignColumns: target }).onDelete(onDelete);
