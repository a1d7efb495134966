import type { z } from "zod";
import { createCostCodeSchema } from "~/domains/cost-codes/cost-codes.schema";
import { addBudgetLineSchema } from "~/domains/budgets/budgets.schema";
import { addCommitmentLineSchema, COMMITMENT_TYPE_OPTIONS, newCommitmentSchema } from "~/domains/commitments/commitments.schema";
import { contractTypeOptions, projectSchema, statusOptions } from "~/domains/projects/projects.schema";
import { vendorSchema } from "~/domains/vendors/vendors.schema";
import { openingBillingSheets, type OpeningBillingEntity, type OpeningBillingSheetKey } from "./masterfile-opening-billing-spec";

/**
 * The masterfile: the one definition of the import workbook's sheets and columns. The template,
 * its README sheet and the import parser all read it (browser-safe). Text columns reuse the app's
 * own form fields, so an imported value obeys the same rules (and messages) as one typed in a form.
 */

export type CellType = "text" | "money" | "date" | "percent" | "integer" | "enum" | "boolean" | "reference";

export type EnumOption = { readonly value: string; readonly label: string };

/** What a reference column names, by natural key: rows of `sheet` in the same file, or records already in the organization. */
export type ReferenceTarget = {
  entity: "project" | "cost_code" | "cost_type" | "vendor" | "commitment" | OpeningBillingEntity;
  /** The sheet that can define it in the same file; null: only the organization's records (cost types). */
  sheet: SheetKey | null;
  /** Another column of this row that scopes the key (a commitment number is unique per job). */
  scopedBy?: string;
};

export type MasterfileColumn = {
  key: string;
  header: string;
  type: CellType;
  required: boolean;
  /** Longest accepted text (text and reference columns); null otherwise. */
  maxLength: number | null;
  help: string;
  options?: readonly EnumOption[];
  reference?: ReferenceTarget;
  /** Money: "non-negative" refuses amounts below zero, "positive" zero too. */
  sign?: "any" | "non-negative" | "positive";
  /** Integer: smallest accepted value. */
  min?: number;
  /** The app's own form field a text value must also pass (its message is shown as is). */
  field?: z.ZodType;
  /** What an empty optional cell means (parsed form); absent: null. */
  defaultValue?: string | boolean;
};

export type SheetKey =
  | "projects"
  | "costCodes"
  | "budgetLines"
  | "vendors"
  | "commitments"
  | "commitmentLines"
  | "milestones"
  | "leads"
  | OpeningBillingSheetKey
  | "openingCosts"
  | "commitmentOpenings";

/** A parsed cell: text, money/date/percent as exact strings, integer as number, boolean. */
export type ParsedCell = string | number | boolean;

export type MasterfileSheet = {
  key: SheetKey;
  /** The worksheet's name in the workbook. */
  name: string;
  description: string;
  /** Column keys that identify a row: duplicates in the file are errors, a match in the organization is an update. */
  naturalKey: readonly string[];
  /** Vendors: when given, the tax id also identifies an existing vendor. */
  alternateKey?: readonly string[];
  columns: readonly MasterfileColumn[];
  /** One realistic row, in parsed form; the template writes it as a user would type it. */
  example: Readonly<Record<string, ParsedCell>>;
};

export const LEAD_STAGE_OPTIONS = [
  { value: "prospect", label: "Prospect" },
  { value: "qualified", label: "Qualified" },
  { value: "proposal", label: "Proposal" },
  { value: "negotiation", label: "Negotiation" },
  { value: "won", label: "Won" },
  { value: "lost", label: "Lost" },
] as const;

export const LEAD_SOURCE_OPTIONS = [
  { value: "referral", label: "Referral" },
  { value: "website", label: "Website" },
  { value: "repeat_client", label: "Repeat client" },
  { value: "bid_board", label: "Bid board" },
  { value: "other", label: "Other" },
] as const;

export const LEAD_STAGES = LEAD_STAGE_OPTIONS.map((o) => o.value);
export const LEAD_SOURCES = LEAD_SOURCE_OPTIONS.map((o) => o.value);

/** The longest string a (possibly optional/defaulted) zod string field accepts. */
function maxLengthOf(field: z.ZodType): number | null {
  let inner: unknown = field;
  for (;;) {
    if (inner && typeof inner === "object" && "unwrap" in inner && typeof inner.unwrap === "function") inner = inner.unwrap();
    else if (inner && typeof inner === "object" && "in" in inner) inner = inner.in; // a pipe (trim → email)
    else break;
  }
  const max = (inner as { maxLength?: unknown } | undefined)?.maxLength;
  return typeof max === "number" ? max : null;
}

