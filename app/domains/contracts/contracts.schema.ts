import { z } from "zod";
import { moneyField, percentField, versionField } from "~/utils/form-fields";
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

/** Everything the contract page posts, told apart by `intent` (the server parses with this). */
export const contractPageSchema = z.discriminatedUnion("intent", [contractSchema, addSovLineSchema, updateSovLineSchema, deleteSovLineSchema]);

export type ContractPageInput = z.output<typeof contractPageSchema>;
export type ContractInput = z.output<typeof contractSchema>;
export type SovLineInput = z.output<typeof addSovLineSchema>;
export type SovLineUpdate = z.output<typeof updateSovLineSchema>;
export type SovLineDelete = z.output<typeof deleteSovLineSchema>;
