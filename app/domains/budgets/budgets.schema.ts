import { z } from "zod";
import { moneyField, versionField as version } from "~/utils/form-fields";

const nonNegative = (label: string) => moneyField(label, { sign: "non-negative" });
const description = z.string().trim().max(200, "Description is too long").default("");

export const addBudgetLineSchema = z.object({
  intent: z.literal("add-line"),
  costCodeId: z.uuid({ error: "Choose a cost code" }),
  costTypeId: z.uuid({ error: "Choose a cost type" }),
  description,
  originalAmount: nonNegative("an original amount"),
});

export const updateBudgetLineSchema = z.object({
  intent: z.literal("update-line"),
  lineId: z.uuid(),
  version,
  description,
  originalAmount: nonNegative("an original amount"),
});

export const deleteBudgetLineSchema = z.object({
  intent: z.literal("delete-line"),
  lineId: z.uuid(),
  version,
});

export const FTC_MODES = ["auto", "manual"] as const;

export const forecastSchema = z
  .object({
    intent: z.literal("set-ftc"),
    lineId: z.uuid(),
    version,
    ftcMode: z.enum(FTC_MODES, { error: "Choose automatic or manual" }),
    ftcManual: nonNegative("a forecast to complete").optional(),
  })
  .refine((v) => v.ftcMode === "auto" || v.ftcManual !== undefined, {
    path: ["ftcManual"],
    message: "Enter the forecast to complete for a manual forecast",
  });

export const transferSchema = z
  .object({
    intent: z.literal("transfer"),
    fromLineId: z.uuid({ error: "Choose the line to move budget from" }),
    toLineId: z.uuid({ error: "Choose the line to move budget to" }),
    amount: moneyField("the amount", { sign: "positive" }),
    reason: z.string({ error: "Give a reason for the transfer" }).trim().min(3, "Give a reason for the transfer").max(500, "Reason is too long"),
  })
  .refine((v) => v.fromLineId !== v.toLineId, { path: ["toLineId"], message: "Choose two different lines" });

export const lockSchema = z.object({
  intent: z.enum(["lock", "unlock"]),
  version,
});

export type AddBudgetLine = z.output<typeof addBudgetLineSchema>;
export type UpdateBudgetLine = z.output<typeof updateBudgetLineSchema>;
export type DeleteBudgetLine = z.output<typeof deleteBudgetLineSchema>;
export type SetForecast = z.output<typeof forecastSchema>;
export type BudgetTransfer = z.output<typeof transferSchema>;