type ColumnOptions = Partial<Omit<MasterfileColumn, "key" | "header" | "type">>;

function column(key: string, header: string, type: CellType, help: string, options: ColumnOptions = {}): MasterfileColumn {
  const maxLength = options.maxLength ?? (options.field ? maxLengthOf(options.field) : null);
  return { key, header, type, help, required: false, ...options, maxLength };
}

const required = { required: true } as const;

const projectRef = (help = "Job number of the project, on the Projects sheet or already in the system.") =>
  column("jobNumber", "Job number", "reference", help, { ...required, field: projectSchema.shape.jobNumber, reference: { entity: "project", sheet: "projects" } });
const costCodeRef = column("costCode", "Cost code", "reference", "A cost code from the Cost Codes sheet or already in the system, such as 03-3000.", {
  ...required,
  field: createCostCodeSchema.shape.code,
  reference: { entity: "cost_code", sheet: "costCodes" },
});
const costTypeRef = column("costType", "Cost type", "reference", "Code of one of your cost types, such as L (Labor), M (Material) or S (Subcontract).", {
  ...required,
  maxLength: 10,
  reference: { entity: "cost_type", sheet: null },
});

const projects: MasterfileSheet = {
  key: "projects",
  name: "Projects",
  description: "One row per project (job).",
  naturalKey: ["jobNumber"],
  columns: [
    column("jobNumber", "Job number", "text", "Your job number; the other sheets refer to the project by it.", { ...required, field: projectSchema.shape.jobNumber }),
    column("name", "Name", "text", "The project's name.", { ...required, field: projectSchema.shape.name }),
    column("clientName", "Client", "text", "The owner or client the project is built for.", { field: projectSchema.shape.clientName }),
    column("address", "Address", "text", "Site address.", { field: projectSchema.shape.address }),
    column("status", "Status", "enum", "Blank means Bidding.", { options: statusOptions, defaultValue: "bidding" }),
    column("contractType", "Contract type", "enum", "Blank means Lump sum.", { options: contractTypeOptions, defaultValue: "lump_sum" }),
    column("startDate", "Start date", "date", "Planned or actual start."),
    column("endDate", "End date", "date", "Planned or actual completion; not before the start date."),
    column("defaultRetainagePercent", "Retainage %", "percent", "Default retainage held on this project's billing; blank means 10%.", { defaultValue: "0.100000" }),
  ],
  example: {
    jobNumber: "2026-014",
    name: "Riverside Medical Office Building",
    clientName: "Riverside Health Partners",
    address: "1200 River Road, Springfield, IL 62704",
    status: "active",
    contractType: "gmp",
    startDate: "2026-03-02",
    endDate: "2027-01-29",
    defaultRetainagePercent: "0.100000",
  },
};

const costCodes: MasterfileSheet = {
  key: "costCodes",
  name: "Cost Codes",
  description: "Divisions and the cost codes under them.",
  naturalKey: ["code"],
  columns: [
    column("code", "Code", "text", "The cost code, such as 03 (a division) or 03-3000.", { ...required, field: createCostCodeSchema.shape.code }),
    column("name", "Name", "text", "What the code is for.", { ...required, field: createCostCodeSchema.shape.name }),
    column("division", "Division", "reference", "Code of the division this code belongs to, such as 03; blank makes the code itself a division.", {
      field: createCostCodeSchema.shape.code,
      reference: { entity: "cost_code", sheet: "costCodes" },
    }),
  ],
  example: { code: "03-3000", name: "Cast-in-place concrete", division: "03" },
};

const budgetLines: MasterfileSheet = {
  key: "budgetLines",
  name: "Budget Lines",
  description: "The original budget: one line per project, cost code and cost type.",
  naturalKey: ["jobNumber", "costCode", "costType"],
  columns: [
    projectRef(),
    costCodeRef,
    costTypeRef,
    column("description", "Description", "text", "Optional note on the line.", { field: addBudgetLineSchema.shape.description }),
    column("originalAmount", "Original amount", "money", "The original budget of the line, such as 185,000.00.", { ...required, sign: "non-negative" }),
  ],
  example: { jobNumber: "2026-014", costCode: "03-3000", costType: "S", description: "Foundations and slab on grade", originalAmount: "185000.00" },
};

