import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COST_TYPE_TEMPLATE } from "~/domains/cost-codes/template.server";
import { parseCell } from "./cell-parsers";
import { GENERATED_SHEETS, writeMasterfile, type MasterfileSummary } from "./masterfile-generator.server";
import { MASTERFILE_SHEETS, masterfileSheet, type ParsedCell, type SheetKey } from "./masterfile-spec";

type SheetData = { name: string; header: unknown[]; rows: unknown[][] };
type Problem = { sheet: SheetKey; row: number; message: string };
type ParsedRow = Record<string, ParsedCell | null>;

const specWidth = (name: string) => MASTERFILE_SHEETS.find((s) => s.name === name)?.columns.length ?? 0;
const cellsOf = (row: ExcelJS.Row, width: number) => Array.from({ length: width + 1 }, (_, i) => row.getCell(i + 1).value);

/**
 * Reads every sheet back the way the importer will: exceljs's streaming reader (dates as Date thanks to styles: "cache").
 * exceljs 4.4's streaming reader can drop the zip entries stored after the worksheets (exceljs#3064); exceljs writes
 * workbook.xml last, so on small files sheets come back as "Sheet1"… and date cells crash. It held on every file of
 * 1,500+ rows tried here until the opening sheets (small, last) were added; a file it fails on, and small files, are read
 * with the in-memory reader instead (readBackSmall).
 */
async function readBack(path: string): Promise<SheetData[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: "cache", styles: "cache", hyperlinks: "ignore", worksheets: "emit", entries: "emit" });
  const sheets: SheetData[] = [];
  for await (const worksheet of reader) {
    const { name } = worksheet as unknown as { name: string };
    if (!specWidth(name)) return readBackSmall(path); // the streaming reader lost the workbook's sheet names (exceljs#3064)
    const rows: unknown[][] = [];
    for await (const row of worksheet) rows.push(cellsOf(row as ExcelJS.Row, specWidth(name)));
    sheets.push({ name, header: rows[0] ?? [], rows: rows.slice(1) });
  }
  return sheets;
}

async function readBackSmall(path: string): Promise<SheetData[]> {
  const workbook = await new ExcelJS.Workbook().xlsx.readFile(path);
  return workbook.worksheets.map((sheet) => {
    const rows = sheet.getRows(1, sheet.rowCount)!.map((row) => cellsOf(row, specWidth(sheet.name)));
    return { name: sheet.name, header: rows[0], rows: rows.slice(1) };
  });
}

const sheetOf = (data: SheetData[], key: SheetKey) => data.find((s) => s.name === masterfileSheet(key).name)!;
const keyOf = (row: ParsedRow, columns: readonly string[]) => columns.map((c) => String(row[c] ?? "").toLowerCase()).join("\u0000");
const COST_TYPES = new Set(COST_TYPE_TEMPLATE.map(([code]) => code));

/**
 * Every problem the importer would report, one entry per row at most: a cell the parser refuses, a natural
 * key seen on an earlier row, a reference to nothing on its sheet, a cost type the organization lacks.
 */
