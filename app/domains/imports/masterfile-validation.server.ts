import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import { createInterface } from "node:readline";
import type { ImportSummary } from "@db/schema";
import type { OrgKeys } from "./import-lookups.server";
import { crossCheck, factColumns, type RowFacts } from "./masterfile-references";
import { mapHeader, parseRow, presentColumns, sheetForName, type CellProblem, type HeaderMap, type RawCell } from "./masterfile-rows";
import type { ParsedCell, SheetKey } from "./masterfile-spec";
import type { InspectedSheet } from "./xlsx-inspection.server";
import { readSheets } from "./xlsx-sheet-reader.server";

/**
 * Validates a whole masterfile in one streaming pass (sheet by sheet, row by row: the workbook is
 * never expanded in memory), then checks keys and references across sheets. Rows that pass everything
 * are written per sheet as CSV for the commit's COPY; rows in error are kept with their cells so
 * the user can download, fix and re-upload them.
 */

/** Stored details are capped; the counts still cover every row. */
export const MAX_STORED_PROBLEMS = 50_000;

export type StoredProblem = CellProblem & { sheet: string; rowNumber: number | null };
export type ErrorRow = { sheet: string; rowNumber: number; cells: RawCell[] };

export type ValidationOutcome = {
  summary: ImportSummary;
  /** Problems found (cell, row and sheet), all counted even beyond the stored ones. */
  problemCount: number;
  problems: StoredProblem[];
  errorRows: ErrorRow[];
  /** Sheet key → local CSV of the rows to commit (row number first, then the spec columns). */
  staged: Map<SheetKey, string>;
};

export class MasterfileRefused extends Error {}

type SheetState = { map: HeaderMap; facts: RowFacts[]; scratchPath: string; scratch: LineWriter; rows: number; errors: number };

export type ValidationOptions = {
  workDir: string;
  maxRowsPerSheet: number;
  onProgress: (rowsRead: number) => Promise<void>;
};

export async function validateMasterfile(source: { buffer: Buffer; sheets: readonly InspectedSheet[] }, org: OrgKeys, options: ValidationOptions): Promise<ValidationOutcome> {
  const outcome: ValidationOutcome = { summary: {}, problemCount: 0, problems: [], errorRows: [], staged: new Map() };
  const addProblem = (p: StoredProblem) => {
    outcome.problemCount += 1;
    if (outcome.problems.length < MAX_STORED_PROBLEMS) outcome.problems.push(p);
  };
  const addErrorRow = (row: ErrorRow) => {
    if (outcome.errorRows.length < MAX_STORED_PROBLEMS) outcome.errorRows.push(row);
  };
  const sheets = new Map<SheetKey, SheetState>();
  let rowsRead = 0;
  let reported = 0;

  for await (const { name, rows } of readSheets(source.buffer, source.sheets)) {
    const sheet = sheetForName(name);
    let state: SheetState | null = null;
    let skip = !sheet || sheets.has(sheet.key);
    if (sheet && sheets.has(sheet.key)) addProblem({ sheet: sheet.name, rowNumber: null, column: null, value: name, message: `The workbook has two ${sheet.name} sheets; only the first one ("${sheets.get(sheet.key)!.map.sheet.name}") is read` });
    for await (const row of rows) {
      if (skip) continue;
      const cells = (row.values as unknown[]).slice(1);
      if (!state) {
        const map = mapHeader(sheet!, cells);
        if (map.positions.every((p) => p === null)) continue; // blank rows above the header
        if (map.missingRequired.length) {
          for (const c of map.missingRequired) addProblem({ sheet: sheet!.name, rowNumber: null, column: c.header, value: null, message: `The sheet has no "${c.header}" column, which is required: the sheet was not imported` });
          skip = true;
          continue;
        }
        const scratchPath = path.join(options.workDir, `${sheet!.key}.ndjson`);
        state = { map, facts: [], scratchPath, scratch: new LineWriter(scratchPath), rows: 0, errors: 0 };
        sheets.set(sheet!.key, state);
        continue;
      }
      const parsed = parseRow(state.map, cells);
      if (parsed.ok === "empty") continue;
      state.rows += 1;
      rowsRead += 1;
      if (state.rows > options.maxRowsPerSheet) {
        throw new MasterfileRefused(`The ${sheet!.name} sheet has more than ${options.maxRowsPerSheet.toLocaleString("en-US")} rows; split it into several files.`);
      }
      if (parsed.ok) {
        state.facts.push(facts(state.map, row.number, parsed.values));
        await state.scratch.write(JSON.stringify([row.number, ...parsed.values]) + "\n");
      } else {
        state.errors += 1;
        for (const p of parsed.problems) addProblem({ ...p, sheet: sheet!.name, rowNumber: row.number });
        addErrorRow({ sheet: sheet!.name, rowNumber: row.number, cells: parsed.raw });
      }
      if (rowsRead - reported >= 2000) {
        reported = rowsRead;
        await options.onProgress(rowsRead);
      }
    }
    if (state) await state.scratch.close();
  }
  await options.onProgress(rowsRead);

  const checked = crossCheck(new Map([...sheets].map(([key, s]) => [key, s.facts])), org);
  for (const [key, state] of sheets) {
    const problems = checked.problems.get(key) ?? new Map<number, CellProblem[]>();
    const stagedPath = path.join(options.workDir, `${key}.csv`);
    await stageSheet(state, problems, stagedPath, (rowNumber, cells, rowProblems) => {
      state.errors += 1;
      for (const p of rowProblems) addProblem({ ...p, sheet: state.map.sheet.name, rowNumber });
      addErrorRow({ sheet: state.map.sheet.name, rowNumber, cells });
    });
    outcome.staged.set(key, stagedPath);
    const counts = checked.counts.get(key) ?? { create: 0, update: 0 };
    outcome.summary[key] = { rows: state.rows, ...counts, error: state.errors, columns: presentColumns(state.map) };
  }
  if (sheets.size === 0 && outcome.problemCount === 0) {
    throw new MasterfileRefused("The workbook has none of the masterfile sheets (Projects, Cost Codes, Budget Lines, Vendors, Commitments, Commitment Lines, Schedule, Leads). Start from the template.");
  }
  return outcome;
}

