import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { money, organizationId, tenantPolicy } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";
import { projects } from "./projects";

export const WIP_CLOSE_STATUSES = ["closed", "reopened"] as const;

/**
 * A month-end close of the WIP schedule as of `period_end` (docs/wip-close.md). Re-closing a
 * reopened period adds a new close (version + 1), so the history of who closed and reopened it,
 * when and why stays. Only the reopen transition may change a row (migration 0026's trigger).
 */
export const wipCloses = pgTable(
  "wip_closes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    periodEnd: date("period_end").notNull(),
    /** 1 for a period's first close, + 1 for each re-close after a reopen. */
    version: integer("version").notNull(),
    status: text("status", { enum: WIP_CLOSE_STATUSES }).notNull().default("closed"),
    /** The close the period figures are measured from (the latest closed before this one), if any. */
    previousCloseId: uuid("previous_close_id"),
    /** First day of the fiscal year holding period_end. */
    fiscalYearStart: date("fiscal_year_start").notNull(),
    /** The close year-to-date figures are measured from (the latest on or before the previous fiscal year end), if any. */
    fiscalYearCloseId: uuid("fiscal_year_close_id"),
    closedBy: uuid("closed_by").references(() => users.id, { onDelete: "set null" }),
    closedAt: timestamp("closed_at", { withTimezone: true }).notNull().defaultNow(),
    reopenReason: text("reopen_reason"),
    reopenedBy: uuid("reopened_by").references(() => users.id, { onDelete: "set null" }),
    reopenedAt: timestamp("reopened_at", { withTimezone: true }),
  },
  (t) => [
    uniqueIndex("wip_closes_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("wip_closes_org_period_version_key").on(t.organizationId, t.periodEnd, t.version),
    // a period end is closed at most once at a time
    uniqueIndex("wip_closes_org_period_closed_key").on(t.organizationId, t.periodEnd).where(sql`status = 'closed'`),
    tenantRef("wip_closes_previous_fkey", [t.organizationId, t.previousCloseId], [t.organizationId, t.id]),
    tenantRef("wip_closes_fiscal_year_fkey", [t.organizationId, t.fiscalYearCloseId], [t.organizationId, t.id]),
    check("wip_closes_status_check", sql`status in ('closed', 'reopened')`),
    check(
      "wip_closes_reopen_check",
      sql`(status = 'closed' and reopened_at is null and reopen_reason is null) or (status = 'reopened' and reopened_at is not null and length(btrim(reopen_reason)) > 0)`,
    ),
    tenantPolicy(),
  ],
);

/**
 * One frozen WIP row per project of a close: every input and output of wip-math.ts, the flag, and
 * the period and year-to-date figures measured from the close's previous and fiscal-year closes.
 * Append-only: the app role may only insert and read (migration 0026).
 */
export const wipCloseRows = pgTable(
  "wip_close_rows",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    closeId: uuid("close_id").notNull(),
    projectId: uuid("project_id").notNull(),
    jobNumber: text("job_number").notNull(),
    projectName: text("project_name").notNull(),
    projectStatus: text("project_status").notNull(),
    contractSumToDate: money("contract_sum_to_date").notNull(),
    estimatedTotalCost: money("estimated_total_cost").notNull(),
    costToDate: money("cost_to_date").notNull(),
    billedToDate: money("billed_to_date").notNull(),
    /** Fractions as wip-math.ts gives them (10 places); the displays with 2 decimals. */
    percentComplete: numeric("percent_complete").notNull(),
    percentCompleteDisplay: numeric("percent_complete_display").notNull(),
    earnedRevenue: money("earned_revenue").notNull(),
    overBilling: money("over_billing").notNull(),
    underBilling: money("under_billing").notNull(),
    grossProfitToDate: money("gross_profit_to_date").notNull(),
    projectedGrossProfit: money("projected_gross_profit").notNull(),
    projectedMargin: numeric("projected_margin").notNull(),
    projectedMarginDisplay: numeric("projected_margin_display").notNull(),
    isLoss: boolean("is_loss").notNull(),
    flag: text("flag"),
    earnedRevenuePeriod: money("earned_revenue_period").notNull(),
    grossProfitPeriod: money("gross_profit_period").notNull(),
    earnedRevenueYtd: money("earned_revenue_ytd").notNull(),
    grossProfitYtd: money("gross_profit_ytd").notNull(),
  },
  (t) => [
    uniqueIndex("wip_close_rows_org_close_project_key").on(t.organizationId, t.closeId, t.projectId),
    index("wip_close_rows_org_project_idx").on(t.organizationId, t.projectId),
    tenantRef("wip_close_rows_close_fkey", [t.organizationId, t.closeId], [wipCloses.organizationId, wipCloses.id]),
    tenantRef("wip_close_rows_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id]),
    tenantPolicy(),
  ],
);
