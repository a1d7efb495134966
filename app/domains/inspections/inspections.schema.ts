import { z } from "zod";
import { dateField, versionField } from "~/utils/form-fields";
import { codes, RESULT_LABELS } from "./inspection-labels";

/** Form inputs of the inspection pages (browser-safe: the forms share them). */

const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`).default("");

export const createInspectionSchema = z.object({
  intent: z.literal("create"),
  templateVersionId: z.uuid("Choose a checklist"),
  title: optionalText(200),
  location: optionalText(200),
  milestoneId: z.uuid("Choose one of this project's milestones").optional(),
  inspectedOn: dateField("the inspection date"),
});
export type NewInspectionInput = z.output<typeof createInspectionSchema>;

/** One item's answer; unanswered items post no result and are left as they are. A Fail needs a note. */
export const answerRow = z
  .object({
    itemId: z.uuid("This item is not on the checklist"),
    result: z.enum(codes(RESULT_LABELS), { error: "Choose Pass, Fail or N/A" }).optional(),
    note: optionalText(2000),
  })
  .superRefine((row, ctx) => {
    if (row.result === "fail" && !row.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say what failed: a Fail needs a note" });
  });
export type AnswerInput = z.output<typeof answerRow>;

const answers = z.array(answerRow).max(500, "Answer at most 500 items at a time").default([]);

const signedName = z.string({ error: "Type your name to sign" }).trim().min(1, "Type your name to sign").max(120, "Use at most 120 characters");
const signedAt = dateField("the signature date");

/**
 * Saves what is posted: the whole checklist or one section (every section's button posts the same
 * form). The sign-off fields ride along in the same form: saving checks them but does not sign.
 */
export const saveAnswersSchema = z.object({ intent: z.literal("save"), version: versionField, answers, signedName: signedName.optional(), signedAt: signedAt.optional() });

/** Saves the answers, then signs and locks the inspection. */
export const completeInspectionSchema = z.object({
  intent: z.literal("complete"),
  version: versionField,
  answers,
  signedName,
  signedAt,
});

export const inspectionPageSchema = z.discriminatedUnion("intent", [saveAnswersSchema, completeInspectionSchema]);
export type InspectionPageInput = z.output<typeof inspectionPageSchema>;
