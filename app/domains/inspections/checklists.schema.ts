import { z } from "zod";
import { checkboxField, versionField } from "~/utils/form-fields";
import { CHECKLIST_KIND_LABELS, codes, ON_FAIL_LABELS } from "./inspection-labels";

/** Form inputs of the checklist pages (browser-safe: the forms share them). */

const text = (what: string, max: number) =>
  z.string({ error: `Enter ${what}` }).trim().min(1, `Enter ${what}`).max(max, `Use at most ${max} characters`);
const optionalText = (max: number) => z.string().trim().max(max, `Use at most ${max} characters`).default("");

const templateHeader = {
  name: text("a name", 120),
  kind: z.enum(codes(CHECKLIST_KIND_LABELS), { error: "Choose quality or safety" }),
  description: optionalText(1000),
};

export const createTemplateSchema = z.object({ intent: z.literal("create"), ...templateHeader });

/** Blank rows the item grid offers for new items. */
export const BLANK_ITEM_ROWS = 5;
export const MAX_ITEMS = 200;

/**
 * One row of the item grid. A row without a prompt is left out (blank rows add items; clearing a
 * prompt removes the item). A row without a section continues the section of the row above.
 */
export const itemRow = z.object({
  section: z.string().trim().max(120, "Use at most 120 characters").optional(),
  prompt: z.string().trim().max(300, "Use at most 300 characters").optional(),
  guidance: z.string().trim().max(1000, "Use at most 1,000 characters").optional(),
  required: checkboxField,
  onFail: z.enum(codes(ON_FAIL_LABELS), { error: "Choose punch item or observation" }).default("punch_item"),
});
export type ItemRow = z.output<typeof itemRow>;

export const saveDraftSchema = z.object({
  intent: z.literal("save"),
  version: versionField,
  ...templateHeader,
  items: z.array(itemRow).max(MAX_ITEMS + BLANK_ITEM_ROWS, `Save at most ${MAX_ITEMS} items`).default([]),
});
export type SaveDraftInput = z.output<typeof saveDraftSchema>;

export const publishSchema = z.object({ intent: z.literal("publish"), version: versionField });
export const archiveSchema = z.object({ intent: z.literal("archive"), version: versionField, archived: checkboxField });

export const templatePageSchema = z.discriminatedUnion("intent", [saveDraftSchema, publishSchema, archiveSchema]);
