import { integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { costCodes } from "./cost-codes";
import { RETAINAGE_BAND_BASES, type RetainageBand } from "../../app/domains/contracts/retainage-band-kinds";
import { projects } from "./projects";

/** The band columns of a contract, a commitment and a stored application (app/domains/contracts/retainage-bands.ts). */
export const retainageBandColumns = () => ({
  retainageBandBasis: text("retainage_band_basis", { enum: RETAINAGE_BAND_BASES }),
  retainageBands: jsonb("retainage_bands").$type<RetainageBand[]>().notNull().default([]),
});

/** The owner contract of a project (one per project) with its retainage terms. */
export const primeContracts = pgTable(
  "prime_contracts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    ownerName: text("owner_name").notNull(),
    title: text("title").notNull().default(""),
    originalSum: money("original_sum").notNull(),
    retainageRate: rate("retainage_rate").notNull(),
    /** Retainage on materials stored, when the contract sets it apart; null: the rate above. */
    storedRetainageRate: rate("stored_retainage_rate"),
    /** Optional cap: retainage held stops at this fraction of the contract sum to date. */
    retainageCapRate: rate("retainage_cap_rate"),
    /** Optional bands after the base rate (a step-down at 50% complete is a percent_complete band at 50). */
    ...retainageBandColumns(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("prime_contracts_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("prime_contracts_org_project_key").on(t.organizationId, t.projectId),
    tenantRef("prime_contracts_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantPolicy(),
  ],
);

/** Schedule of values: the billing lines of the prime contract (approved prime COs add lines). */
export const sovLines = pgTable(
  "sov_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    contractId: uuid("contract_id").notNull(),
    lineNumber: integer("line_number").notNull(),
    description: text("description").notNull(),
    costCodeId: uuid("cost_code_id"),
    scheduledValue: money("scheduled_value").notNull(),
    /** This line's own retainage rate; null: the contract's rate and bands. */
    retainageRate: rate("retainage_rate"),
    /** Set when the line was added by an approved prime change order. */
    changeOrderId: uuid("change_order_id"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("sov_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("sov_lines_org_contract_line_key").on(t.organizationId, t.contractId, t.lineNumber),
    tenantRef("sov_lines_contract_fkey", [t.organizationId, t.contractId], [primeContracts.organizationId, primeContracts.id], "cascade"),
    tenantRef("sov_lines_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantPolicy(),
  ],
);
