import type { OrgKeys } from "./import-lookups.server";
import { joinKey, KEY_SEPARATOR } from "./import-lookups.server";
import { masterfileSheet, type MasterfileColumn, type MasterfileSheet, type SheetKey } from "./masterfile-spec";
import type { CellProblem } from "./masterfile-rows";

/**
 * The checks that span rows and sheets, run once the whole file has been read: duplicate natural
 * keys inside a sheet, references by natural key (to a valid row of the file or a record of the
 * organization), the rules that need existing records (locked budgets, executed commitments), and
 * whether each valid row creates or updates.
 */

/** The few values of a cell-valid row these checks need, by column key. */
export type RowFacts = { row: number; get: Record<string, string | null> };

export type CrossCheck = {
  problems: Map<SheetKey, Map<number, CellProblem[]>>;
  counts: Map<SheetKey, { create: number; update: number }>;
};

/** Dependency order: a sheet's references point at sheets checked before it. */
const ORDER: SheetKey[] = ["projects", "costCodes", "vendors", "commitments", "budgetLines", "commitmentLines", "milestones", "leads"];

/** The columns whose values RowFacts must carry for a sheet. */
export function factColumns(sheet: MasterfileSheet): string[] {
  const keys = new Set<string>([...sheet.naturalKey, ...(sheet.alternateKey ?? [])]);
  for (const c of sheet.columns) if (c.reference) keys.add(c.key);
  return [...keys];
}

type InFile = { projects: Set<string>; costCodes: Map<string, boolean>; vendors: Set<string>; commitments: Set<string> };

export function crossCheck(sheets: ReadonlyMap<SheetKey, RowFacts[]>, org: OrgKeys): CrossCheck {
  const inFile: InFile = { projects: new Set(), costCodes: new Map(), vendors: new Set(), commitments: new Set() };
  const result: CrossCheck = { problems: new Map(), counts: new Map() };
  for (const key of ORDER) {
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
          const message = referenceProblem(column, value, r, org, inFile);
          if (message) found.push({ column: column.header, value, message });
        }
      }
      const recordProblem = existingRecordRules(key, r, org);
      if (recordProblem) found.push(recordProblem);
      if (found.length) {
        problems.set(r.row, found);
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

function referenceProblem(column: MasterfileColumn, value: string, r: RowFacts, org: OrgKeys, inFile: InFile): string | null {
  switch (column.reference!.entity) {
    case "project":
      return inFile.projects.has(value) || org.projects.has(value) ? null : `Unknown job number ${value}: it is not on the Projects sheet (without errors) or in the system`;
    case "cost_code": {
      const division = inFile.costCodes.get(value) ?? org.costCodes.get(value);
      if (division === undefined) return `Unknown cost code ${value}: it is not on the Cost Codes sheet (without errors) or in the system`;
      return column.key === "division" && !division ? `${value} is not a division (it belongs to another division itself)` : null;
    }
    case "cost_type":
      return org.costTypes.has(value) ? null : `Unknown cost type ${value}: use one of ${[...org.costTypes].sort().join(", ")}`;
    case "vendor":
      return inFile.vendors.has(value) || org.vendorNames.has(value) || org.vendorTaxIds.has(value)
        ? null
        : `Unknown vendor ${value}: it is not on the Vendors sheet (without errors) or in the system`;
    case "commitment": {
      const key = joinKey([r.get[column.reference!.scopedBy!], value]);
      return inFile.commitments.has(key) || org.commitments.has(key) ? null : `Unknown commitment ${value} on job ${r.get.jobNumber}: it is not on the Commitments sheet (without errors) or in the system`;
    }
  }
}

function existingRecordRules(key: SheetKey, r: RowFacts, org: OrgKeys): CellProblem | null {
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

function remember(key: SheetKey, r: RowFacts, inFile: InFile) {
  if (key === "projects") inFile.projects.add(r.get.jobNumber!);
  if (key === "costCodes") inFile.costCodes.set(r.get.code!, !r.get.division);
  if (key === "vendors") {
    inFile.vendors.add(r.get.name!);
    if (r.get.taxId) inFile.vendors.add(r.get.taxId);
  }
  if (key === "commitments") inFile.commitments.add(joinKey([r.get.jobNumber, r.get.number]));
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
  }
}