const vendors: MasterfileSheet = {
  key: "vendors",
  name: "Vendors",
  description: "Subcontractors and suppliers.",
  naturalKey: ["name"],
  alternateKey: ["taxId"],
  columns: [
    column("name", "Name", "text", "The vendor's name; commitments refer to the vendor by it.", { ...required, field: vendorSchema.shape.name }),
    column("contactName", "Contact name", "text", "Main contact.", { field: vendorSchema.shape.contactName }),
    column("email", "Email", "text", "Contact email.", { field: vendorSchema.shape.email }),
    column("phone", "Phone", "text", "Contact phone.", { field: vendorSchema.shape.phone }),
    column("taxId", "Tax id", "text", "EIN or other tax id; when given, it also matches an existing vendor.", { field: vendorSchema.shape.taxId }),
    column("insuranceExpiresOn", "Insurance expires", "date", "Expiry of the vendor's certificate of insurance."),
    column("lienWaiverRequired", "Lien waiver required", "boolean", "Yes or No; blank means No.", { defaultValue: false }),
    column("lienWaiverReceived", "Lien waiver received", "boolean", "Yes or No; blank means No.", { defaultValue: false }),
  ],
  example: {
    name: "Summit Concrete LLC",
    contactName: "Dana Ortiz",
    email: "dana@summitconcrete.example",
    phone: "(217) 555-0142",
    taxId: "37-1234567",
    insuranceExpiresOn: "2026-12-31",
    lienWaiverRequired: true,
    lienWaiverReceived: false,
  },
};

const commitments: MasterfileSheet = {
  key: "commitments",
  name: "Commitments",
  description: "Subcontracts and purchase orders (their lines are on Commitment Lines).",
  naturalKey: ["jobNumber", "number"],
  columns: [
    projectRef(),
    column("number", "Commitment number", "text", "Unique within the job, such as SC-001.", { ...required, field: newCommitmentSchema.shape.number }),
    column("vendor", "Vendor", "reference", "Vendor name as on the Vendors sheet or already in the system.", {
      ...required,
      field: vendorSchema.shape.name,
      reference: { entity: "vendor", sheet: "vendors" },
    }),
    column("type", "Type", "enum", "Subcontract or Purchase order.", { ...required, options: COMMITMENT_TYPE_OPTIONS }),
    column("title", "Title", "text", "What the commitment covers.", { ...required, field: newCommitmentSchema.shape.title }),
    column("retainagePercent", "Retainage %", "percent", "Retainage withheld from the vendor; blank means none.", { defaultValue: "0.000000" }),
  ],
  example: { jobNumber: "2026-014", number: "SC-001", vendor: "Summit Concrete LLC", type: "subcontract", title: "Concrete foundations and slabs", retainagePercent: "0.100000" },
};

const commitmentLines: MasterfileSheet = {
  key: "commitmentLines",
  name: "Commitment Lines",
  description: "The lines of each commitment, against the job's cost codes.",
  naturalKey: ["jobNumber", "commitmentNumber", "lineNumber"],
  columns: [
    projectRef(),
    column("commitmentNumber", "Commitment number", "reference", "Number of the commitment, on the Commitments sheet or already in the system.", {
      ...required,
      field: newCommitmentSchema.shape.number,
      reference: { entity: "commitment", sheet: "commitments", scopedBy: "jobNumber" },
    }),
    column("lineNumber", "Line number", "integer", "1, 2, 3… within the commitment.", { ...required, min: 1 }),
    costCodeRef,
    costTypeRef,
    column("description", "Description", "text", "What the line covers.", { field: addCommitmentLineSchema.shape.description }),
    column("amount", "Amount", "money", "The line's amount, such as 172,500.00.", { ...required, sign: "non-negative" }),
  ],
  example: { jobNumber: "2026-014", commitmentNumber: "SC-001", lineNumber: 1, costCode: "03-3000", costType: "S", description: "Footings, walls and slab", amount: "172500.00" },
};

const milestones: MasterfileSheet = {
  key: "milestones",
  name: "Schedule",
  description: "Schedule milestones of each project.",
  naturalKey: ["jobNumber", "name"],
  columns: [
    projectRef(),
    column("name", "Milestone", "text", "Unique within the job, such as Substantial completion.", { ...required, maxLength: 160 }),
    column("plannedDate", "Planned date", "date", "The baseline: when the milestone is due as planned.", required),
    column("actualDate", "Actual date", "date", "When it was reached; blank while open."),
    column("notes", "Notes", "text", "Anything worth knowing.", { maxLength: 500 }),
    column("forecastDate", "Forecast date", "date", "When it is now expected, if not on the baseline; blank: on baseline."),
    column("responsible", "Responsible", "text", "Who delivers it, such as Rocky Mountain Concrete or the owner.", { maxLength: 160 }),
  ],
  example: { jobNumber: "2026-014", name: "Foundations complete", plannedDate: "2026-05-29", notes: "Inspection booked with the city" },
};

