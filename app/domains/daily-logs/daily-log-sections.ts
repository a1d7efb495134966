import { z } from "zod";
import { checkboxField } from "~/utils/form-fields";

// The sections of a daily log (browser-safe): what a row holds, how it is typed in, how it is
// checked. The page's section forms, the service's writes, the PDF and the Excel export all read
// these definitions, so a section is described once.

export const CAUSE_LABELS = {
  weather: "Weather",
  owner: "Owner",
  design: "Design",
  subcontractor: "Subcontractor",
  material: "Material",
  inspection: "Inspection",
  other: "Other",
} as const;

export const SAFETY_LABELS = { observation: "Observation", incident: "Incident", toolbox_talk: "Toolbox talk" } as const;

export type FieldKind = "text" | "integer" | "hours" | "select" | "time" | "checkbox" | "costCode" | "vendor";

export interface SectionField {
  /** The row's property (the drizzle column key). */
  name: string;
  label: string;
  kind: FieldKind;
  required?: boolean;
  options?: Record<string, string>;
  /** Text fields: the longest accepted. */
  max?: number;
  /** Spans the whole row of the form (descriptions). */
  wide?: boolean;
  placeholder?: string;
}

export interface SectionDefinition {
  title: string;
  /** One row, for messages ("crew", "delay"). */
  noun: string;
  help: string;
  fields: SectionField[];
}

export const SECTIONS = {
  manpower: {
    title: "Manpower",
    noun: "crew",
    help: "One row per company and trade on site. Leave the company empty for your own forces. Hours are the crew's total (6 workers × 8 h = 48).",
    fields: [
      { name: "vendorId", label: "Company", kind: "vendor" },
      { name: "trade", label: "Trade", kind: "text", required: true, max: 100, placeholder: "Concrete finishers" },
      { name: "workers", label: "Workers", kind: "integer", required: true },
      { name: "hours", label: "Crew hours", kind: "hours", required: true },
      { name: "costCodeId", label: "Cost code", kind: "costCode" },
    ],
  },
  work: {
    title: "Work performed",
    noun: "work item",
    help: "What was done today, by cost code or by area.",
    fields: [
      { name: "costCodeId", label: "Cost code", kind: "costCode" },
      { name: "area", label: "Area", kind: "text", max: 200, placeholder: "Level 2, grid C–F" },
      { name: "description", label: "Description", kind: "text", required: true, max: 2000, wide: true },
    ],
  },
  equipment: {
    title: "Equipment on site",
    noun: "piece of equipment",
    help: "Machines on site and the hours they ran.",
    fields: [
      { name: "name", label: "Equipment", kind: "text", required: true, max: 200, placeholder: "Telehandler 10k" },
      { name: "hours", label: "Hours used", kind: "hours" },
      { name: "notes", label: "Notes", kind: "text", max: 500 },
    ],
  },
  deliveries: {
    title: "Deliveries",
    noun: "delivery",
    help: "What arrived, from whom, and who received it.",
    fields: [
      { name: "supplier", label: "Supplier", kind: "text", required: true, max: 200 },
      { name: "description", label: "Material", kind: "text", required: true, max: 1000 },
      { name: "receivedBy", label: "Received by", kind: "text", max: 200 },
    ],
  },
  visitors: {
    title: "Visitors",
    noun: "visitor",
    help: "Inspectors, owner's representatives, consultants.",
    fields: [
      { name: "name", label: "Name", kind: "text", required: true, max: 200 },
      { name: "company", label: "Company", kind: "text", max: 200 },
      { name: "purpose", label: "Purpose", kind: "text", max: 500 },
      { name: "timeIn", label: "Time in", kind: "time" },
      { name: "timeOut", label: "Time out", kind: "time" },
    ],
  },
  delays: {
    title: "Delays",
    noun: "delay",
    help: "Lost time and its cause. Flag a delay that may change the contract: the project manager can start a change order from it.",
    fields: [
      { name: "cause", label: "Cause", kind: "select", required: true, options: CAUSE_LABELS },
      { name: "hours", label: "Hours lost", kind: "hours", required: true },
      { name: "description", label: "What happened", kind: "text", required: true, max: 2000, wide: true },
      { name: "potentialChange", label: "Potential change", kind: "checkbox" },
    ],
  },
  safety: {
    title: "Safety",
    noun: "safety entry",
    help: "Observations, incidents and toolbox talks.",
    fields: [
      { name: "kind", label: "Kind", kind: "select", required: true, options: SAFETY_LABELS },
      { name: "description", label: "Description", kind: "text", required: true, max: 2000, wide: true },
      { name: "actionTaken", label: "Action taken", kind: "text", max: 2000, wide: true },
    ],
  },
} as const satisfies Record<string, SectionDefinition>;