function audit(data: SheetData[]): Problem[] {
  const parsed = new Map<SheetKey, (ParsedRow | null)[]>();
  const problems: Problem[] = [];
  const flagged = new Set<string>();
  const flag = (sheet: SheetKey, row: number, message: string) => {
    if (flagged.has(`${sheet}:${row}`)) return;
    flagged.add(`${sheet}:${row}`);
    problems.push({ sheet, row, message });
  };
  for (const spec of GENERATED_SHEETS) {
    const rows = sheetOf(data, spec.key).rows.map((cells, r) => {
      const row: ParsedRow = {};
      spec.columns.forEach((column, i) => {
        const result = parseCell(column, cells[i]);
        if (result.ok) row[column.key] = result.value;
        else {
          row[column.key] = null;
          flag(spec.key, r, `${column.header}: ${result.message}`);
        }
      });
      return row;
    });
    parsed.set(spec.key, rows);
    for (const keyColumns of [spec.naturalKey, spec.alternateKey ?? []].filter((k) => k.length > 0)) {
      const seen = new Set<string>();
      rows.forEach((row, r) => {
        if (!row || keyColumns.some((c) => row[c] === null || row[c] === "")) return;
        const key = keyOf(row, keyColumns);
        if (seen.has(key)) flag(spec.key, r, `duplicate ${keyColumns.join("+")}`);
        seen.add(key);
      });
    }
  }
  const keys = (key: SheetKey, columns: string[]) => new Set(parsed.get(key)!.map((row) => keyOf(row!, columns)));
  const targets = {
    project: keys("projects", ["jobNumber"]),
    cost_code: keys("costCodes", ["code"]),
    vendor: keys("vendors", ["name"]),
    commitment: keys("commitments", ["jobNumber", "number"]),
  };
  for (const spec of GENERATED_SHEETS) {
    parsed.get(spec.key)!.forEach((row, r) => {
      for (const column of spec.columns) {
        const value = row![column.key];
        if (!column.reference || value === null) continue;
        const { entity, scopedBy } = column.reference;
        const found =
          entity === "cost_type" ? COST_TYPES.has(String(value))
          : entity === "commitment" ? targets.commitment.has(keyOf({ jobNumber: row![scopedBy!], number: value }, ["jobNumber", "number"]))
          : (targets as Record<string, Set<string>>)[entity].has(String(value).toLowerCase());
        if (!found) flag(spec.key, r, `${column.header}: ${String(value)} is not on its sheet`);
      }
    });
  }
  parsed.get("projects")!.forEach((p, r) => {
    if (p!.startDate && p!.endDate && String(p!.endDate) < String(p!.startDate)) flag("projects", r, "ends before it starts");
  });
  return problems;
}

const cellText = (value: unknown) => (value instanceof Date ? `D${value.toISOString()}` : JSON.stringify(value ?? null));
const rowText = (row: unknown[]) => row.map(cellText).join("\t");
const contentHash = (data: SheetData[]) => {
  const hash = createHash("sha256");
  for (const sheet of data) for (const row of [sheet.header, ...sheet.rows]) hash.update(`${sheet.name}\t${rowText(row)}\n`);
  return hash.digest("hex");
};

