import type { OrgKeys } from "./import-lookups.server";
import { joinKey, KEY_SEPARATOR } from "./import-lookups.server";
import { masterfileSheet, type MasterfileColumn, type MasterfileSheet, type SheetKey } from "./masterfile-spec";
import type { CellProblem, ProblemCause } from "./masterfile-rows";
import {
  OPENING_BILLING_CHECK_ORDER,
  OPENING_BILLING_REFERENCED,
  openingBillingExists,
  openingBillingKeys,
  openingBillingRecordRule,
  openingBillingReferenceProblem,
  rememberOpeningBilling,
  type OpeningBillingKeys,
} from "./masterfile-opening-billing-references";

/**
 * The checks that span rows and sheets, run once the whole file has been read: duplicate natural
 * keys inside a sheet, references by natural key (to a valid row of the file or a record of the
 * organization), the rules that need existing records (locked budgets, executed commitments), and
 * whether each valid row creates or updates. A reference to a row the file has but refused (for its
 * own problems or because of another refusal) names that row as its cause, so the page can lead
 * with the few rows that caused the others.
 */

/** The few values of a cell-valid row these checks need, by column key. */
export type RowFacts = { row: number; get: Record<string, string | null> };

export type CrossCheck = {
  problems: Map<SheetKey, Map<number, CellProblem[]>>;
  counts: Map<SheetKey, { create: number; update: number }>;
};

/** Dependency order: a sheet's references point at sheets checked before it. */
export const CHECK_ORDER: readonly SheetKey[] = [
  "projects",
  "costCodes",
  "vendors",
  "commitments",
  "budgetLines",
  "commitmentLines",
  "milestones",
  "leads",
  ...OPENING_BILLING_CHECK_ORDER,
  "openingCosts",
  "commitmentOpenings",
];

/** The columns whose values RowFacts must carry for a sheet. */
export function factColumns(sheet: MasterfileSheet): string[] {
  const keys = new Set<string>([...sheet.naturalKey, ...(sheet.alternateKey ?? [])]);
  for (const c of sheet.columns) if (c.reference) keys.add(c.key);
  return [...keys];
}

/** The sheets whose rows other rows reference by key (a refused row of these is the cause of others' problems). */
const REFERENCED: ReadonlySet<SheetKey> = new Set(["projects", "costCodes", "vendors", "commitments", ...OPENING_BILLING_REFERENCED]);
export const isReferenced = (key: SheetKey) => REFERENCED.has(key);

/** A row refused before these checks (a cell problem), or a row of a sheet refused whole, with the key values it carries. */
export type RefusedFacts = RowFacts & { wholeSheet: boolean };

type InFile = { projects: Set<string>; costCodes: Map<string, boolean>; vendors: Set<string>; commitments: Set<string>; commitmentLines: Set<string> } & OpeningBillingKeys<Set<string>>;
/** The keys of refused rows other rows may reference, each with the refusal to name as their cause (the first one). */
type Refused = {
  projects: Map<string, ProblemCause>;
  costCodes: Map<string, ProblemCause>;
  vendors: Map<string, ProblemCause>;
  commitments: Map<string, ProblemCause>;
} & OpeningBillingKeys<Map<string, ProblemCause>>;

/** 0 for a problem of the row itself, else one more than the refusal it follows from. */
export const problemDepth = (p: Pick<CellProblem, "cause">) => (p.cause ? p.cause.depth + 1 : 0);

