import { z } from "zod";
import { dateField, moneyField, percentTextField } from "~/utils/form-fields";
import { dec, moneyString, percentToRate } from "~/utils/money";
import type { PermissionKey } from "~/utils/permissions";
import { NOT_BOTH, payAppLineSchema, type RetainageReleaseRequest } from "./pay-apps.schema";

/** Form inputs of the pay application pages (browser-safe: the forms share them with the routes). */

/** A continuation-sheet line: the amount this period or the % complete to date, never both. */
export const lineFormSchema = payAppLineSchema
  .safeExtend({ intent: z.literal("update-line") })
  .refine((v) => v.thisPeriod === undefined || v.percentToDate === undefined, {
    path: ["percentToDate"],
    message: NOT_BOTH,
  });

/** Everything the pay application page posts, by `intent`, and who may post it. */
export const PAY_APP_INTENT_PERMISSIONS = {
  "update-line": "receivables:manage",
  "save-lines": "receivables:manage",
  submit: "receivables:manage",
  "return-to-draft": "receivables:manage",
  certify: "receivables:certify",
  "record-payment": "receivables:certify",
} as const satisfies Record<string, PermissionKey>;
export type PayAppIntent = keyof typeof PAY_APP_INTENT_PERMISSIONS;

export const intentPermission = (intent: unknown): PermissionKey =>
  typeof intent === "string" && Object.hasOwn(PAY_APP_INTENT_PERMISSIONS, intent) ? PAY_APP_INTENT_PERMISSIONS[intent as PayAppIntent] : "receivables:manage";

export const RELEASE_OPTIONS = [
  { value: "amount", label: "Part of it: an amount" },
  { value: "percent", label: "Part of it: a percentage of the retainage held" },
  { value: "lines", label: "Per line: the amounts entered below" },
  { value: "final", label: "All of it (final release)" },
] as const;

/** A retainage release as the page asks for it: an amount, a percentage of what is held, or all of it. */
export const releaseFormSchema = z
  .object({
    applicationDate: dateField("the application date"),
    dueDate: dateField("the due date"),
    release: z.enum(["amount", "percent", "lines", "final"], { error: "Choose how much retainage to release" }),
    amount: moneyField("the amount to release", { sign: "positive" }).optional(),
    percent: percentTextField("the percentage to release").optional(),
    /** Per line (release "lines"): empty amounts release nothing on their line. */
    lines: z
      .array(z.object({ lineId: z.uuid(), amount: moneyField("the amount to release", { sign: "non-negative" }).optional() }))
      .max(5000)
      .optional(),
  })
  .refine((v) => v.dueDate >= v.applicationDate, { path: ["dueDate"], message: "The due date cannot be before the application date" })
  .refine((v) => v.release !== "amount" || v.amount !== undefined, { path: ["amount"], message: "Enter the amount to release" })
  .refine((v) => v.release !== "percent" || v.percent !== undefined, { path: ["percent"], message: "Enter the percentage of the retainage held to release" })
  .refine((v) => v.release !== "lines" || v.lines?.some((l) => l.amount !== undefined), { path: ["release"], message: "Enter the amount to release on at least one line" });
export type ReleaseForm = z.output<typeof releaseFormSchema>;

/** The release request for the service; a percentage becomes round(held × %) (half-up to the cent). */
export function releaseRequest(form: ReleaseForm, held: string): RetainageReleaseRequest {
  const base = { applicationDate: form.applicationDate, dueDate: form.dueDate };
  if (form.release === "final") return { ...base, final: true };
  if (form.release === "lines")
    return { ...base, final: false, amount: form.amount, lines: (form.lines ?? []).flatMap((l) => (l.amount === undefined ? [] : [{ lineId: l.lineId, amount: l.amount }])) };
  if (form.release === "percent") return { ...base, final: false, amount: moneyString(dec(held).times(percentToRate(form.percent ?? "0") ?? 0)) };
  return { ...base, final: false, amount: form.amount };
}
