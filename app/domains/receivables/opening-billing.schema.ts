import { z } from "zod";
import { dateField, moneyField } from "~/utils/form-fields";

/**
 * The opening position of a prime contract (ADR 0013): per SOV line, what the applications billed
 * before the app was used had reached; for the contract, the last of those applications.
 */
export const openingLineSchema = z.object({
  sovLineId: z.uuid("Choose a line of the schedule of values"),
  completed: moneyField("the work completed from previous applications"),
  stored: moneyField("the materials stored", { sign: "non-negative" }),
  retainageHeld: moneyField("the retainage held to date"),
});

export const openingBillingSchema = z
  .object({
    /** 0 for a new opening position, else the version it was read at. */
    version: z.coerce.number().int().min(0).default(0),
    lastApplicationNumber: z.coerce
      .number({ error: "Enter the number of the last application billed before" })
      .int("Enter the number of the last application as a whole number")
      .min(1, "The last previous application is number 1 or more")
      .max(9999, "Enter the number of the last application (at most 9999)"),
    periodEnd: dateField("the period end of the last previous application"),
    certificateDate: dateField("the certificate date of the last previous application"),
    previousCertificates: moneyField("the previous certificates total", { sign: "non-negative" }),
    receivedToDate: moneyField("the amount received to date", { sign: "non-negative" }),
    lines: z.array(openingLineSchema).min(1, "The schedule of values has no lines yet").max(1000),
  })
  .refine((v) => v.certificateDate >= v.periodEnd, { path: ["certificateDate"], message: "The certificate date cannot be before the period end" });
export type OpeningBillingInput = z.output<typeof openingBillingSchema>;
