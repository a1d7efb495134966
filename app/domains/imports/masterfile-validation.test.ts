import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrgKeys } from "./import-lookups.server";
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
});

let workDir: string;
beforeAll(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), "secg-validation-test-"));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function validate(sheets: Record<string, unknown[][]>) {
  const buffer = await workbookBuffer(sheets);
  const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
  if (!inspection.ok) throw new Error(inspection.message);
  return validateMasterfile({ buffer, sheets: inspection.sheets }, noKeys(), { workDir, maxRowsPerSheet: 1000, onProgress: async () => {} });
}

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
    expect(outcome.errorRows).toEqual([{ sheet: "Vendors", rowNumber: 4, cells: ["Twice Vendor", 'Second\n"quoted"', null, null, null, "2026-01-31", true, false] }]);
    const staged = await readFile(outcome.staged.get("vendors")!, "utf8");
    expect(staged).toBe('"2","Quote ""Q"" Supply","Line one\nline two",,,,,"true","false"\n"3","Twice Vendor","First",,,,,"false","false"\n');
  });

  it("stages a sheet without cross-sheet problems as written", async () => {
    const outcome = await validate({ Leads: [headerOf("leads"), ["Northside school", "District 9", "Bid board", "Proposal", "2,450,000", "40%", "6/30/2026"]] });
    expect(await readFile(outcome.staged.get("leads")!, "utf8")).toBe('"2","Northside school","District 9","bid_board","proposal","2450000.00","0.400000","2026-06-30"\n');
  });
});

describe("parseCsvRecord", () => {
  it("reads back what the staging wrote: null, empty text, doubled quotes, commas and line breaks", () => {
    expect(parseCsvRecord('"1",,"","a,b","say ""hi""","x\ny"\n')).toEqual(["1", null, "", "a,b", 'say "hi"', "x\ny"]);
    expect(parseCsvRecord('"7",\n')).toEqual(["7", null]);
  });
});
