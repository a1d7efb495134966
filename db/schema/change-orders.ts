import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { commitments } from "./commitments";
import { costCodes, costTypes } from "./cost-codes";
import { projects } from "./projects";

export const CHANGE_ORDER_KINDS = ["prime", "commitment"] as const;
export const CHANGE_ORDER_STAGES = ["potential", "change_order"] as const;
export const CHANGE_ORDER_STATUSES = ["draft", "pending_approval", "approved", "rejected", "void"] as const;

/**
 * Prime (with the owner: contract sum, SOV and, through budget_amount, the budget) or commitment
 * (with a sub/vendor: committed cost). Potential change order → change order; draft → pending
 * approval → approved | rejected → void. Approved ones are immutable.
 */
export const changeOrders = pgTable(
  "change_orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    number: integer("number").notNull(),
    kind: text("kind", { enum: CHANGE_ORDER_KINDS }).notNull(),
    commitmentId: uuid("commitment_id"),
    stage: text("stage", { enum: CHANGE_ORDER_STAGES }).notNull().default("potential"),
    status: text("status", { enum: CHANGE_ORDER_STATUSES }).notNull().default("draft"),
    title: text("title").notNull(),
    description: text("description").notNull().default(""),
    rejectionReason: text("rejection_reason"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("change_orders_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("change_orders_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("change_orders_commitment_idx").on(t.organizationId, t.commitmentId),
    tenantRef("change_orders_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("change_orders_commitment_fkey", [t.organizationId, t.commitmentId], [commitments.organizationId, commitments.id]),
    tenantPolicy(),
  ],
);

export const changeOrderLines = pgTable(
  "change_order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    changeOrderId: uuid("change_order_id").notNull(),
    lineNumber: integer("line_number").notNull(),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    description: text("description").notNull().default(""),
    /** Change to the contract sum (prime) or to the commitment's value (commitment). */
    amount: money("amount").notNull(),
    /** Prime only: the cost side, which changes the budget of this cost code × type. */
    budgetAmount: money("budget_amount"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("change_order_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("change_order_lines_org_co_line_key").on(t.organizationId, t.changeOrderId, t.lineNumber),
    index("change_order_lines_code_idx").on(t.organizationId, t.costCodeId, t.costTypeId),
    tenantRef("change_order_lines_co_fkey", [t.organizationId, t.changeOrderId], [changeOrders.organizationId, changeOrders.id], "cascade"),
    tenantRef("change_order_lines_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantRef("change_order_lines_cost_type_fkey", [t.organizationId, t.costTypeId], [costTypes.organizationId, costTypes.id]),
    tenantPolicy(),
  ],
);
