import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { primeContracts, retainageBandColumns, sovLines } from "./contracts";
import { users } from "./identity";
import { projects } from "./projects";

export const PAY_APP_STATUSES = ["draft", "submitted", "certified", "paid"] as const;
/**
 * `opening`: the billing position of a job already under way when the organization started using
 * the app, entered at onboarding (ADR 0013). Stored certified, numbered as the last application
 * billed before; the next progress application continues from it.
 */
export const PAY_APP_KINDS = ["progress", "retainage_release", "opening"] as const;
export const PAYMENT_METHODS = ["check", "ach", "wire", "card", "other"] as const;

/**
 * One owner pay application (G702/G703-style) of a project's prime contract. The G702 summary and
 * the retainage terms are stored when the application is saved, so a certified application reads
 * exactly as it was certified (DOMAIN.md "Pay application").
 */
export const payApplications = pgTable(
  "pay_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    contractId: uuid("contract_id").notNull(),
    number: integer("number").notNull(),
    kind: text("kind", { enum: PAY_APP_KINDS }).notNull().default("progress"),
    periodEnd: date("period_end").notNull(),
    applicationDate: date("application_date").notNull(),
    dueDate: date("due_date").notNull(),
    status: text("status", { enum: PAY_APP_STATUSES }).notNull().default("draft"),
    retainageRate: rate("retainage_rate").notNull(),
    /** The contract's rate on stored materials when it has one apart (copied at creation like the others). */
    storedRetainageRate: rate("stored_retainage_rate"),
    retainageCapRate: rate("retainage_cap_rate"),
    ...retainageBandColumns(),
    line1OriginalContractSum: money("line1_original_contract_sum").notNull().default("0"),
    line2NetChange: money("line2_net_change").notNull().default("0"),
    line3ContractSumToDate: money("line3_contract_sum_to_date").notNull().default("0"),
    line4CompletedAndStored: money("line4_completed_and_stored").notNull().default("0"),
    line5aRetainageCompleted: money("line5a_retainage_completed").notNull().default("0"),
    line5bRetainageStored: money("line5b_retainage_stored").notNull().default("0"),
    line5Retainage: money("line5_retainage").notNull().default("0"),
    line6EarnedLessRetainage: money("line6_earned_less_retainage").notNull().default("0"),
    line7PreviousCertificates: money("line7_previous_certificates").notNull().default("0"),
    line8CurrentPaymentDue: money("line8_current_payment_due").notNull().default("0"),
    line9BalanceToFinish: money("line9_balance_to_finish").notNull().default("0"),
    /**
     * An opening position's amount received to date (received before the app was used; 0 on other
     * kinds). Counts as received beside ar_payments, which stay append-only.
     */
    receivedBeforeOnboarding: money("received_before_onboarding").notNull().default("0"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    certifiedAt: timestamp("certified_at", { withTimezone: true }),
    certifiedBy: uuid("certified_by").references(() => users.id, { onDelete: "set null" }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("pay_applications_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("pay_applications_org_project_number_key").on(t.organizationId, t.projectId, t.number),
    // only one application in progress per project
    uniqueIndex("pay_applications_one_open_key").on(t.organizationId, t.projectId).where(sql`status in ('draft', 'submitted')`),
    index("pay_applications_org_status_idx").on(t.organizationId, t.status, t.dueDate),
    tenantRef("pay_applications_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("pay_applications_contract_fkey", [t.organizationId, t.contractId], [primeContracts.organizationId, primeContracts.id]),
    check("pay_applications_status_check", sql`status in ('draft', 'submitted', 'certified', 'paid')`),
    check("pay_applications_kind_check", sql`kind in ('progress', 'retainage_release', 'opening')`),
    tenantPolicy(),
  ],
);

/** One continuation-sheet line per SOV line (G703-style columns C–I). */
export const payApplicationLines = pgTable(
  "pay_application_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    payApplicationId: uuid("pay_application_id").notNull(),
    sovLineId: uuid("sov_line_id").notNull(),
    lineNumber: integer("line_number").notNull(),
    description: text("description").notNull(),
    scheduledValue: money("scheduled_value").notNull(),
    previousCompleted: money("previous_completed").notNull().default("0"),
    previousStored: money("previous_stored").notNull().default("0"),
    thisPeriod: money("this_period").notNull().default("0"),
    storedNow: money("stored_now").notNull().default("0"),
    /** The line's rates (its own or the contract's); the effective ones (after bands) are computed. */
    retainageRate: rate("retainage_rate").notNull(),
    storedRetainageRate: rate("stored_retainage_rate").notNull(),
    /** Retainage on this line paid out by earlier release applications. */
    retainageReleasedBefore: money("retainage_released_before").notNull().default("0"),
    retainageOnCompleted: money("retainage_on_completed").notNull().default("0"),
    retainageOnStored: money("retainage_on_stored").notNull().default("0"),
    retainage: money("retainage").notNull().default("0"),
    /** On a retainage release application: what this line releases. */
    released: money("released").notNull().default("0"),
    /**
     * Retainage held at the opening position beyond what this line's rates give on the opening
     * figures (old certificates used another rate or rounding); carried to every later application.
     */
    retainageOpeningDifference: money("retainage_opening_difference").notNull().default("0"),
    correction: boolean("correction").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("pay_application_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("pay_application_lines_org_app_sov_key").on(t.organizationId, t.payApplicationId, t.sovLineId),
    tenantRef("pay_application_lines_app_fkey", [t.organizationId, t.payApplicationId], [payApplications.organizationId, payApplications.id], "cascade"),
    tenantRef("pay_application_lines_sov_fkey", [t.organizationId, t.sovLineId], [sovLines.organizationId, sovLines.id]),
    tenantPolicy(),
  ],
);

/** Money received from the owner against a certified application (partial payments allowed). */
export const arPayments = pgTable(
  "ar_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    payApplicationId: uuid("pay_application_id").notNull(),
    receivedOn: date("received_on").notNull(),
    amount: money("amount").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    reference: text("reference").notNull().default(""),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ar_payments_org_id_key").on(t.organizationId, t.id),
    index("ar_payments_app_idx").on(t.organizationId, t.payApplicationId),
    tenantRef("ar_payments_app_fkey", [t.organizationId, t.payApplicationId], [payApplications.organizationId, payApplications.id]),
    check("ar_payments_amount_check", sql`amount > 0`),
    tenantPolicy(),
  ],
);