function facts(map: HeaderMap, rowNumber: number, values: (ParsedCell | null)[]): RowFacts {
  const get: Record<string, string | null> = {};
  for (const key of factColumns(map.sheet)) {
    const v = values[map.sheet.columns.findIndex((c) => c.key === key)];
    get[key] = v === null || v === undefined ? null : String(v);
  }
  return { row: rowNumber, get };
}

/** Copies the sheet's cell-valid rows to the staged CSV, diverting those the cross-sheet checks refused. */
async function stageSheet(state: SheetState, problems: Map<number, CellProblem[]>, stagedPath: string, onError: (row: number, cells: RawCell[], p: CellProblem[]) => void) {
  const out = new LineWriter(stagedPath);
  const lines = createInterface({ input: createReadStream(state.scratchPath), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    const [rowNumber, ...values] = JSON.parse(line) as [number, ...(ParsedCell | null)[]];
    const rowProblems = problems.get(rowNumber);
    if (rowProblems) onError(rowNumber, values, rowProblems);
    else await out.write(csvLine([rowNumber, ...values]));
  }
  await out.close();
}

/** PostgreSQL CSV: null is an empty unquoted field, every other value is quoted. */
export function csvLine(values: readonly (ParsedCell | null)[]): string {
  return values.map((v) => (v === null ? "" : `"${String(v).replace(/"/g, '""')}"`)).join(",") + "\n";
}

/** Lines to a file in 64 KB writes: one write per row costs a system call per row. */
class LineWriter {
  private readonly stream: WriteStream;
  private pending: string[] = [];
  private size = 0;

  constructor(file: string) {
    this.stream = createWriteStream(file);
  }

  async write(line: string) {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= 64 * 1024) await this.flush();
  }

  private async flush() {
    const chunk = this.pending.join("");
    this.pending = [];
    this.size = 0;
    if (chunk && !this.stream.write(chunk)) await once(this.stream, "drain");
  }

  async close() {
    await this.flush();
    this.stream.end();
    await once(this.stream, "finish");
  }
}
