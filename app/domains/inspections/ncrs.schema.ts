import { z } from "zod";
import { dateField, versionField } from "~/utils/form-fields";

/** Form inputs of the non-conformance report pages (browser-safe: the forms share them). */

const text = (what: string, max: number) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `Use at most ${max.toLocaleString("en-US")} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max.toLocaleString("en-US")} characters`).default("");

const ncrFields = {
  title: text("a title", 200),
  description: text("what does not conform", 4000),
  location: optionalText(200),
};

/** A new NCR, on its own or from a failed inspection answer (`answerId`). */
export const createNcrSchema = z.object({ intent: z.literal("create"), ...ncrFields, answerId: z.uuid("Choose a failed inspection item").optional() });
export type NewNcrInput = z.output<typeof createNcrSchema>;

/** Edits the report while it is not closed. */
export const updateNcrSchema = z.object({
  intent: z.literal("update"),
  version: versionField,
  ...ncrFields,
  rootCause: optionalText(4000),
  correctiveAction: optionalText(4000),
});

/** open → corrective action: the root cause and the corrective action are stated. */
export const correctiveActionSchema = z.object({
  intent: z.literal("corrective_action"),
  version: versionField,
  rootCause: text("the root cause", 4000),
  correctiveAction: text("the corrective action", 4000),
});

/** corrective action → verified: who verified it, when and how. */
export const verifySchema = z.object({
  intent: z.literal("verify"),
  version: versionField,
  verifiedByName: text("who verified the correction", 120),
  verifiedOn: dateField("the verification date"),
  verificationMethod: text("how it was verified", 2000),
});

/** verified → closed. */
export const closeNcrSchema = z.object({ intent: z.literal("close"), version: versionField });

export const ncrPageSchema = z.discriminatedUnion("intent", [updateNcrSchema, correctiveActionSchema, verifySchema, closeNcrSchema]);
export type NcrPageInput = z.output<typeof ncrPageSchema>;