export type SectionKey = keyof typeof SECTIONS;
export const SECTION_KEYS = Object.keys(SECTIONS) as SectionKey[];
export const isSectionKey = (value: unknown): value is SectionKey => typeof value === "string" && value in SECTIONS;

/** The most rows one section takes in one post. */
export const MAX_ROWS = 60;

const lower = (label: string) => label.toLowerCase();

function fieldSchema(field: SectionField): z.ZodType {
  const what = lower(field.label);
  switch (field.kind) {
    case "text": {
      const max = field.max ?? 500;
      return z.string({ error: `Enter the ${what}` }).trim().min(1, `Enter the ${what}`).max(max, `Keep the ${what} under ${max.toLocaleString("en-US")} characters`);
    }
    case "integer":
      return z.string({ error: `Enter the ${what}` }).trim().regex(/^\d{1,4}$/, `Enter the ${what} as a whole number such as 6`).transform(Number);
    case "hours":
      return z.string({ error: `Enter the ${what}` }).trim().regex(/^\d{1,5}(\.\d{1,2})?$/, `Enter the ${what} as a number such as 7.5`);
    case "time":
      return z.string().trim().regex(/^([01]\d|2[0-3]):[0-5]\d(:00)?$/, `Enter the ${what} as a time such as 07:30`).transform((t) => t.slice(0, 5));
    case "select":
      return z.enum(Object.keys(field.options ?? {}) as [string, ...string[]], { error: `Choose the ${what}` });
    case "checkbox":
      return checkboxField;
    case "costCode":
      return z.uuid("Choose a cost code from the list");
    case "vendor":
      return z.uuid("Choose a company from the list");
  }
}

const rowShape = (definition: SectionDefinition) =>
  Object.fromEntries(definition.fields.map((f) => [f.name, f.required ? fieldSchema(f) : fieldSchema(f).optional()]));

/** A row nobody typed into (new, every field empty or unticked): skipped, as is a row ticked "remove". */
function skipped(definition: SectionDefinition, row: unknown): boolean {
  if (row === undefined || row === null) return true;
  if (typeof row !== "object") return false;
  const values = row as Record<string, unknown>;
  if (values.remove === "on" && typeof values.id === "string") return true;
  if (values.id !== undefined) return false;
  return definition.fields.every((f) => values[f.name] === undefined || values[f.name] === "");
}

const schemas = new Map<SectionKey, z.ZodType>();

/**
 * The post of one section: every row of it at once (saved rows carry their id; a new row has none).
 * Skipped rows become null and keep their place, so an error names the row the user sees.
 */
export function sectionSchema(key: SectionKey) {
  const cached = schemas.get(key);
  if (cached) return cached as ReturnType<typeof build>;
  const schema = build(key);
  schemas.set(key, schema);
  return schema;
}

function build(key: SectionKey) {
  const definition: SectionDefinition = SECTIONS[key];
  const row = z.object({ id: z.uuid("This row is not one of the log's rows: reload the page").optional(), ...rowShape(definition) }).strict();
  return z.object({
    intent: z.literal(`save-${key}`),
    version: z.coerce.number().int().min(1),
    rows: z
      .array(z.preprocess((value) => (skipped(definition, value) ? null : withoutRemove(value)), row.nullable()))
      .max(MAX_ROWS, `Enter at most ${MAX_ROWS} rows at once`)
      .default([]),
  });
}

/** An unticked "remove" box posts nothing; any other value than "on" stays, and the strict row refuses it. */
function withoutRemove(value: unknown) {
  if (typeof value !== "object" || value === null) return value;
  const { remove, ...rest } = value as Record<string, unknown>;
  return remove === undefined || remove === "" ? rest : value;
}

export type SectionRowInput = { id?: string } & Record<string, unknown>;
