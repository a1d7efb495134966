import { index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { costCodes, costTypes } from "./cost-codes";
import { users } from "./identity";
import { projects } from "./projects";

/** One line per project × cost code × cost type; the other budget columns are computed (DOMAIN.md). */
export const budgetLines = pgTable(
  "budget_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    description: text("description").notNull().default(""),
    originalAmount: money("original_amount").notNull().default("0"),
    /** Forecast to complete: automatic (max(0, projected budget − projected cost)) or entered. */
    ftcMode: text("ftc_mode", { enum: ["auto", "manual"] }).notNull().default("auto"),
    ftcManual: money("ftc_manual"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("budget_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("budget_lines_org_project_code_type_key").on(t.organizationId, t.projectId, t.costCodeId, t.costTypeId),
    tenantRef("budget_lines_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("budget_lines_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantRef("budget_lines_cost_type_fkey", [t.organizationId, t.costTypeId], [costTypes.organizationId, costTypes.id]),
    tenantPolicy(),
  ],
);

/** Moves budget between two lines of one project; the project total is unchanged. Append-only. */
export const budgetTransfers = pgTable(
  "budget_transfers",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    fromLineId: uuid("from_line_id").notNull(),
    toLineId: uuid("to_line_id").notNull(),
    amount: money("amount").notNull(),
    reason: text("reason").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    index("budget_transfers_project_idx").on(t.organizationId, t.projectId),
    tenantRef("budget_transfers_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("budget_transfers_from_fkey", [t.organizationId, t.fromLineId], [budgetLines.organizationId, budgetLines.id]),
    tenantRef("budget_transfers_to_fkey", [t.organizationId, t.toLineId], [budgetLines.organizationId, budgetLines.id]),
    tenantPolicy(),
  ],
);
