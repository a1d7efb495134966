import { z } from "zod";
import { dateField, versionField as version } from "~/utils/form-fields";
import type { PermissionKey } from "~/utils/permissions";

// Punch items and observations: labels and zod input schemas (browser-safe; forms and services share them).

export const PUNCH_STATUS_LABELS = { open: "Open", ready_for_review: "Ready for review", closed: "Closed" } as const;
export const PUNCH_PRIORITY_LABELS = { low: "Low", normal: "Normal", high: "High", critical: "Critical" } as const;
export const OBSERVATION_KIND_LABELS = { safety: "Safety", quality: "Quality", environmental: "Environmental", housekeeping: "Housekeeping" } as const;
export const OBSERVATION_SEVERITY_LABELS = { low: "Low", medium: "Medium", high: "High", critical: "Critical" } as const;
export const OBSERVATION_STATUS_LABELS = { open: "Open", closed: "Closed" } as const;

export type PunchStatus = keyof typeof PUNCH_STATUS_LABELS;
export type PunchPriority = keyof typeof PUNCH_PRIORITY_LABELS;
export type ObservationKind = keyof typeof OBSERVATION_KIND_LABELS;

const keys = <T extends object>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** "P-014", "O-007": the per-project numbers people say out loud on site. */
export const punchNumber = (n: number) => `P-${String(n).padStart(3, "0")}`;
export const observationNumber = (n: number) => `O-${String(n).padStart(3, "0")}`;

/** A select or text box left empty posts "": that means "none", never an invalid value. */
const blank = (v: unknown) => (v === "" || v === null ? undefined : v);
const optionalUuid = (message: string) => z.preprocess(blank, z.uuid(message).optional());
const optionalDate = (what: string) => z.preprocess(blank, dateField(what).optional());
const text = (what: string, max: number) =>
  z.preprocess((v) => (v === null ? undefined : v), z.string().trim().max(max, `Keep ${what} under ${max.toLocaleString("en-US")} characters`).default(""));

/** What raised an item: a failed inspection answer (issue 19's inspections) or an observation. */
export const punchSourceSchema = z.object({
  kind: z.enum(["inspection_answer", "observation"]),
  id: z.uuid("The source must be a record id"),
});

const punchFields = {
  title: z.string({ error: "Say what needs fixing" }).trim().min(2, "Say what needs fixing").max(200, "Keep the title under 200 characters"),
  description: text("the description", 4000),
  location: text("the location", 200),
  drawingRef: text("the drawing reference", 100),
  vendorId: optionalUuid("Choose the responsible subcontractor"),
  trade: text("the trade", 100),
  assigneeUserId: optionalUuid("Choose a member to assign"),
  dueDate: optionalDate("the due date"),
  priority: z.preprocess(blank, z.enum(keys(PUNCH_PRIORITY_LABELS), { error: "Choose a priority" }).default("normal")),
};

/** A new punch item (the form, and other domains such as inspections through createPunchItem). */
export const newPunchItemSchema = z.object({
  projectId: z.uuid("Choose a project"),
  ...punchFields,
  source: punchSourceSchema.optional(),
});
export type NewPunchItemInput = z.input<typeof newPunchItemSchema>;

/** The new-item form (the project comes from the URL). */
export const punchItemFormSchema = z.object(punchFields);

/** The edit form of an open item (the version it was read at guards lost updates). */
export const editPunchItemSchema = z.object({ intent: z.literal("update"), version, ...punchFields });

const comment = text("the comment", 2000);

/**
 * The transitions: submit (open → ready for review), close (ready → closed), not accepted (ready →
 * open, with the reason) and reopen (closed → open, with the reason).
 */
export const punchTransitionSchema = z
  .object({ intent: z.enum(["submit", "close", "not_accept", "reopen"]), version, comment })
  .superRefine((v, ctx) => {
    if ((v.intent === "not_accept" || v.intent === "reopen") && v.comment.length === 0) {
      const why = v.intent === "not_accept" ? "Say why the work is not accepted" : "Say why the item is reopened";
      ctx.addIssue({ code: "custom", path: ["comment"], message: why });
    }
  });
export type PunchTransitionInput = z.output<typeof punchTransitionSchema>;

/** Who may take each step: the responsible side marks ready, the reviewing side accepts or sends back. */
export const TRANSITION_KEYS = { submit: "punch:manage", close: "punch:close", not_accept: "punch:close", reopen: "punch:close" } as const satisfies Record<
  PunchTransitionInput["intent"],
  PermissionKey
>;

/** Bulk assignment from the list: the ticked items get the chosen subcontractor, member and/or due date. */
export const bulkAssignSchema = z
  .object({
    intent: z.literal("bulk_assign"),
    itemIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(z.uuid("Tick the items to assign")).min(1, "Tick at least one item").max(500, "Assign at most 500 items at once")),
    vendorId: optionalUuid("Choose a subcontractor"),
    assigneeUserId: optionalUuid("Choose a member"),
    dueDate: optionalDate("the due date"),
  })
  .superRefine((v, ctx) => {
    if (!v.vendorId && !v.assigneeUserId && !v.dueDate) ctx.addIssue({ code: "custom", path: ["vendorId"], message: "Choose a subcontractor, a member or a due date to assign" });
  });
export type BulkAssignInput = z.output<typeof bulkAssignSchema>;

const observationFields = {
  kind: z.enum(keys(OBSERVATION_KIND_LABELS), { error: "Choose the kind of observation" }),
  severity: z.preprocess(blank, z.enum(keys(OBSERVATION_SEVERITY_LABELS), { error: "Choose a severity" }).default("medium")),
  description: z.string({ error: "Describe what you saw" }).trim().min(2, "Describe what you saw").max(4000, "Keep the description under 4,000 characters"),
  location: text("the location", 200),
  vendorId: optionalUuid("Choose the responsible subcontractor"),
  assigneeUserId: optionalUuid("Choose a member to assign"),
  dueDate: optionalDate("the due date"),
};

/** A new observation (the form, and other domains through createObservation). */
export const newObservationSchema = z.object({
  projectId: z.uuid("Choose a project"),
  ...observationFields,
  source: z.object({ kind: z.literal("inspection_answer"), id: z.uuid("The source must be a record id") }).optional(),
});
export type NewObservationInput = z.input<typeof newObservationSchema>;
export const observationFormSchema = z.object(observationFields);

export const closeObservationSchema = z.object({
  intent: z.literal("close"),
  version,
  correctiveAction: z.string({ error: "Say what was done about it" }).trim().min(2, "Say what was done about it").max(4000, "Keep it under 4,000 characters"),
});
export const convertObservationSchema = z.object({ intent: z.literal("convert"), version });

export const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));
