import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { users } from "./identity";

export const IMPORT_STATUSES = ["queued", "parsing", "validated", "committing", "done", "failed"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** Per sheet: rows read, to create, to update (natural key exists), in error; then what the commit wrote. */
export type ImportSheetCounts = {
  rows: number;
  create: number;
  update: number;
  error: number;
  /** Keys of the masterfile columns the sheet has: an update writes only those. */
  columns: string[];
};
export type ImportSummary = Record<string, ImportSheetCounts>;

/**
 * One uploaded masterfile. `(organization_id, sha256)` is unique: uploading the same file again
 * points at this import. `attempt` fences jobs: a job whose payload names an older attempt (one
 * re-queued after its worker died) does nothing.
 */
export const imports = pgTable(
  "imports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    fileName: text("file_name").notNull(),
    byteSize: bigint("byte_size", { mode: "number" }).notNull(),
    sha256: text("sha256").notNull(),
    storageKey: text("storage_key").notNull(),
    status: text("status", { enum: IMPORT_STATUSES }).notNull().default("queued"),
    /** The phase that failed (parsing or committing), so a retry resumes the right job. */
    failedPhase: text("failed_phase", { enum: ["parsing", "committing"] }),
    failureMessage: text("failure_message"),
    progressDone: integer("progress_done").notNull().default(0),
    progressTotal: integer("progress_total").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    summary: jsonb("summary").$type<ImportSummary>().notNull().default({}),
    committedCounts: jsonb("committed_counts").$type<Record<string, { created: number; updated: number }>>(),
    attempt: integer("attempt").notNull().default(1),
    workerId: text("worker_id"),
    heartbeatAt: timestamp("heartbeat_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    committedBy: uuid("committed_by").references(() => users.id, { onDelete: "set null" }),
    validatedAt: timestamp("validated_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("imports_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("imports_org_sha256_key").on(t.organizationId, t.sha256),
    index("imports_org_created_idx").on(t.organizationId, t.createdAt, t.id),
    check("imports_progress_check", sql`progress_done >= 0 and progress_total >= 0`),
    check("imports_status_check", sql`status in ('queued', 'parsing', 'validated', 'committing', 'done', 'failed')`),
    check("imports_failed_phase_check", sql`failed_phase is null or failed_phase in ('parsing', 'committing')`),
    tenantPolicy(),
  ],
);

/** A problem found while validating: a cell (column set) or a whole row/sheet (column null). */
export const importErrors = pgTable(
  "import_errors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    importId: uuid("import_id").notNull(),
    sheet: text("sheet").notNull(),
    /** The worksheet row (1-based, as Excel shows it); null for a problem with the whole sheet. */
    rowNumber: integer("row_number"),
    column: text("column"),
    value: text("value"),
    message: text("message").notNull(),
    /** Rank in the import's problems, root causes first (0, 1, 2 …): the order the page lists them in. */
    position: integer("position").notNull().default(0),
    /**
     * Set when the problem exists only because a row it references was refused: that row's sheet and
     * row number (row null: the whole sheet was not imported). Null for a root cause.
     */
    causeSheet: text("cause_sheet"),
    causeRow: integer("cause_row"),
  },
  (t) => [
    index("import_errors_import_idx").on(t.organizationId, t.importId, t.sheet, t.rowNumber),
    index("import_errors_position_idx").on(t.organizationId, t.importId, t.position),
    tenantRef("import_errors_import_fkey", [t.organizationId, t.importId], [imports.organizationId, imports.id], "cascade"),
    tenantPolicy(),
  ],
);

/** The cells of each row in error as read, so the user can download just those rows, fix and re-upload. */
export const importErrorRows = pgTable(
  "import_error_rows",
  {
    organizationId: organizationId(),
    importId: uuid("import_id").notNull(),
    sheet: text("sheet").notNull(),
    rowNumber: integer("row_number").notNull(),
    cells: jsonb("cells").$type<(string | number | boolean | null)[]>().notNull(),
    /** Rank in the error workbook: grouped by sheet, root causes first (see problem-order.ts). */
    position: integer("position").notNull().default(0),
  },
  (t) => [
    uniqueIndex("import_error_rows_key").on(t.organizationId, t.importId, t.sheet, t.rowNumber),
    index("import_error_rows_position_idx").on(t.organizationId, t.importId, t.position, t.sheet, t.rowNumber),
    tenantRef("import_error_rows_import_fkey", [t.organizationId, t.importId], [imports.organizationId, imports.id], "cascade"),
    tenantPolicy(),
  ],
);
