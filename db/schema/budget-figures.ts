import { bigint, boolean, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { money, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { projects } from "./projects";

/**
 * The budget figures of a project are a read model (ADR 0007): `budget_figure_rows` holds the
 * computed DOMAIN.md rows, and this table says whether they are current. Statement triggers on
 * every input table (budget lines, transfers, commitments, change orders and their lines, cost
 * code and cost type names) bump `source_version` in the writing transaction; a reader whose
 * `cached_version` is behind recomputes the rows under this row's lock.
 */
export const budgetFigureState = pgTable(
  "budget_figure_state",
  {
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    sourceVersion: bigint("source_version", { mode: "number" }).notNull().default(1),
    cachedVersion: bigint("cached_version", { mode: "number" }).notNull().default(0),
    /**
     * The next refresh recomputes every row, not just the dirty keys: a project never computed
     * (the default), a header deleted, a statement touching too many keys.
     */
    fullRefresh: boolean("full_refresh").notNull().default(true),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("budget_figure_state_org_project_key").on(t.organizationId, t.projectId),
    tenantRef("budget_figure_state_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantPolicy(),
  ],
);

/** One computed row per project × cost code × cost type, exactly as figuresQuery returns it. */
export const budgetFigureRows = pgTable(
  "budget_figure_rows",
  {
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    rowKey: text("row_key").notNull(),
    /** Collation "C" (set in the migration): byte order, as figuresQuery sorts it. */
    sortKey: text("sort_key").notNull(),
    lineId: uuid("line_id"),
    lineVersion: integer("line_version"),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    divisionId: uuid("division_id").notNull(),
    divisionCode: text("division_code").notNull(),
    divisionName: text("division_name").notNull(),
    division: text("division").notNull(),
    costCode: text("cost_code").notNull(),
    costCodeName: text("cost_code_name").notNull(),
    costType: text("cost_type").notNull(),
    description: text("description").notNull(),
    ftcMode: text("ftc_mode").notNull(),
    ftcManual: money("ftc_manual"),
    original: money("original").notNull(),
    approvedChanges: money("approved_changes").notNull(),
    revised: money("revised").notNull(),
    pendingChanges: money("pending_changes").notNull(),
    projectedBudget: money("projected_budget").notNull(),
    committed: money("committed").notNull(),
    directCosts: money("direct_costs").notNull(),
    /** Opening cost (project openings + executed commitments' opening billed), part of actual (ADR 0014). */
    openingCost: money("opening_cost").notNull().default("0"),
    actual: money("actual").notNull(),
    pendingCostChanges: money("pending_cost_changes").notNull(),
    projectedCost: money("projected_cost").notNull(),
    ftc: money("ftc").notNull(),
    eac: money("eac").notNull(),
    costToComplete: money("cost_to_complete").notNull(),
    overUnder: money("over_under").notNull(),
  },
  (t) => [
    uniqueIndex("budget_figure_rows_project_sort_key").on(t.organizationId, t.projectId, t.sortKey),
    /** A keyed refresh deletes the rows of its dirty keys (migration 0021). */
    uniqueIndex("budget_figure_rows_project_code_type_key").on(t.organizationId, t.projectId, t.costCodeId, t.costTypeId),
    tenantRef("budget_figure_rows_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantPolicy(),
  ],
);

/**
 * The cost code × cost type keys of a project whose stored row may differ from a fresh computation
 * (a row to rewrite, add or drop). The triggers add keys only while holding the project's state
 * row lock, and the refresh that recomputes them deletes them under the same lock (migration 0021).
 */
export const budgetFigureDirtyKeys = pgTable(
  "budget_figure_dirty_keys",
  {
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
  },
  (t) => [
    uniqueIndex("budget_figure_dirty_keys_key").on(t.organizationId, t.projectId, t.costCodeId, t.costTypeId),
    tenantRef("budget_figure_dirty_keys_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantPolicy(),
  ],
);
