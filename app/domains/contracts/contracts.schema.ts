import { z } from "zod";
import { checkboxField, moneyField, percentField, versionField } from "~/utils/form-fields";
import { refineBands, retainageBandFields } from "./retainage-bands.schema";

/** Form inputs of the prime contract page (browser-safe: the page's forms share them). */


export const contractSchema = z.object({
  intent: z.literal("save-contract"),
  ownerName: z.string({ error: "Enter the owner's name" }).trim().min(1, "Enter the owner's name").max(200, "Use at most 200 characters"),
  title: z.string().trim().max(200, "Use at most 200 characters").default(""),
  originalSum: moneyField("the original contract sum", { sign: "non-negative" }),
  retainagePercent: percentField("a retainage rate"),
  /** Empty: stored materials are held at the same rate as completed work. */
  storedRetainagePercent: percentField("a retainage rate on stored materials").optional(),
  retainageCapPercent: percentField("a cap").optional(),
  /** Bands after the base rate (% complete step-downs or marginal amount bands). */
  ...retainageBandFields,
  /** Absent when creating the contract. */
  version: versionField.optional(),
}).superRefine(refineBands);

const sovLineFields = {
  description: z.string({ error: "Enter a description" }).trim().min(1, "Enter a description").max(300, "Use at most 300 characters"),
  costCodeId: z.uuid("Choose a cost code").optional(),
  scheduledValue: moneyField("a scheduled value", { sign: "non-negative" }),
  /** Empty: the contract's rate and bands. */
  retainagePercent: percentField("a retainage rate").optional(),
  /** The contract's version: any change to the schedule of values is a change to the contract. */
  version: versionField,
};

export const addSovLineSchema = z.object({ intent: z.literal("add-line"), ...sovLineFields });
export const updateSovLineSchema = z.object({ intent: z.literal("update-line"), lineId: z.uuid(), ...sovLineFields });
export const deleteSovLineSchema = z.object({ intent: z.literal("delete-line"), lineId: z.uuid(), version: versionField });

/** Blank rows the schedule of values grid offers for new lines; `?rows=` asks for more, up to the most. */
export const SOV_BLANK_ROWS = 10;
export const SOV_MAX_BLANK_ROWS = 200;

/**
 * One row of the schedule of values grid: an existing line (`lineId`) or a blank row for a new
 * one. A blank new row adds nothing; an existing line whose cells are all cleared, or whose
 * "Delete" box is ticked, is deleted.
 */
const sovGridFields = z.object({
  lineId: z.uuid("Choose a line of this contract").optional(),
  description: z.string().trim().max(300, "Use at most 300 characters").optional(),
  costCodeId: z.uuid("Choose a cost code").optional(),
  scheduledValue: moneyField("a scheduled value", { sign: "non-negative" }).optional(),
  /** Empty: the contract's rate and bands. */
  retainagePercent: percentField("a retainage rate").optional(),
  remove: checkboxField,
});
export type SovGridRow = z.output<typeof sovGridFields>;

/** A row that says nothing: no description, cost code or value. */
export const isBlankSovRow = (row: SovGridRow) =>
  row.description === undefined && row.costCodeId === undefined && row.scheduledValue === undefined && row.retainagePercent === undefined;

const sovGridRow = sovGridFields.superRefine((row, ctx) => {
  if (row.remove || isBlankSovRow(row)) return;
  if (!row.description) ctx.addIssue({ code: "custom", path: ["description"], message: "Enter a description" });
  if (row.scheduledValue === undefined) ctx.addIssue({ code: "custom", path: ["scheduledValue"], message: "Enter a scheduled value" });
});

/** Every line of the schedule of values in one post, checked as a whole: any bad cell refuses all of it. */
export const sovGridSchema = z.object({
  intent: z.literal("save-sov"),
  version: versionField,
  lines: z.array(sovGridRow).max(2000, "Save at most 2,000 lines at a time").default([]),
});

/** Everything the contract page posts, told apart by `intent` (the server parses with this). */
export const contractPageSchema = z.discriminatedUnion("intent", [contractSchema, addSovLineSchema, updateSovLineSchema, deleteSovLineSchema, sovGridSchema]);

export type ContractPageInput = z.output<typeof contractPageSchema>;
export type ContractInput = z.output<typeof contractSchema>;
export type SovLineInput = z.output<typeof addSovLineSchema>;
export type SovLineUpdate = z.output<typeof updateSovLineSchema>;
export type SovLineDelete = z.output<typeof deleteSovLineSchema>;
export type SovGridInput = z.output<typeof sovGridSchema>;