export function crossCheck(sheets: ReadonlyMap<SheetKey, RowFacts[]>, org: OrgKeys, refusedBefore: ReadonlyMap<SheetKey, readonly RefusedFacts[]> = new Map()): CrossCheck {
  const inFile: InFile = { projects: new Set(), costCodes: new Map(), vendors: new Set(), commitments: new Set(), commitmentLines: new Set(), ...openingBillingKeys(() => new Set<string>()) };
  const refused: Refused = { projects: new Map(), costCodes: new Map(), vendors: new Map(), commitments: new Map(), ...openingBillingKeys(() => new Map<string, ProblemCause>()) };
  for (const [key, rows] of refusedBefore) {
    const name = masterfileSheet(key).name;
    for (const r of rows) rememberRefused(key, r, { sheet: name, row: r.wholeSheet ? null : r.row, depth: 0 }, refused);
  }
  const result: CrossCheck = { problems: new Map(), counts: new Map() };
  for (const key of CHECK_ORDER) {
    const rows = sheets.get(key);
    if (!rows) continue;
    const sheet = masterfileSheet(key);
    const problems = new Map<number, CellProblem[]>();
    const counts = { create: 0, update: 0 };
    const seen = new Map<string, number>();
    const references = sheet.columns.filter((c) => c.reference);
    const keyColumns = sheet.naturalKey;
    for (const r of orderForChecks(key, rows)) {
      const found: CellProblem[] = [];
      let naturalKey = String(r.get[keyColumns[0]] ?? "");
      for (let i = 1; i < keyColumns.length; i++) naturalKey += KEY_SEPARATOR + String(r.get[keyColumns[i]] ?? "");
      const first = seen.get(naturalKey);
      if (first !== undefined) found.push(duplicate(sheet, r, first));
      else seen.set(naturalKey, r.row);
      for (const column of references) {
        const value = r.get[column.key];
        if (value) {
          const problem = referenceProblem(column, value, r, org, inFile, refused);
          if (problem) found.push({ column: column.header, value, ...problem });
        }
      }
      const recordProblem = existingRecordRules(key, r, org) ?? commitmentOpeningRules(key, r, org, inFile);
      if (recordProblem) found.push(recordProblem);
      if (found.length) {
        problems.set(r.row, found);
        rememberRefused(key, r, { sheet: sheet.name, row: r.row, depth: Math.max(...found.map(problemDepth)) }, refused);
        continue;
      }
      remember(key, r, inFile);
      if (existsInOrganization(key, naturalKey, r, org)) counts.update += 1;
      else counts.create += 1;
    }
    result.problems.set(key, problems);
    result.counts.set(key, counts);
  }
  return result;
}

/** Divisions before the codes under them, so a code may precede its division in the sheet. */
const orderForChecks = (key: SheetKey, rows: RowFacts[]) => (key === "costCodes" ? [...rows].sort((a, b) => Number(Boolean(a.get.division)) - Number(Boolean(b.get.division)) || a.row - b.row) : rows);

function duplicate(sheet: MasterfileSheet, r: RowFacts, firstRow: number): CellProblem {
  const columns = sheet.naturalKey.map((k) => sheet.columns.find((c) => c.key === k)!);
  const value = sheet.naturalKey.map((k) => r.get[k] ?? "").join(" / ");
  return { column: columns[columns.length - 1].header, value, message: `Duplicate ${columns.map((c) => c.header.toLowerCase()).join(" + ")} ${value}: already on row ${firstRow}` };
}

type ReferenceProblem = { message: string; cause?: ProblemCause };

/** The referenced row was refused: the problem follows from that refusal (found: null, it is not in the file at all). */
function refusedReference(found: ProblemCause | undefined, what: string): ReferenceProblem | null {
  if (!found) return null;
  return { message: found.row === null ? `${what} is on the ${found.sheet} sheet, which was not imported` : `${what} was refused on the ${found.sheet} sheet`, cause: found };
}

function referenceProblem(column: MasterfileColumn, value: string, r: RowFacts, org: OrgKeys, inFile: InFile, refused: Refused): ReferenceProblem | null {
  switch (column.reference!.entity) {
    case "project":
      if (inFile.projects.has(value) || org.projects.has(value)) return null;
      return refusedReference(refused.projects.get(value), `Job number ${value}`) ?? { message: `Unknown job number ${value}: it is not on the Projects sheet (without errors) or in the system` };
    case "cost_code": {
      const division = inFile.costCodes.get(value) ?? org.costCodes.get(value);
      if (division === undefined) {
        return refusedReference(refused.costCodes.get(value), `Cost code ${value}`) ?? { message: `Unknown cost code ${value}: it is not on the Cost Codes sheet (without errors) or in the system` };
      }
      return column.key === "division" && !division ? { message: `${value} is not a division (it belongs to another division itself)` } : null;
    }
    case "cost_type":
      return org.costTypes.has(value) ? null : { message: `Unknown cost type ${value}: use one of ${[...org.costTypes].sort().join(", ")}` };
    case "vendor":
      if (inFile.vendors.has(value) || org.vendorNames.has(value) || org.vendorTaxIds.has(value)) return null;
      return refusedReference(refused.vendors.get(value), `Vendor ${value}`) ?? { message: `Unknown vendor ${value}: it is not on the Vendors sheet (without errors) or in the system` };
    case "commitment": {
      const key = joinKey([r.get[column.reference!.scopedBy!], value]);
      if (inFile.commitments.has(key) || org.commitments.has(key)) return null;
      return (
        refusedReference(refused.commitments.get(key), `Commitment ${value} on job ${r.get.jobNumber}`) ?? {
          message: `Unknown commitment ${value} on job ${r.get.jobNumber}: it is not on the Commitments sheet (without errors) or in the system`,
        }
      );
    }
    default:
      return openingBillingReferenceProblem(column, value, r, org, inFile, refused, refusedReference);
  }
}

