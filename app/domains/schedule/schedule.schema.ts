import { z } from "zod";
import { dateField, versionField } from "~/utils/form-fields";

/** A milestone's derived status (never stored): done, else late, else slipping, else on track. */
export const MILESTONE_STATUSES = ["done", "late", "slipping", "on_track"] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const MILESTONE_STATUS_LABELS: Record<MilestoneStatus, string> = {
  done: "Done",
  late: "Late",
  slipping: "Slipping",
  on_track: "On track",
};

export const milestoneStatusOptions = MILESTONE_STATUSES.map((value) => ({ value, label: MILESTONE_STATUS_LABELS[value] }));

/** Predecessors a milestone may name (a project's schedule, not a network diagram). */
export const MAX_PREDECESSORS = 20;

const optionalText = (max: number, label: string) => z.string().trim().max(max, `${label} is too long (at most ${max} characters)`).optional().default("");

const milestoneFields = {
  name: z.string({ error: "Enter the milestone's name" }).trim().min(2, "Enter the milestone's name").max(160, "Name is too long (at most 160 characters)"),
  baselineDate: dateField("the baseline date"),
  forecastDate: dateField("the forecast date").optional(),
  startDate: dateField("the start date").optional(),
  vendorId: z.uuid("Choose a vendor from the list").optional(),
  responsibleUserId: z.uuid("Choose a member from the list").optional(),
  responsible: optionalText(160, "Responsible"),
  predecessorIds: z
    .array(z.uuid("Choose predecessors from the list"))
    .max(MAX_PREDECESSORS, `Choose at most ${MAX_PREDECESSORS} predecessors`)
    .optional()
    .default([]),
  notes: optionalText(2000, "Notes"),
};

type Dates = { startDate?: string; baselineDate: string; forecastDate?: string; actualDate?: string };

/** A bar ends after it starts: the baseline and the forecast are not before the start date. */
function checkDates(m: Dates, ctx: z.RefinementCtx) {
  if (m.startDate && m.baselineDate < m.startDate)
    ctx.addIssue({ code: "custom", path: ["baselineDate"], message: `The baseline date cannot be before the start date (${m.startDate})` });
  if (m.startDate && m.forecastDate && m.forecastDate < m.startDate)
    ctx.addIssue({ code: "custom", path: ["forecastDate"], message: `The forecast date cannot be before the start date (${m.startDate})` });
}

export const milestoneSchema = z.object(milestoneFields).superRefine(checkDates);

/** The edit form also carries the actual date (blank: not reached) and the version it was read at. */
export const updateMilestoneSchema = z
  .object({ ...milestoneFields, actualDate: dateField("the actual date").optional(), version: versionField })
  .superRefine(checkDates);

/** "Mark done": the day it was reached. */
export const markDoneSchema = z.object({ actualDate: dateField("the date it was reached"), version: versionField });

export const deleteMilestoneSchema = z.object({ version: versionField });

export type MilestoneInput = z.output<typeof milestoneSchema>;
export type UpdateMilestoneInput = z.output<typeof updateMilestoneSchema>;
