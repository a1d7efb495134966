import { z } from "zod";
import { moneyField, versionField as version } from "~/utils/form-fields";

export const CHANGE_ORDER_KIND_LABELS = { prime: "Prime", commitment: "Commitment" } as const;
export const CHANGE_ORDER_STAGE_LABELS = { potential: "Potential", change_order: "Change order" } as const;
export const CHANGE_ORDER_STATUS_LABELS = {
  draft: "Draft",
  pending_approval: "Pending approval",
  approved: "Approved",
  rejected: "Rejected",
  void: "Void",
} as const;

export type ChangeOrderKind = keyof typeof CHANGE_ORDER_KIND_LABELS;
export type ChangeOrderStage = keyof typeof CHANGE_ORDER_STAGE_LABELS;
export type ChangeOrderStatus = keyof typeof CHANGE_ORDER_STATUS_LABELS;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

const moneyText = (what: string) => moneyField(what, { example: "1,250.00 (negative for a deduction)" });

const title = z.string({ error: "Give the change order a title" }).trim().min(2, "Give the change order a title").max(200, "Keep the title under 200 characters");
const description = z.string().trim().max(4000, "Keep the description under 4,000 characters").default("");

export const newChangeOrderSchema = z
  .object({
    kind: z.enum(keys(CHANGE_ORDER_KIND_LABELS), { error: "Choose prime or commitment" }),
    commitmentId: z.uuid("Choose the commitment this change order modifies").optional(),
    stage: z.enum(keys(CHANGE_ORDER_STAGE_LABELS), { error: "Choose a stage" }).default("potential"),
    title,
    description,
  })
  .superRefine((v, ctx) => {
    if (v.kind === "commitment" && !v.commitmentId) ctx.addIssue({ code: "custom", path: ["commitmentId"], message: "Choose the commitment this change order modifies" });
  });

export const headerSchema = z.object({ intent: z.literal("update"), version, title, description });

const lineFields = {
  version,
  costCodeId: z.uuid("Choose a cost code"),
  costTypeId: z.uuid("Choose a cost type"),
  description: z.string().trim().max(500, "Keep the description under 500 characters").default(""),
  amount: moneyText("the amount"),
  /** Prime only: the cost side (budget change); empty = no budget change. */
  budgetAmount: moneyText("the budget amount").optional(),
};

export const addLineSchema = z.object({ intent: z.literal("add-line"), ...lineFields });
export const updateLineSchema = z.object({ intent: z.literal("update-line"), lineId: z.uuid(), ...lineFields });

/** Buttons that only need the version the user saw (and a line for delete). */
export const transitionSchema = z.object({
  intent: z.enum(["convert", "submit", "withdraw", "void", "delete-line"]),
  version,
  lineId: z.uuid().optional(),
});

export type LineInput = z.output<typeof addLineSchema> & { lineId?: string };
