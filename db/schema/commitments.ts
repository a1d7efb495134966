import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { retainageBandColumns } from "./contracts";
import { costCodes, costTypes } from "./cost-codes";
import { projects } from "./projects";
import { vendors } from "./vendors";

export const COMMITMENT_TYPES = ["subcontract", "purchase_order"] as const;
export const COMMITMENT_STATUSES = ["draft", "pending_approval", "executed", "closed", "void"] as const;

/**
 * Subcontracts and purchase orders; executed ones feed "committed" in the budget. A draft goes to
 * executed directly, or through pending_approval when an approval policy applies to its amount.
 */
export const commitments = pgTable(
  "commitments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    number: text("number").notNull(),
    type: text("type", { enum: COMMITMENT_TYPES }).notNull(),
    title: text("title").notNull(),
    retainageRate: rate("retainage_rate").notNull().default("0"),
    /** Optional cap: retainage held stops at this fraction of the commitment sum to date. */
    retainageCapRate: rate("retainage_cap_rate"),
    ...retainageBandColumns(),
    status: text("status", { enum: COMMITMENT_STATUSES }).notNull().default("draft"),
    executedAt: timestamp("executed_at", { withTimezone: true }),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    /** Why the last approval was rejected; cleared when the commitment is submitted again. */
    rejectionReason: text("rejection_reason"),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("commitments_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("commitments_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    index("commitments_vendor_idx").on(t.organizationId, t.vendorId),
    tenantRef("commitments_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("commitments_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    tenantPolicy(),
  ],
);

export const commitmentLines = pgTable(
  "commitment_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    commitmentId: uuid("commitment_id").notNull(),
    lineNumber: integer("line_number").notNull(),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    description: text("description").notNull().default(""),
    amount: money("amount").notNull(),
    /** This line's own retainage rate; null: the commitment's rate and bands. */
    retainageRate: rate("retainage_rate"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("commitment_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("commitment_lines_org_commitment_line_key").on(t.organizationId, t.commitmentId, t.lineNumber),
    index("commitment_lines_code_idx").on(t.organizationId, t.costCodeId, t.costTypeId),
    tenantRef("commitment_lines_commitment_fkey", [t.organizationId, t.commitmentId], [commitments.organizationId, commitments.id], "cascade"),
    tenantRef("commitment_lines_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantRef("commitment_lines_cost_type_fkey", [t.organizationId, t.costTypeId], [costTypes.organizationId, costTypes.id]),
    tenantPolicy(),
  ],
);