const leads: MasterfileSheet = {
  key: "leads",
  name: "Leads",
  description: "Opportunities you are pursuing (a minimal CRM).",
  naturalKey: ["name", "company"],
  columns: [
    column("name", "Name", "text", "The opportunity, such as Northside school addition.", { ...required, maxLength: 160 }),
    column("company", "Company", "text", "The prospective client.", { ...required, maxLength: 160 }),
    column("source", "Source", "enum", "Where the lead came from.", { options: LEAD_SOURCE_OPTIONS }),
    column("stage", "Stage", "enum", "Blank means Prospect.", { options: LEAD_STAGE_OPTIONS, defaultValue: "prospect" }),
    column("estimatedValue", "Estimated value", "money", "Expected contract value.", { sign: "non-negative" }),
    column("probability", "Probability", "percent", "Chance of winning, such as 40%."),
    column("expectedClose", "Expected close", "date", "When you expect a decision."),
  ],
  example: {
    name: "Northside Elementary addition",
    company: "Springfield School District 186",
    source: "bid_board",
    stage: "proposal",
    estimatedValue: "2450000.00",
    probability: "0.400000",
    expectedClose: "2026-06-30",
  },
};

// Opening entries of jobs already under way when the organization adopts the app (ADR 0014).

const openingCosts: MasterfileSheet = {
  key: "openingCosts",
  name: "Opening Costs",
  description: "Cost to date of jobs already under way, NOT under a commitment (commitment billing goes on Commitment Openings): actual cost, never a payable.",
  naturalKey: ["jobNumber", "costCode", "costType"],
  columns: [
    projectRef(),
    costCodeRef,
    costTypeRef,
    column("amount", "Amount", "money", "Cost to date on this cost code and type, such as 58,420.35.", { ...required, sign: "positive" }),
    column("asOf", "As of", "date", "The date the amount is to (your cut-over date).", required),
    column("note", "Note", "text", "Where the amount comes from.", { maxLength: 300 }),
  ],
  example: { jobNumber: "2026-014", costCode: "01-1000", costType: "L", amount: "58420.35", asOf: "2026-02-28", note: "Payroll to cut-over" },
};

const commitmentOpenings: MasterfileSheet = {
  key: "commitmentOpenings",
  name: "Commitment Openings",
  description: "What each vendor billed on a commitment line before the app, and the retainage held: the next invoice bills on top of it.",
  naturalKey: ["jobNumber", "commitmentNumber", "lineNumber"],
  columns: [
    projectRef(),
    column("commitmentNumber", "Commitment number", "reference", "Number of the commitment, on the Commitments sheet or already in the system.", {
      ...required,
      field: newCommitmentSchema.shape.number,
      reference: { entity: "commitment", sheet: "commitments", scopedBy: "jobNumber" },
    }),
    column("lineNumber", "Line number", "integer", "The commitment line, on Commitment Lines or already in the system.", { ...required, min: 1 }),
    column("billedToDate", "Billed to date", "money", "Billed on the line before the app, such as 77,961.00.", { ...required, sign: "positive" }),
    column("retainageHeld", "Retainage held", "money", "Retainage held on it to date; blank means none. Not more than billed to date.", { sign: "non-negative", defaultValue: "0.00" }),
    column("asOf", "As of", "date", "The date the amounts are to (your cut-over date).", required),
    column("note", "Note", "text", "Such as the vendor's last pay application.", { maxLength: 300 }),
  ],
  example: { jobNumber: "2026-014", commitmentNumber: "SC-001", lineNumber: 1, billedToDate: "77961.00", retainageHeld: "7796.10", asOf: "2026-02-28", note: "Pay applications 1-3" },
};

/** The sheets in workbook order (after the README sheet). */
export const MASTERFILE_SHEETS: readonly MasterfileSheet[] = [
  projects,
  costCodes,
  budgetLines,
  vendors,
  commitments,
  commitmentLines,
  milestones,
  leads,
  ...openingBillingSheets(column),
  openingCosts,
  commitmentOpenings,
];

export const README_SHEET_NAME = "README";

export const masterfileSheet = (key: SheetKey) => MASTERFILE_SHEETS.find((s) => s.key === key)!;
