import { sql } from "drizzle-orm";
import { check, date, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";

export const LEAD_STAGES = ["prospect", "qualified", "proposal", "negotiation", "won", "lost"] as const;
export const LEAD_SOURCES = ["referral", "website", "repeat_client", "bid_board", "other"] as const;

/** A minimal CRM: opportunities being pursued, identified by name and company. */
export const leads = pgTable(
  "leads",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    company: text("company").notNull(),
    source: text("source", { enum: LEAD_SOURCES }),
    stage: text("stage", { enum: LEAD_STAGES }).notNull().default("prospect"),
    estimatedValue: money("estimated_value"),
    /** Chance of winning as a fraction (0.4 = 40%). */
    probability: rate("probability"),
    expectedClose: date("expected_close"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("leads_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("leads_org_name_company_key").on(t.organizationId, t.name, t.company),
    check("leads_stage_check", sql`stage in ('prospect', 'qualified', 'proposal', 'negotiation', 'won', 'lost')`),
    check("leads_source_check", sql`source is null or source in ('referral', 'website', 'repeat_client', 'bid_board', 'other')`),
    check("leads_probability_check", sql`probability is null or (probability >= 0 and probability <= 1)`),
    check("leads_estimated_value_check", sql`estimated_value is null or estimated_value >= 0`),
    tenantPolicy(),
  ],
);
