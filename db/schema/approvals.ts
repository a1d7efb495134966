import { sql } from "drizzle-orm";
import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";

export const APPROVAL_DOCUMENT_TYPES = ["change_order", "commitment", "ap_invoice"] as const;

/** Per document type: documents of at least `minAmount` need this policy's 1–3 steps. */
export const approvalPolicies = pgTable(
  "approval_policies",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    documentType: text("document_type", { enum: APPROVAL_DOCUMENT_TYPES }).notNull(),
    name: text("name").notNull(),
    minAmount: money("min_amount").notNull().default("0"),
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("approval_policies_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("approval_policies_org_type_min_key").on(t.organizationId, t.documentType, t.minAmount).where(sql`active`),
    tenantPolicy(),
  ],
);

/** A step needs a permission key or one named member (exactly one of the two). */
export const approvalPolicySteps = pgTable(
  "approval_policy_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    policyId: uuid("policy_id").notNull(),
    stepNumber: integer("step_number").notNull(),
    permissionKey: text("permission_key"),
    approverUserId: uuid("approver_user_id").references(() => users.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("approval_policy_steps_org_policy_step_key").on(t.organizationId, t.policyId, t.stepNumber),
    tenantRef("approval_policy_steps_policy_fkey", [t.organizationId, t.policyId], [approvalPolicies.organizationId, approvalPolicies.id], "cascade"),
    tenantPolicy(),
  ],
);

export const APPROVAL_STATUSES = ["pending", "approved", "rejected", "cancelled"] as const;

/** One approval run of one document; steps are copied from the policy at submission. */
export const approvalRequests = pgTable(
  "approval_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    documentType: text("document_type", { enum: APPROVAL_DOCUMENT_TYPES }).notNull(),
    documentId: uuid("document_id").notNull(),
    policyId: uuid("policy_id"),
    amount: money("amount").notNull(),
    status: text("status", { enum: APPROVAL_STATUSES }).notNull().default("pending"),
    currentStep: integer("current_step").notNull().default(1),
    totalSteps: integer("total_steps").notNull(),
    submittedBy: uuid("submitted_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("approval_requests_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("approval_requests_one_open_key").on(t.organizationId, t.documentType, t.documentId).where(sql`status = 'pending'`),
    index("approval_requests_document_idx").on(t.organizationId, t.documentType, t.documentId),
    // ON DELETE SET NULL (policy_id) only, not the tenant column: migration 0015 (drizzle cannot say it).
    tenantRef("approval_requests_policy_fkey", [t.organizationId, t.policyId], [approvalPolicies.organizationId, approvalPolicies.id], "set null"),
    tenantPolicy(),
  ],
);

export const approvalRequestSteps = pgTable(
  "approval_request_steps",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    requestId: uuid("request_id").notNull(),
    stepNumber: integer("step_number").notNull(),
    permissionKey: text("permission_key"),
    approverUserId: uuid("approver_user_id").references(() => users.id, { onDelete: "restrict" }),
    decision: text("decision", { enum: ["approved", "rejected"] }),
    decidedBy: uuid("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
    reason: text("reason"),
  },
  (t) => [
    uniqueIndex("approval_request_steps_org_request_step_key").on(t.organizationId, t.requestId, t.stepNumber),
    tenantRef("approval_request_steps_request_fkey", [t.organizationId, t.requestId], [approvalRequests.organizationId, approvalRequests.id], "cascade"),
    tenantPolicy(),
  ],
);
