import { check, date, index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { createdAt, money, organizationId, tenantPolicy } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { commitmentLines, commitments } from "./commitments";
import { costCodes, costTypes } from "./cost-codes";
import { projects } from "./projects";

/**
 * Opening cost to date of a job already under way when the organization adopted the app (ADR 0014):
 * cost NOT under a commitment, per cost code × cost type. Actual cost (a direct cost) in the budget
 * figures; never a payable, so outside AP aging and approvals. The set of a project is replaced as
 * a whole (one transaction, audited).
 */
export const openingCosts = pgTable(
  "opening_costs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    amount: money("amount").notNull(),
    asOf: date("as_of", { mode: "string" }).notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("opening_costs_org_project_code_type_key").on(t.organizationId, t.projectId, t.costCodeId, t.costTypeId),
    tenantRef("opening_costs_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("opening_costs_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantRef("opening_costs_cost_type_fkey", [t.organizationId, t.costTypeId], [costTypes.organizationId, costTypes.id]),
    tenantPolicy(),
  ],
);

/**
 * What a subcontractor billed on a commitment line before the app, and the retainage held on it:
 * the previous billed of the next vendor invoice, part of the commitment's retainage payable and
 * actual cost on the line's cost code × cost type while the commitment is executed or closed.
 * Never a payable: outside AP aging and approvals.
 */
export const commitmentLineOpenings = pgTable(
  "commitment_line_openings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    commitmentId: uuid("commitment_id").notNull(),
    commitmentLineId: uuid("commitment_line_id").notNull(),
    billedToDate: money("billed_to_date").notNull(),
    retainageHeld: money("retainage_held").notNull().default("0"),
    asOf: date("as_of", { mode: "string" }).notNull(),
    note: text("note").notNull().default(""),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("commitment_line_openings_line_key").on(t.organizationId, t.commitmentLineId),
    index("commitment_line_openings_commitment_idx").on(t.organizationId, t.commitmentId),
    tenantRef("commitment_line_openings_commitment_fkey", [t.organizationId, t.commitmentId], [commitments.organizationId, commitments.id], "cascade"),
    tenantRef("commitment_line_openings_line_fkey", [t.organizationId, t.commitmentLineId], [commitmentLines.organizationId, commitmentLines.id], "cascade"),
    check("commitment_line_openings_amounts_check", sql`${t.billedToDate} >= 0 and ${t.retainageHeld} >= 0 and ${t.retainageHeld} <= ${t.billedToDate}`),
    tenantPolicy(),
  ],
);
