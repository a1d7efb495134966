import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgKeys } from "./import-lookups.server";
import { writeMasterfile } from "./masterfile-generator.server";
import { MASTERFILE_SHEETS } from "./masterfile-spec";
import { parseCsvRecord, validateMasterfile } from "./masterfile-validation.server";
import { headerOf, workbookBuffer } from "./test-imports";
import { DEFAULT_LIMITS } from "./upload-limits";
import { inspectXlsx } from "./xlsx-inspection.server";

const noKeys = (): OrgKeys => ({
  projects: new Map(),
  costCodes: new Map(),
  costTypes: new Set(["L", "M", "S"]),
  vendorNames: new Set(),
  vendorTaxIds: new Set(),
  commitments: new Map(),
  budgetLines: new Set(),
  commitmentLines: new Set(),
  milestones: new Set(),
  leads: new Set(),
  contracts: new Map(),
  sovLines: new Set(),
  openingCosts: new Set(),
  commitmentOpenings: new Set(),
});

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "secg-validation-test-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function validateBuffer(buffer: Buffer, onProgress = async (_done: number, _total: number) => {}) {
  const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
  if (!inspection.ok) throw new Error(inspection.message);
  return validateMasterfile({ buffer, sheets: inspection.sheets }, noKeys(), { workDir, maxRowsPerSheet: 10_000, onProgress });
}

const validate = async (sheets: Record<string, unknown[][]>) => validateBuffer(await workbookBuffer(sheets));

describe("staging the rows that pass", () => {
  it("takes out the rows the cross-sheet checks refuse and keeps their parsed cells, line breaks and quotes included", async () => {
    const outcome = await validate({
      Vendors: [
        headerOf("vendors"),
        ["Quote \"Q\" Supply", "Line one\nline two", "", "", "", "", "Yes", ""],
        ["Twice Vendor", "First", "", "", "", "", "No", ""],
        ["Twice Vendor", 'Second\n"quoted"', "", "", "", "2026-01-31", "Yes", "No"],
      ],
    });
    expect(outcome.summary.vendors).toMatchObject({ rows: 3, create: 2, update: 0, error: 1 });
    expect(outcome.problems).toEqual([expect.objectContaining({ sheet: "Vendors", rowNumber: 4, message: expect.stringContaining("already on row 3") })]);
    // the refused row keeps its parsed values, typed as before staging (booleans stay booleans)
    expect(outcome.errorRows).toEqual([{ sheet: "Vendors", rowNumber: 4, cells: ["Twice Vendor", 'Second\n"quoted"', null, null, null, "2026-01-31", true, false], depth: 0 }]);
    const staged = await readFile(outcome.staged.get("vendors")!, "utf8");
    expect(staged).toBe('"2","Quote ""Q"" Supply","Line one\nline two",,,,,"true","false"\n"3","Twice Vendor","First",,,,,"false","false"\n');
  });

  it("stages a sheet without cross-sheet problems as written", async () => {
    const outcome = await validate({ Leads: [headerOf("leads"), ["Northside school", "District 9", "Bid board", "Proposal", "2,450,000", "40%", "6/30/2026"]] });
    expect(await readFile(outcome.staged.get("leads")!, "utf8")).toBe('"2","Northside school","District 9","bid_board","proposal","2450000.00","0.400000","2026-06-30"\n');
  });
});

