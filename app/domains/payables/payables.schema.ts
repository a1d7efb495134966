import { z } from "zod";
import { approveSchema, rejectSchema } from "~/domains/approvals/approvals.schema";
import { dateField, moneyField, versionField } from "~/utils/form-fields";
import { PAYMENT_METHODS } from "~/utils/payment-methods";
import type { PermissionKey } from "~/utils/permissions";

/** Form inputs of vendor invoices and payments out (browser-safe: the pages' forms share them). */

export const AP_INVOICE_STATUS_LABELS = {
  draft: "Draft",
  pending_approval: "Pending approval",
  approved: "Approved",
  paid: "Paid",
  void: "Void",
} as const;
export type ApInvoiceStatus = keyof typeof AP_INVOICE_STATUS_LABELS;

export const AP_INVOICE_KIND_LABELS = { progress: "Vendor invoice", retainage_release: "Retainage release" } as const;
export type ApInvoiceKind = keyof typeof AP_INVOICE_KIND_LABELS;

/** Where an invoice's page lives (approval mail and the queue link there). */
export const apInvoicePath = (invoiceId: string) => `/payables/${invoiceId}`;

const headerFields = {
  invoiceNumber: z
    .string({ error: "Enter the vendor's invoice number" })
    .trim()
    .min(1, "Enter the vendor's invoice number")
    .max(40, "Use at most 40 characters"),
  invoiceDate: dateField("the invoice date"),
  dueDate: dateField("the due date"),
  description: z.string().trim().max(500, "Use at most 500 characters").default(""),
};

const dueAfterInvoice = (v: { invoiceDate: string; dueDate: string }) => v.dueDate >= v.invoiceDate;
const dueDateIssue = { message: "The due date cannot be before the invoice date", path: ["dueDate"] };

/** Against an executed commitment: vendor, project and retainage rate come from the commitment. */
export const newCommitmentInvoiceSchema = z.object({ commitmentId: z.uuid("Choose a commitment"), ...headerFields }).refine(dueAfterInvoice, dueDateIssue);

/** A direct cost: no commitment, lines by cost code × cost type, no retainage. */
export const newDirectInvoiceSchema = z
  .object({ projectId: z.uuid("Choose a project"), vendorId: z.uuid("Choose a vendor"), ...headerFields })
  .refine(dueAfterInvoice, dueDateIssue);

/**
 * Pays out (part of) the retainage held on a commitment's approved progress invoices: an amount
 * spread in proportion, or amounts per commitment line (empty ones release nothing).
 */
const releaseFields = {
  ...headerFields,
  amount: moneyField("the amount to release", { sign: "positive" }).optional(),
  lines: z
    .array(z.object({ commitmentLineId: z.uuid(), amount: moneyField("the amount to release", { sign: "non-negative" }).optional() }))
    .max(1000)
    .optional(),
};
const releaseEntered = (v: { amount?: string; lines?: { amount?: string }[] }) => v.amount !== undefined || (v.lines ?? []).some((l) => l.amount !== undefined);
const releaseIssue = { message: "Enter the amount to release, in all or per line", path: ["amount"] };
export const newRetainageReleaseSchema = z
  .object({ commitmentId: z.uuid("Choose a commitment"), ...releaseFields })
  .refine(dueAfterInvoice, dueDateIssue)
  .refine(releaseEntered, releaseIssue);

export const apInvoiceHeaderSchema = z.object({ intent: z.literal("save-header"), ...headerFields, version: versionField }).refine(dueAfterInvoice, dueDateIssue);

/** The continuation sheet of an invoice against a commitment: this period and stored materials per commitment line. */
export const commitmentBillingSchema = z.object({
  intent: z.literal("save-billing"),
  version: versionField,
  lines: z
    .array(
      z.object({
        commitmentLineId: z.uuid(),
        thisPeriod: moneyField("the work this period", { sign: "non-negative" }),
        storedMaterials: moneyField("the stored materials", { sign: "non-negative" }),
      }),
    )
    .max(1000),
});

