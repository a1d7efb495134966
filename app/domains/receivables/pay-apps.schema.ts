import { z } from "zod";
import { checkboxField, dateField, moneyField, versionField } from "~/utils/form-fields";
import { PAYMENT_METHODS } from "~/utils/payment-methods";

export const newPayAppSchema = z
  .object({
    periodEnd: dateField("the period end date"),
    applicationDate: dateField("the application date"),
    dueDate: dateField("the due date"),
  })
  .refine((v) => v.dueDate >= v.applicationDate, { path: ["dueDate"], message: "The due date cannot be before the application date" });
export type NewPayApp = z.output<typeof newPayAppSchema>;

/** What is entered on a continuation-sheet line: this period as an amount or as % complete to date, and stored materials. */
const lineEntry = z.object({
  lineId: z.uuid("Choose a line of this application"),
  thisPeriod: moneyField("work completed this period").optional(),
  percentToDate: z
    .string()
    .trim()
    .regex(/^\d{1,3}(\.\d{1,4})?$/, "Enter % complete to date as a number such as 62.5")
    .optional(),
  storedNow: moneyField("materials presently stored").default("0.00"),
  correction: checkboxField,
});

export const NOT_BOTH = "Enter either the work completed this period or the % complete to date, not both: clear one of them.";

/** One continuation-sheet line: this period as an amount or as % complete to date, and stored materials. */
export const payAppLineSchema = lineEntry
  .extend({ version: versionField })
  .refine((v) => v.thisPeriod !== undefined || v.percentToDate !== undefined, {
    path: ["thisPeriod"],
    message: "Enter the work completed this period or the % complete to date",
  });
export type PayAppLineUpdate = z.output<typeof payAppLineSchema>;

/**
 * Every line of a draft's continuation sheet in one post (the grid). A row with neither an amount
 * nor a % bills nothing this period.
 */
export const payAppGridSchema = z.object({
  intent: z.literal("save-lines"),
  version: versionField,
  lines: z
    .array(lineEntry.refine((v) => v.thisPeriod === undefined || v.percentToDate === undefined, { path: ["percentToDate"], message: NOT_BOTH }))
    .max(2000, "Save at most 2,000 lines at a time")
    .default([]),
});
export type PayAppGridInput = z.output<typeof payAppGridSchema>;

export const payAppTransitionSchema = z.object({ version: versionField });

export const arPaymentSchema = z.object({
  version: versionField,
  receivedOn: dateField("the date received"),
  amount: moneyField("the amount received", { sign: "positive" }),
  method: z.enum(PAYMENT_METHODS, { error: "Choose how it was paid" }),
  reference: z.string().trim().max(120, "Keep the reference under 120 characters").default(""),
});
export type ArPaymentInput = z.output<typeof arPaymentSchema>;

export const retainageReleaseSchema = z
  .object({
    applicationDate: dateField("the application date"),
    dueDate: dateField("the due date"),
    final: checkboxField,
    amount: moneyField("the amount to release", { sign: "positive" }).optional(),
    /** Amounts per line of the latest certified application (its pay application line ids). */
    lines: z.array(z.object({ lineId: z.uuid(), amount: moneyField("the amount to release", { sign: "non-negative" }) })).max(5000).optional(),
  })
  .refine((v) => v.final || v.amount !== undefined || v.lines?.length, { path: ["amount"], message: "Enter the amount to release, or choose a final release" });
export type RetainageReleaseRequest = z.output<typeof retainageReleaseSchema>;