describe("masterfile generator", () => {
  const ROWS = 4000;
  let dir: string;
  let summary: MasterfileSummary;
  let data: SheetData[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "masterfile-generator-"));
    summary = await writeMasterfile({ path: join(dir, "clean.xlsx"), rows: ROWS, seed: 7 });
    data = await readBack(summary.path);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes every sheet of the spec, in order, with the spec's headers", () => {
    expect(data.map((s) => s.name)).toEqual(GENERATED_SHEETS.map((s) => s.name));
    for (const spec of GENERATED_SHEETS) expect(sheetOf(data, spec.key).header).toEqual([...spec.columns.map((c) => c.header), null]);
  });

  it("writes the row counts it reports, about `rows` in all, mostly budget and commitment lines", () => {
    for (const spec of GENERATED_SHEETS) expect(sheetOf(data, spec.key).rows.length, spec.name).toBe(summary.sheets[spec.key]);
    expect(summary.totalRows).toBe(Object.values(summary.sheets).reduce((a, b) => a + b, 0));
    expect(Math.abs(summary.totalRows - ROWS) / ROWS).toBeLessThan(0.03);
    expect((summary.sheets.budgetLines + summary.sheets.commitmentLines) / ROWS).toBeGreaterThan(0.85);
    expect(summary.sheets).toMatchObject({ projects: 2, vendors: 10, commitments: 40, milestones: 16, leads: 8 });
    expect(summary.errorRows).toBe(0);
  });

  it("writes only values the importer accepts: cells parse, keys are unique, references resolve", () => {
    expect(audit(data)).toEqual([]);
    const jobs = sheetOf(data, "projects").rows.map((r) => r[0]);
    expect(jobs).toEqual(["IMP-0001", "IMP-0002"]);
    const codes = sheetOf(data, "costCodes").rows;
    expect(codes.filter((r) => r[2] === null).map((r) => r[0])).toHaveLength(23);
    expect(codes.every((r) => r[2] === null || String(r[0]).startsWith(`${String(r[2])}-`))).toBe(true);
    const costTypes = new Set([...sheetOf(data, "budgetLines").rows, ...sheetOf(data, "commitmentLines").rows].map((r) => r[r.length === 8 ? 4 : 2]));
    expect([...costTypes].sort()).toEqual(["E", "L", "M", "O", "S"]);
  });

  it("types values as a user would: mostly real numbers and dates, some text forms", () => {
    const amounts = sheetOf(data, "budgetLines").rows.map((r) => r[4]);
    expect(amounts.filter((v) => typeof v === "number").length / amounts.length).toBeGreaterThan(0.75);
    expect(amounts.some((v) => typeof v === "string" && /^\$[\d,]+\.\d\d$/.test(v))).toBe(true);
    expect(amounts.some((v) => typeof v === "number" && !Number.isInteger(v))).toBe(true); // cents
    const planned = sheetOf(data, "milestones").rows.map((r) => r[2]);
    expect(planned.filter((v) => v instanceof Date).length).toBeGreaterThan(planned.length / 2);
    expect(planned.every((v) => !(v instanceof Date) || v.getTime() % 86_400_000 === 0)).toBe(true); // UTC midnight
    const percents = [...sheetOf(data, "commitments").rows.map((r) => r[5]), ...sheetOf(data, "leads").rows.map((r) => r[5])];
    expect(percents.some((v) => typeof v === "number")).toBe(true);
    expect(percents.some((v) => typeof v === "string" && v.endsWith("%"))).toBe(true);
    expect(sheetOf(data, "projects").rows.every((r) => ["Bidding", "Active", "On hold", "Closed"].includes(String(r[4])))).toBe(true);
  });

  it("writes the same contents for the same seed, other contents for another seed", async () => {
    const again = await writeMasterfile({ path: join(dir, "again.xlsx"), rows: ROWS, seed: 7 });
    const other = await writeMasterfile({ path: join(dir, "other.xlsx"), rows: ROWS, seed: 8 });
    expect(again.sheets).toEqual(summary.sheets);
    expect(contentHash(await readBack(again.path))).toBe(contentHash(data));
    expect(contentHash(await readBack(other.path))).not.toBe(contentHash(data));
  });

  it("injects exactly the requested invalid rows, of varied kinds, leaving the rest as without errors", async () => {
    const withErrors = await writeMasterfile({ path: join(dir, "errors.xlsx"), rows: ROWS, seed: 7, errors: 6 });
    expect(withErrors).toMatchObject({ errorRows: 6, sheets: summary.sheets });
    const broken = await readBack(withErrors.path);
    const problems = audit(broken);
    expect(problems).toHaveLength(6);
    const messages = problems.map((p) => p.message).join("\n");
    expect(messages).toMatch(/Original amount: Enter an amount/);
    expect(messages).toMatch(/Planned date: ".*" is not a real date/);
    expect(messages).toMatch(/Vendor: .* is not on its sheet/);
    expect(messages).toMatch(/duplicate jobNumber\+costCode\+costType/);
    expect(messages).toMatch(/Cost code: Required/);
    expect(messages).toMatch(/Status: Choose one of/);
    const changed = GENERATED_SHEETS.flatMap((spec) => {
      const clean = sheetOf(data, spec.key).rows;
      return sheetOf(broken, spec.key).rows.flatMap((row, r) => (rowText(row) === rowText(clean[r]) ? [] : [`${spec.key}:${r}`]));
    });
    expect(changed.sort()).toEqual(problems.map((p) => `${p.sheet}:${p.row}`).sort());
  });

  it("spreads many errors over the sheets and stays exact", async () => {
    const result = await writeMasterfile({ path: join(dir, "many-errors.xlsx"), rows: 3000, seed: 3, errors: 40 });
    const problems = audit(await readBack(result.path));
    expect(problems).toHaveLength(40);
    expect(new Set(problems.map((p) => p.sheet)).size).toBe(5);
  });

  it("handles tiny files and other job prefixes, and refuses impossible requests", async () => {
    const tiny = await writeMasterfile({ path: join(dir, "tiny.xlsx"), rows: 10, seed: 1, jobPrefix: "2026" });
    const tinyData = await readBackSmall(tiny.path);
    expect(audit(tinyData)).toEqual([]);
    expect(GENERATED_SHEETS.every((s) => tiny.sheets[s.key] >= 1)).toBe(true);
    expect(sheetOf(tinyData, "projects").rows[0][0]).toBe("2026-0001");
    await expect(writeMasterfile({ path: join(dir, "bad.xlsx"), rows: 10, jobPrefix: "#1" })).rejects.toThrow(/Job prefix "#1"/);
    await expect(writeMasterfile({ path: join(dir, "bad.xlsx"), rows: 10, errors: 10_000 })).rejects.toThrow(/Cannot inject 10000 errors/);
  });
});
