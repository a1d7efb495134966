import { z } from "zod";
import { parseMoneyInput } from "~/utils/money";

/** Money as typed ("1,234.50", "$1,234.50", "(12.00)") → canonical "1234.50". */
const moneyField = (label: string) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .refine((v) => parseMoneyInput(v) !== null, "Enter an amount such as 1,234.50")
    .transform((v) => parseMoneyInput(v)!.toFixed(2));

const nonNegative = (label: string) => moneyField(label).refine((v) => !v.startsWith("-"), `${label[0].toUpperCase()}${label.slice(1)} cannot be negative`);

const version = z.coerce.number().int().min(1);
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
    amount: moneyField("an amount").refine((v) => !v.startsWith("-") && /[1-9]/.test(v), "The amount must be greater than zero"),
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