function existingRecordRules(key: SheetKey, r: RowFacts, org: OrgKeys): CellProblem | null {
  const billing = openingBillingRecordRule(key, r, org);
  if (billing) return billing;
  if (key === "budgetLines" && org.projects.get(r.get.jobNumber ?? "") === true) {
    return { column: "Job number", value: r.get.jobNumber, message: `The budget of job ${r.get.jobNumber} is locked: change it with a change order or a budget transfer` };
  }
  const number = key === "commitments" ? r.get.number : key === "commitmentLines" ? r.get.commitmentNumber : null;
  const status = number ? org.commitments.get(joinKey([r.get.jobNumber, number])) : undefined;
  if (status && status !== "draft") {
    return { column: "Commitment number", value: number, message: `Commitment ${number} on job ${r.get.jobNumber} is ${status.replace("_", " ")}: only a draft can be changed by an import` };
  }
  return null;
}

/**
 * A commitment opening goes on a line that exists (on Commitment Lines or in the system) of a
 * commitment that is not void. Unlike the lines themselves, an executed commitment may get one: that
 * is what a job under way has (ADR 0014).
 */
function commitmentOpeningRules(key: SheetKey, r: RowFacts, org: OrgKeys, inFile: InFile): CellProblem | null {
  if (key !== "commitmentOpenings") return null;
  const { jobNumber, commitmentNumber, lineNumber } = r.get;
  if (org.commitments.get(joinKey([jobNumber, commitmentNumber])) === "void")
    return { column: "Commitment number", value: commitmentNumber, message: `Commitment ${commitmentNumber} on job ${jobNumber} is void: it takes no opening` };
  const line = joinKey([jobNumber, commitmentNumber, lineNumber]);
  if (inFile.commitmentLines.has(line) || org.commitmentLines.has(line)) return null;
  return { column: "Line number", value: lineNumber, message: `Commitment ${commitmentNumber} on job ${jobNumber} has no line ${lineNumber}: it is not on the Commitment Lines sheet (without errors) or in the system` };
}

function remember(key: SheetKey, r: RowFacts, inFile: InFile) {
  if (key === "projects") inFile.projects.add(r.get.jobNumber!);
  if (key === "costCodes") inFile.costCodes.set(r.get.code!, !r.get.division);
  if (key === "vendors") {
    inFile.vendors.add(r.get.name!);
    if (r.get.taxId) inFile.vendors.add(r.get.taxId);
  }
  if (key === "commitments") inFile.commitments.add(joinKey([r.get.jobNumber, r.get.number]));
  if (key === "commitmentLines") inFile.commitmentLines.add(joinKey([r.get.jobNumber, r.get.commitmentNumber, r.get.lineNumber]));
  rememberOpeningBilling(key, r, (set, value) => inFile[set].add(value));
}

/** Keeps the keys of a refused row (those it has: a refused cell leaves its key unknown) with the first refusal of each. */
function rememberRefused(key: SheetKey, r: RowFacts, cause: ProblemCause, refused: Refused) {
  const add = (map: Map<string, ProblemCause>, value: string | null | undefined) => {
    if (value && !map.has(value)) map.set(value, cause);
  };
  if (key === "projects") add(refused.projects, r.get.jobNumber);
  if (key === "costCodes") add(refused.costCodes, r.get.code);
  if (key === "vendors") {
    add(refused.vendors, r.get.name);
    add(refused.vendors, r.get.taxId);
  }
  if (key === "commitments" && r.get.jobNumber && r.get.number) add(refused.commitments, joinKey([r.get.jobNumber, r.get.number]));
  rememberOpeningBilling(key, r, (set, value) => add(refused[set], value));
}

function existsInOrganization(key: SheetKey, naturalKey: string, r: RowFacts, org: OrgKeys): boolean {
  switch (key) {
    case "projects":
      return org.projects.has(naturalKey);
    case "costCodes":
      return org.costCodes.has(naturalKey);
    case "vendors":
      return org.vendorNames.has(r.get.name!) || Boolean(r.get.taxId && org.vendorTaxIds.has(r.get.taxId));
    case "commitments":
      return org.commitments.has(naturalKey);
    case "budgetLines":
      return org.budgetLines.has(naturalKey);
    case "commitmentLines":
      return org.commitmentLines.has(naturalKey);
    case "milestones":
      return org.milestones.has(naturalKey);
    case "leads":
      return org.leads.has(naturalKey);
    case "openingCosts":
      return org.openingCosts.has(naturalKey);
    case "commitmentOpenings":
      return org.commitmentOpenings.has(naturalKey);
    default:
      return openingBillingExists(key, naturalKey, org);
  }
}