describe("root causes first", () => {
  const codes = (): unknown[][] => [headerOf("costCodes"), ["03", "Concrete", ""], ["03-3000", "Cast-in-place", "03"]];

  it("a reference to a refused row names that row as its cause, through a chain, and comes after the causes", async () => {
    const outcome = await validate({
      "Commitment Lines": [headerOf("commitmentLines"), ["P-2", "SC-1", 1, "03-3000", "L", "", 10]],
      Commitments: [headerOf("commitments"), ["P-2", "SC-1", "V One", "Subcontract", "Work"], ["P-1", "SC-2", "Nobody Inc", "Subcontract", "Work"]],
      Vendors: [headerOf("vendors"), ["V One"]],
      "Cost Codes": codes(),
      Projects: [headerOf("projects"), ["P-1", "Good"], ["P-2", "Bad status", "", "", "Paused"]],
    });
    const seen = outcome.problems.map((p) => [p.sheet, p.rowNumber, p.column, p.message.replace(/: .*/, ""), p.cause ?? null]);
    expect(seen).toEqual([
      ["Projects", 3, "Status", "Choose one of", null],
      ["Commitments", 3, "Vendor", "Unknown vendor Nobody Inc", null],
      ["Commitments", 2, "Job number", "Job number P-2 was refused on the Projects sheet", { sheet: "Projects", row: 3, depth: 0 }],
      ["Commitment Lines", 2, "Job number", "Job number P-2 was refused on the Projects sheet", { sheet: "Projects", row: 3, depth: 0 }],
      ["Commitment Lines", 2, "Commitment number", "Commitment SC-1 on job P-2 was refused on the Commitments sheet", { sheet: "Commitments", row: 2, depth: 1 }],
    ]);
    // the error workbook's order: a sheet stays together; sheets with a root cause first, then by depth and row
    expect(outcome.errorRows.map((r) => [r.sheet, r.rowNumber, r.depth])).toEqual([
      ["Projects", 3, 0],
      ["Commitments", 3, 0],
      ["Commitments", 2, 1],
      ["Commitment Lines", 2, 2],
    ]);
  });

  it("a sheet refused whole (no required column) is the cause of the rows naming its keys", async () => {
    const outcome = await validate({
      Projects: [["Job number", "Client"], ["W-1", "Someone"]],
      "Cost Codes": codes(),
      "Budget Lines": [headerOf("budgetLines"), ["W-1", "03-3000", "L", "", 5], ["W-9", "03-3000", "L", "", 5]],
    });
    expect(outcome.problems.map((p) => [p.sheet, p.rowNumber, p.message, p.cause ?? null])).toEqual([
      ["Projects", null, 'The sheet has no "Name" column, which is required: the sheet was not imported', null],
      ["Budget Lines", 3, "Unknown job number W-9: it is not on the Projects sheet (without errors) or in the system", null],
      ["Budget Lines", 2, "Job number W-1 is on the Projects sheet, which was not imported", { sheet: "Projects", row: null, depth: 0 }],
    ]);
  });
});

describe("progress", () => {
  it("knows the total before the first row, and ends at it: a generated file (no sheet dimensions to trust) of several thousand rows", async () => {
    const file = await writeMasterfile({ path: path.join(workDir, "progress.xlsx"), rows: 5000, seed: 11 });
    const buffer = await readFile(file.path);
    const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
    // a streamed workbook declares no dimension (the generator leaves out the opening billing sheets)
    expect(inspection.ok && inspection.sheets.length).toBeGreaterThanOrEqual(MASTERFILE_SHEETS.length - 4);
    expect(inspection.ok && inspection.sheets.map((s) => s.rowsEstimate)).toEqual(inspection.ok ? inspection.sheets.map(() => undefined) : []);
    const calls: [number, number][] = [];
    const outcome = await validateBuffer(buffer, async (done, total) => {
      calls.push([done, total]);
    });
    const dataRows = Object.values(outcome.summary).reduce((n, s) => n + s.rows, 0);
    expect(dataRows).toBe(file.totalRows);
    expect(calls[0]).toEqual([0, file.totalRows]);
    expect(calls.every(([, total]) => total === file.totalRows)).toBe(true);
    expect(calls.map(([done]) => done)).toEqual([0, 2000, 4000, file.totalRows]);
    expect(outcome.progressTotal).toBe(file.totalRows);
  });
});

describe("parseCsvRecord", () => {
  it("reads back what the staging wrote: null, empty text, doubled quotes, commas and line breaks", () => {
    expect(parseCsvRecord('"1",,"","a,b","say ""hi""","x\ny"\n')).toEqual(["1", null, "", "a,b", 'say "hi"', "x\ny"]);
    expect(parseCsvRecord('"7",\n')).toEqual(["7", null]);
  });
});
