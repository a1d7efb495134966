import { z } from "zod";
import { formatAmount, MONEY_MAX, moneyString, parseMoneyInput, percentToRate, readMoneyText } from "./money";

// Form fields shared by every zod form schema (browser-safe). Money and percentages stay exact
// decimal strings from the text the user typed to the numeric column.

const capitalised = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;

/**
 * Money as typed ("1,234.50", "$1,234.50", "(12.00)") → canonical "1234.50". `sign` refuses
 * negatives ("non-negative") or also zero ("positive"), naming the field in the message.
 */
export const moneyField = (what: string, options: { sign?: "any" | "non-negative" | "positive"; example?: string } = {}) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .transform((text, ctx) => {
      const value = parseMoneyInput(text);
      const typed = readMoneyText(text);
      const problem =
        typed !== null && typed.decimalPlaces() > 2 ? `Use two decimals at most (cents) for ${what}, such as ${options.example ?? "1,234.50"}`
        : typed !== null && value === null ? `${capitalised(what)} is more than the largest amount this system holds (${formatAmount(MONEY_MAX)})`
        : value === null ? `Enter an amount such as ${options.example ?? "1,234.50"}`
        : options.sign !== undefined && options.sign !== "any" && value.isNegative() ? `${capitalised(what)} cannot be negative`
        : options.sign === "positive" && value.isZero() ? `${capitalised(what)} must be greater than zero`
        : null;
      if (problem || value === null) {
        ctx.addIssue({ code: "custom", message: problem ?? "Enter an amount" });
        return z.NEVER;
      }
      return moneyString(value);
    });

const PERCENT_MESSAGE = "Enter a percentage such as 10 or 7.5";

/** Percent as typed ("10", "7.5"), kept as text for re-display; 0–100, up to 4 decimals. */
export const percentTextField = (what: string) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .regex(/^\d{1,3}(\.\d{1,4})?%?$/, PERCENT_MESSAGE)
    .refine((v) => percentToRate(v) !== null, `${capitalised(what)} cannot exceed 100%`);

/** Percent as typed → the stored fraction ("0.100000"). */
export const percentField = (what: string) => percentTextField(what).transform((v) => percentToRate(v)!);

/** The version a form was rendered with (optimistic concurrency). */
export const versionField = z.coerce.number().int().min(1);

/** A calendar date as the date input posts it ("2026-11-21"): real (no 2026-02-30) and PostgreSQL can hold it (no year 0). */
export const dateField = (what: string) =>
  z.iso.date(`Enter ${what} as YYYY-MM-DD`).refine((d) => !d.startsWith("0000"), `Enter ${what} as a date from year 1 on`);

const TICKED = new Set<unknown>(["on", "true", true]);
const UNTICKED = new Set<unknown>([undefined, "", "false", false]);

/** A checkbox: "on" when ticked, absent otherwise; any other value is refused, never read as unticked. */
export const checkboxField = z.preprocess(
  (v) => (TICKED.has(v) ? true : UNTICKED.has(v) ? false : v),
  z.boolean({ error: "Tick the box or leave it empty" }),
);
