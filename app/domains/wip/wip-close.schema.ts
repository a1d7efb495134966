import { z } from "zod";
import { queryDate } from "~/utils/data-table";
import { dateField } from "~/utils/form-fields";

const periodEnd = dateField("the period end");

/** `/wip?asOf=YYYY-MM-DD`: the schedule as of that day; a date that is not a real one is ignored with a message. */
export const asOfQuerySchema = z.object({ asOf: queryDate.optional() });

export const closeWipSchema = z.object({
  intent: z.literal("close"),
  periodEnd,
});

export const reopenWipSchema = z.object({
  intent: z.literal("reopen"),
  reason: z
    .string({ error: "Say why the period is reopened." })
    .trim()
    .min(1, "Say why the period is reopened.")
    .max(1000, "Keep the reason under 1,000 characters."),
});
