import { z } from "zod";
import { checkboxField } from "~/utils/form-fields";

const id = z.uuid({ message: "Unknown view." });
const name = z.string({ message: "Give the view a name." }).trim().min(1, "Give the view a name.").max(80, "At most 80 characters.");
const checkbox = checkboxField;

export const createViewSchema = z.object({
  intent: z.literal("create"),
  tableId: z.string().min(1).max(60),
  path: z.string().min(1).max(300),
  search: z.string().max(4000).default(""),
  name,
  shared: checkbox,
});

export const updateViewSchema = z.object({ intent: z.literal("update"), viewId: id, name, shared: checkbox });
export const deleteViewSchema = z.object({ intent: z.literal("delete"), viewId: id });

const weekday = z.coerce.number().int().min(1).max(7);
export const scheduleSchema = z
  .object({
    intent: z.literal("schedule"),
    viewId: id,
    frequency: z.enum(["weekly", "monthly"], { message: "Weekly or monthly." }),
    day: z.coerce.number({ message: "Choose a day." }).int().min(1, "Choose a day.").max(28, "Monthly schedules run on day 1–28."),
    time: z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, "A time like 07:30."),
    recipients: z.array(z.uuid()).min(1, "Choose at least one recipient.").max(50),
  })
  .refine((s) => s.frequency !== "weekly" || weekday.safeParse(s.day).success, { message: "Weekly schedules run on a weekday (1 = Monday … 7 = Sunday).", path: ["day"] });

export const unscheduleSchema = z.object({ intent: z.literal("unschedule"), viewId: id });
