import { z } from "zod";

/** Form inputs of the cost code catalog (browser-safe: the page's forms share them). */

const codeField = z
  .string({ error: "Enter a code" })
  .trim()
  .min(1, "Enter a code")
  .max(20, "Use at most 20 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9 .-]*$/, "Use letters, digits, spaces, dots and dashes, such as 03 or 03-3000");

const nameField = z.string({ error: "Enter a name" }).trim().min(1, "Enter a name").max(120, "Use at most 120 characters");

/** "true"/"false" from a select, so the field works the same with JavaScript off. */
const activeField = z.enum(["true", "false"], { error: "Choose active or inactive" }).transform((v) => v === "true");

const version = z.coerce.number().int().min(1);

export const createCostCodeSchema = z.object({
  code: codeField,
  name: nameField,
  /** Empty: the new code is itself a division. */
  parentId: z.uuid("Choose a division").optional(),
});

export const updateCostCodeSchema = z.object({
  id: z.uuid(),
  name: nameField,
  active: activeField,
  version,
});

export const createCostTypeSchema = z.object({
  code: z
    .string({ error: "Enter a short code" })
    .trim()
    .min(1, "Enter a short code")
    .max(10, "Use at most 10 characters")
    .regex(/^[A-Za-z0-9_-]+$/, "Use letters, digits, dashes or underscores, such as L or SUB"),
  name: nameField,
});

export const updateCostTypeSchema = z.object({
  id: z.uuid(),
  name: nameField,
  active: activeField,
  /** The row's last-change stamp as read: cost types carry no version column. */
  stamp: z.string().regex(/^\d{1,20}$/),
});

export const ACTIVE_OPTIONS = [
  { value: "true", label: "Active" },
  { value: "false", label: "Inactive" },
];

export type CreateCostCode = z.output<typeof createCostCodeSchema>;
export type UpdateCostCode = z.output<typeof updateCostCodeSchema>;
export type CreateCostType = z.output<typeof createCostTypeSchema>;
export type UpdateCostType = z.output<typeof updateCostTypeSchema>;
