import { date, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";
import { users } from "./identity";

export const PROJECT_STATUSES = ["bidding", "active", "on_hold", "closed"] as const;
export const CONTRACT_TYPES = ["lump_sum", "cost_plus", "gmp", "tm"] as const;

export const projects = pgTable(
  "projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    jobNumber: text("job_number").notNull(),
    name: text("name").notNull(),
    clientName: text("client_name").notNull().default(""),
    address: text("address").notNull().default(""),
    status: text("status", { enum: PROJECT_STATUSES }).notNull().default("bidding"),
    contractType: text("contract_type", { enum: CONTRACT_TYPES }).notNull().default("lump_sum"),
    startDate: date("start_date"),
    endDate: date("end_date"),
    projectManagerId: uuid("project_manager_id").references(() => users.id, { onDelete: "set null" }),
    defaultRetainageRate: rate("default_retainage_rate").notNull().default("0.10"),
    /** Once set, the budget changes only through change orders and transfers. */
    budgetLockedAt: timestamp("budget_locked_at", { withTimezone: true }),
    budgetLockedBy: uuid("budget_locked_by").references(() => users.id, { onDelete: "set null" }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("projects_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("projects_org_job_number_key").on(t.organizationId, t.jobNumber),
    tenantPolicy(),
  ],
);