const directLineFields = {
  costCodeId: z.uuid("Choose a cost code"),
  costTypeId: z.uuid("Choose a cost type"),
  description: z.string().trim().max(300, "Use at most 300 characters").default(""),
  amount: moneyField("an amount", { sign: "positive" }),
  /** The invoice's version: a line change is a change to the invoice. */
  version: versionField,
};

export const addDirectLineSchema = z.object({ intent: z.literal("add-line"), ...directLineFields });
export const updateDirectLineSchema = z.object({ intent: z.literal("update-line"), lineId: z.uuid(), ...directLineFields });
export const deleteDirectLineSchema = z.object({ intent: z.literal("delete-line"), lineId: z.uuid(), version: versionField });

export const AP_INVOICE_TRANSITIONS = ["submit", "withdraw", "void"] as const;
export const apTransitionSchema = z.object({ intent: z.literal("transition"), to: z.enum(AP_INVOICE_TRANSITIONS), version: versionField });

/** From an invoice against a commitment: a release invoice for (part of) the commitment's retainage held. */
export const releaseRetainageIntentSchema = z
  .object({ intent: z.literal("release-retainage"), ...releaseFields })
  .refine(dueAfterInvoice, dueDateIssue)
  .refine(releaseEntered, releaseIssue);

/** Everything the invoice page posts, told apart by `intent` (the server parses with this). */
export const apInvoicePageSchema = z.discriminatedUnion("intent", [
  apInvoiceHeaderSchema,
  commitmentBillingSchema,
  addDirectLineSchema,
  updateDirectLineSchema,
  deleteDirectLineSchema,
  apTransitionSchema,
  releaseRetainageIntentSchema,
  approveSchema,
  rejectSchema,
]);

/** Whoever enters invoices submits and withdraws them; voiding is for those who pay (payables:pay). */
export const AP_TRANSITION_PERMISSIONS: Record<ApInvoiceTransition, PermissionKey> = {
  submit: "payables:manage",
  withdraw: "payables:manage",
  void: "payables:pay",
};

/** The permission an invoice page post needs before it is parsed (deciding an approval step is the step's own business). */
export function apPagePermission(intent: unknown, to: unknown): PermissionKey {
  if (intent === "transition") return typeof to === "string" && Object.hasOwn(AP_TRANSITION_PERMISSIONS, to) ? AP_TRANSITION_PERMISSIONS[to as ApInvoiceTransition] : "payables:pay";
  if (intent === "approve" || intent === "reject") return "payables:read";
  return "payables:manage";
}

export const apPaymentSchema = z.object({
  intent: z.literal("pay"),
  paidOn: dateField("the payment date"),
  amount: moneyField("the payment amount", { sign: "positive" }),
  method: z.enum(PAYMENT_METHODS, { error: "Choose how it was paid" }),
  reference: z.string().trim().max(100, "Use at most 100 characters").default(""),
  version: versionField,
});

export type NewCommitmentInvoice = z.output<typeof newCommitmentInvoiceSchema>;
export type NewDirectInvoice = z.output<typeof newDirectInvoiceSchema>;
export type NewRetainageRelease = z.output<typeof newRetainageReleaseSchema>;
export type ApInvoiceHeader = z.output<typeof apInvoiceHeaderSchema>;
export type CommitmentBilling = z.output<typeof commitmentBillingSchema>;
export type DirectLineInput = z.output<typeof addDirectLineSchema>;
export type DirectLineUpdate = z.output<typeof updateDirectLineSchema>;
export type DirectLineDelete = z.output<typeof deleteDirectLineSchema>;
export type ApInvoiceTransition = z.output<typeof apTransitionSchema>["to"];
export type ApPaymentInput = z.output<typeof apPaymentSchema>;
export type ApInvoicePageInput = z.output<typeof apInvoicePageSchema>;
