import { sql } from "drizzle-orm";
import { boolean, date, index, integer, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, money, organizationId, rate, tenantPolicy, updatedAt } from "./_shared";
import { tenantRef } from "./_tenant-ref";
import { commitmentLines, commitments } from "./commitments";
import { costCodes, costTypes } from "./cost-codes";
import { users } from "./identity";
import { projects } from "./projects";
import { vendors } from "./vendors";

export const AP_INVOICE_KINDS = ["progress", "retainage_release"] as const;
export const AP_INVOICE_STATUSES = ["draft", "pending_approval", "approved", "paid", "void"] as const;
export const AP_PAYMENT_METHODS = ["check", "ach", "wire", "card", "other"] as const;

const currentUserId = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

/**
 * A vendor's invoice: against an executed commitment (billing its lines, retainage held at the
 * commitment's rate) or a direct cost (commitment_id null). A retainage release invoice pays out
 * retainage held on a commitment's approved progress invoices. draft → pending approval →
 * approved → paid, or void. The totals are the sums of the lines, kept by the line services.
 */
export const apInvoices = pgTable(
  "ap_invoices",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    vendorId: uuid("vendor_id").notNull(),
    projectId: uuid("project_id").notNull(),
    commitmentId: uuid("commitment_id"),
    kind: text("kind", { enum: AP_INVOICE_KINDS }).notNull().default("progress"),
    invoiceNumber: text("invoice_number").notNull(),
    invoiceDate: date("invoice_date").notNull(),
    dueDate: date("due_date").notNull(),
    description: text("description").notNull().default(""),
    status: text("status", { enum: AP_INVOICE_STATUSES }).notNull().default("draft"),
    /** The commitment's retainage rate when the invoice was created (0 for direct costs). */
    retainageRate: rate("retainage_rate").notNull().default("0"),
    /** What the vendor bills: Σ (this period + stored materials) of progress lines, Σ released of release lines. */
    total: money("total").notNull().default("0"),
    /** Σ retainage held on the lines. */
    retainage: money("retainage").notNull().default("0"),
    /** total − retainage: what is payable on this invoice. */
    amountDue: money("amount_due").notNull().default("0"),
    /** Σ of its payments, kept by a trigger on ap_payments in the paying transaction (migration 0020): open = amount due − amount paid. */
    amountPaid: money("amount_paid").notNull().default("0"),
    submittedAt: timestamp("submitted_at", { withTimezone: true }),
    approvedAt: timestamp("approved_at", { withTimezone: true }),
    /** Why the last approval was rejected; cleared when the invoice is submitted again. */
    rejectionReason: text("rejection_reason"),
    version: integer("version").notNull().default(1),
    createdBy: uuid("created_by")
      .references(() => users.id, { onDelete: "set null" })
      .default(currentUserId),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("ap_invoices_org_id_key").on(t.organizationId, t.id),
    // A voided invoice frees its number: the corrected invoice is entered again under it.
    uniqueIndex("ap_invoices_org_vendor_number_key").on(t.organizationId, t.vendorId, t.invoiceNumber).where(sql`status <> 'void'`),
    index("ap_invoices_status_due_idx").on(t.organizationId, t.status, t.dueDate),
    // The invoice list's default order (newest first) and its keyset pages: page 1,000 costs what page 1 does.
    // Migration 0020 adds INCLUDE (total, retainage, amount_due, amount_paid) by hand (date-filtered totals, index-only).
    index("ap_invoices_org_invoice_date_idx").on(t.organizationId, t.invoiceDate, t.id),
    index("ap_invoices_vendor_idx").on(t.organizationId, t.vendorId),
    index("ap_invoices_project_idx").on(t.organizationId, t.projectId),
    index("ap_invoices_commitment_idx").on(t.organizationId, t.commitmentId),
    // AP aging reads only the open items (approved, not paid in full). Migration 0020 adds INCLUDE (id, vendor_id,
    // invoice_number, kind, due_date, amount_due, amount_paid) by hand (drizzle-kit has no INCLUDE): keep it if this changes.
    index("ap_invoices_open_items_idx")
      .on(t.organizationId, t.projectId)
      .where(sql`status = 'approved' and amount_paid < amount_due`),
    tenantRef("ap_invoices_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id]),
    tenantRef("ap_invoices_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("ap_invoices_commitment_fkey", [t.organizationId, t.commitmentId], [commitments.organizationId, commitments.id]),
    tenantPolicy(),
  ],
);

/**
 * One line of an AP invoice. Against a commitment: one line per billed commitment line, this
 * period + stored materials, retainage held on it. Direct cost: cost code × type and an amount.
 * Retainage release: the retainage of one commitment line paid out (retainage_released).
 */
export const apInvoiceLines = pgTable(
  "ap_invoice_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    apInvoiceId: uuid("ap_invoice_id").notNull(),
    lineNumber: integer("line_number").notNull(),
    commitmentLineId: uuid("commitment_line_id"),
    costCodeId: uuid("cost_code_id").notNull(),
    costTypeId: uuid("cost_type_id").notNull(),
    description: text("description").notNull().default(""),
    thisPeriod: money("this_period").notNull().default("0"),
    storedMaterials: money("stored_materials").notNull().default("0"),
    /** this_period + stored_materials: the cost this line adds to the job. */
    amount: money("amount").notNull().default("0"),
    /** The line's rate when billed: the commitment line's own or the invoice's (null on direct costs and releases). */
    retainageRate: rate("retainage_rate"),
    /** Held on this line: the retainage due on billed to date (rate, bands, cap) less what earlier invoices held. */
    retainage: money("retainage").notNull().default("0"),
    retainageReleased: money("retainage_released").notNull().default("0"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("ap_invoice_lines_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("ap_invoice_lines_org_invoice_line_key").on(t.organizationId, t.apInvoiceId, t.lineNumber),
    uniqueIndex("ap_invoice_lines_org_invoice_commitment_line_key").on(t.organizationId, t.apInvoiceId, t.commitmentLineId),
    index("ap_invoice_lines_commitment_line_idx").on(t.organizationId, t.commitmentLineId),
    /** The budget figures of one cost code × cost type (a keyed refresh, migration 0021). */
    index("ap_invoice_lines_code_idx").on(t.organizationId, t.costCodeId, t.costTypeId),
    tenantRef("ap_invoice_lines_invoice_fkey", [t.organizationId, t.apInvoiceId], [apInvoices.organizationId, apInvoices.id], "cascade"),
    tenantRef("ap_invoice_lines_commitment_line_fkey", [t.organizationId, t.commitmentLineId], [commitmentLines.organizationId, commitmentLines.id]),
    tenantRef("ap_invoice_lines_cost_code_fkey", [t.organizationId, t.costCodeId], [costCodes.organizationId, costCodes.id]),
    tenantRef("ap_invoice_lines_cost_type_fkey", [t.organizationId, t.costTypeId], [costTypes.organizationId, costTypes.id]),
    tenantPolicy(),
  ],
);

/** Payments out (append-only): partial payments add up to the invoice's amount due. */
export const apPayments = pgTable(
  "ap_payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    apInvoiceId: uuid("ap_invoice_id").notNull(),
    paidOn: date("paid_on").notNull(),
    amount: money("amount").notNull(),
    method: text("method", { enum: AP_PAYMENT_METHODS }).notNull(),
    reference: text("reference").notNull().default(""),
    /** Paid on a retainage release invoice: retainage payable, tracked apart from progress payments. */
    isRetainage: boolean("is_retainage").notNull().default(false),
    createdBy: uuid("created_by")
      .references(() => users.id, { onDelete: "set null" })
      .default(currentUserId),
    createdAt: createdAt(),
  },
  (t) => [
    index("ap_payments_invoice_idx").on(t.organizationId, t.apInvoiceId),
    tenantRef("ap_payments_invoice_fkey", [t.organizationId, t.apInvoiceId], [apInvoices.organizationId, apInvoices.id]),
    tenantPolicy(),
  ],
);

/**
 * The vendor invoice list's totals per project × vendor × status, a read model kept by statement
 * triggers on ap_invoices in the writing transaction (migration 0020): one upsert per statement,
 * whatever its row count. The list sums these rows when its filters are only these dimensions
 * (ap-invoices-list.server.ts). Summing groups is exact: the figures are numeric.
 */
export const apInvoiceTotals = pgTable(
  "ap_invoice_totals",
  {
    organizationId: organizationId(),
    projectId: uuid("project_id").notNull(),
    vendorId: uuid("vendor_id").notNull(),
    status: text("status", { enum: AP_INVOICE_STATUSES }).notNull(),
    invoices: integer("invoices").notNull().default(0),
    total: numeric("total", { precision: 16, scale: 2 }).notNull().default("0"),
    retainage: numeric("retainage", { precision: 16, scale: 2 }).notNull().default("0"),
    amountDue: numeric("amount_due", { precision: 16, scale: 2 }).notNull().default("0"),
    amountPaid: numeric("amount_paid", { precision: 16, scale: 2 }).notNull().default("0"),
  },
  (t) => [
    primaryKey({ name: "ap_invoice_totals_pkey", columns: [t.organizationId, t.projectId, t.vendorId, t.status] }),
    tenantRef("ap_invoice_totals_project_fkey", [t.organizationId, t.projectId], [projects.organizationId, projects.id], "cascade"),
    tenantRef("ap_invoice_totals_vendor_fkey", [t.organizationId, t.vendorId], [vendors.organizationId, vendors.id], "cascade"),
    tenantPolicy(),
  ],
);
