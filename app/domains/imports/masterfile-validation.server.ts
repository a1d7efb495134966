import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import path from "node:path";
import type { ImportSummary } from "@db/schema";
import type { OrgKeys } from "./import-lookups.server";
import { crossCheck, factColumns, isReferenced, problemDepth, type RefusedFacts, type RowFacts } from "./masterfile-references";
import { mapHeader, parseRow, presentColumns, sheetForName, type CellProblem, type HeaderMap, type RawCell } from "./masterfile-rows";
import type { MasterfileSheet, ParsedCell, SheetKey } from "./masterfile-spec";
import { orderErrorRows, orderProblems } from "./problem-order";
import type { InspectedSheet } from "./xlsx-inspection.server";
import { countSheetRows, readSheets } from "./xlsx-sheet-reader.server";

/**
 * Validates a whole masterfile in one streaming pass (sheet by sheet, row by row: the workbook is
 * never expanded in memory), then checks keys and references across sheets. Cell-valid rows go to a
 * scratch CSV per sheet as they are read (the commit's COPY format); the few values the cross-sheet
 * checks need stay in memory. A sheet without cross-sheet problems is staged as its scratch file
 * as is; otherwise the rows those checks refused are taken out. Rows in error are kept with their
 * cells so the user can download, fix and re-upload them. Problems and rows in error come out root
 * causes first (see problem-order.ts).
 */

/** Stored details are capped (root causes kept first); the counts still cover every row. */
export const MAX_STORED_PROBLEMS = 50_000;
const PROGRESS_EVERY = 2000;

export type StoredProblem = CellProblem & { sheet: string; rowNumber: number | null };
/** depth: the deepest of the row's problems (0: refused for its own cells or keys). */
export type ErrorRow = { sheet: string; rowNumber: number; cells: RawCell[]; depth: number };

export type ValidationOutcome = {
  summary: ImportSummary;
  /** Problems found (cell, row and sheet), all counted even beyond the stored ones. */
  problemCount: number;
  /** Root causes first, then the problems that follow from them (the order the page and the error workbook show). */
  problems: StoredProblem[];
  errorRows: ErrorRow[];
  /** The progress bar's unit: worksheet rows after each sheet's first (header) row, known before the first row is read. */
  progressTotal: number;
  /** Sheet key → local CSV of the rows to commit (row number first, then the spec columns). */
  staged: Map<SheetKey, string>;
};

export class MasterfileRefused extends Error {}

type SheetState = { map: HeaderMap; factIndexes: [string, number][]; facts: RowFacts[]; scratchPath: string; scratch: LineWriter; rows: number; errors: number };

export type ValidationOptions = {
  workDir: string;
  maxRowsPerSheet: number;
  /** Called with 0 and the total before any row is read, then as rows are read; the total never changes. */
  onProgress: (rowsDone: number, rowsTotal: number) => Promise<void>;
};

/** Keeps up to `cap` root items and `cap` dependent ones, so the roots found last (cross-sheet checks) are not crowded out. */
class RootsFirst<T> {
  readonly roots: T[] = [];
  readonly dependents: T[] = [];
  add(item: T, root: boolean) {
    const list = root ? this.roots : this.dependents;
    if (list.length < MAX_STORED_PROBLEMS) list.push(item);
  }
  all = () => [...this.roots, ...this.dependents];
}

export async function validateMasterfile(source: { buffer: Buffer; sheets: readonly InspectedSheet[] }, org: OrgKeys, options: ValidationOptions): Promise<ValidationOutcome> {
  const outcome: ValidationOutcome = { summary: {}, problemCount: 0, problems: [], errorRows: [], progressTotal: 0, staged: new Map() };
  const keptProblems = new RootsFirst<StoredProblem>();
  const keptRows = new RootsFirst<ErrorRow>();
  const addProblem = (p: StoredProblem) => {
    outcome.problemCount += 1;
    keptProblems.add(p, !p.cause);
  };
  const addErrorRow = (row: ErrorRow) => keptRows.add(row, row.depth === 0);
  const sheets = new Map<SheetKey, SheetState>();
  /** Rows refused before the cross-sheet checks, by sheet, for the rows that reference them. */
  const refused = new Map<SheetKey, RefusedFacts[]>();
  const keepRefused = (key: SheetKey, r: RefusedFacts) => {
    if (!isReferenced(key)) return;
    const list = refused.get(key);
    if (list) list.push(r);
    else refused.set(key, [r]);
  };

  // Only masterfile sheets are read; their rows are counted first, so the progress total is right from the start.
  const readable = source.sheets.filter((s) => sheetForName(s.name));
  const total = (await countSheetRows(source.buffer, readable)).reduce((sum, rows) => sum + Math.max(0, rows - 1), 0);
  outcome.progressTotal = total;
  await options.onProgress(0, total);
  let done = 0;
  let reported = 0;

  for await (const { name, rows } of readSheets(source.buffer, readable)) {
    const sheet = sheetForName(name)!;
    const indexes = factIndexes(sheet);
    let state: SheetState | null = null;
    let first = true;
    const skip = sheets.has(sheet.key);
    /** Set when the sheet lacks a required column: its rows are read only for the keys others reference. */
    let refusedWhole: HeaderMap | null = null;
    if (skip) addProblem({ sheet: sheet.name, rowNumber: null, column: null, value: name, message: `The workbook has two ${sheet.name} sheets; only the first one ("${sheets.get(sheet.key)!.map.sheet.name}") is read` });
    for await (const row of rows) {
      if (first) first = false;
      else if (++done - reported >= PROGRESS_EVERY) {
        reported = done;
        await options.onProgress(done, total);
      }
      if (skip) continue;
      const { cells } = row;
      if (refusedWhole) {
        const parsed = isReferenced(sheet.key) ? parseRow(refusedWhole, cells) : null;
        if (parsed && parsed.ok !== "empty") keepRefused(sheet.key, { ...facts(indexes, row.number, parsed.values), wholeSheet: true });
        continue;
      }
      if (!state) {
        const map = mapHeader(sheet, cells);
        if (map.positions.every((p) => p === null)) continue; // blank rows above the header
        if (map.missingRequired.length) {
          for (const c of map.missingRequired) addProblem({ sheet: sheet.name, rowNumber: null, column: c.header, value: null, message: `The sheet has no "${c.header}" column, which is required: the sheet was not imported` });
          refusedWhole = map;
          continue;
        }
        const scratchPath = path.join(options.workDir, `${sheet.key}.scratch.csv`);
        state = { map, factIndexes: indexes, facts: [], scratchPath, scratch: new LineWriter(scratchPath), rows: 0, errors: 0 };
        sheets.set(sheet.key, state);
        continue;
      }
      const parsed = parseRow(state.map, cells);
      if (parsed.ok === "empty") continue;
      state.rows += 1;
      if (state.rows > options.maxRowsPerSheet) {
        throw new MasterfileRefused(`The ${sheet.name} sheet has more than ${options.maxRowsPerSheet.toLocaleString("en-US")} rows; split it into several files.`);
      }
      if (parsed.ok) {
        state.facts.push(facts(state.factIndexes, row.number, parsed.values));
        await state.scratch.write(csvRow(row.number, parsed.values));
      } else {
        state.errors += 1;
        for (const p of parsed.problems) addProblem({ ...p, sheet: sheet.name, rowNumber: row.number });
        addErrorRow({ sheet: sheet.name, rowNumber: row.number, cells: parsed.raw, depth: 0 });
        keepRefused(sheet.key, { ...facts(state.factIndexes, row.number, parsed.values), wholeSheet: false });
      }
    }
    if (state) await state.scratch.close();
  }
  if (done !== reported) await options.onProgress(done, total);

  const checked = crossCheck(new Map([...sheets].map(([key, s]) => [key, s.facts])), org, refused);
  for (const [key, state] of sheets) {
    const problems = checked.problems.get(key) ?? new Map<number, CellProblem[]>();
    let stagedPath = state.scratchPath;
    if (problems.size) {
      stagedPath = path.join(options.workDir, `${key}.csv`);
      await stageSheet(state, problems, stagedPath, (rowNumber, cells, rowProblems) => {
        state.errors += 1;
        for (const p of rowProblems) addProblem({ ...p, sheet: state.map.sheet.name, rowNumber });
        addErrorRow({ sheet: state.map.sheet.name, rowNumber, cells, depth: Math.max(...rowProblems.map(problemDepth)) });
      });
    }
    outcome.staged.set(key, stagedPath);
    const counts = checked.counts.get(key) ?? { create: 0, update: 0 };
    outcome.summary[key] = { rows: state.rows, ...counts, error: state.errors, columns: presentColumns(state.map) };
  }
  if (sheets.size === 0 && outcome.problemCount === 0) {
    throw new MasterfileRefused("The workbook has none of the masterfile sheets (Projects, Cost Codes, Budget Lines, Vendors, Commitments, Commitment Lines, Schedule, Leads). Start from the template.");
  }
  outcome.problems = orderProblems(keptProblems.all()).slice(0, MAX_STORED_PROBLEMS);
  outcome.errorRows = orderErrorRows(keptRows.all()).slice(0, MAX_STORED_PROBLEMS);
  return outcome;
}

/** Where each of the sheet's fact columns sits among its spec columns. */
const factIndexes = (sheet: MasterfileSheet) => factColumns(sheet).map((key): [string, number] => [key, sheet.columns.findIndex((c) => c.key === key)]);

function facts(indexes: readonly [string, number][], rowNumber: number, values: (ParsedCell | null)[]): RowFacts {
  const get: Record<string, string | null> = {};
  for (const [key, at] of indexes) {
    const v = values[at];
    get[key] = v === null || v === undefined ? null : String(v);
  }
  return { row: rowNumber, get };
}

/** Copies the sheet's scratch rows to the staged CSV, diverting those the cross-sheet checks refused. */
async function stageSheet(state: SheetState, problems: Map<number, CellProblem[]>, stagedPath: string, onError: (row: number, cells: RawCell[], p: CellProblem[]) => void) {
  const out = new LineWriter(stagedPath);
  for await (const record of csvRecords(createReadStream(state.scratchPath, "utf8"))) {
    const rowNumber = Number(record.slice(1, record.indexOf('"', 1))); // every line starts with its quoted row number
    const rowProblems = problems.get(rowNumber);
    if (rowProblems) onError(rowNumber, typedValues(state.map.sheet, parseCsvRecord(record).slice(1)), rowProblems);
    else await out.write(record);
  }
  await out.close();
}

/** The records of a CSV written by csvLine, each with its line end (a quoted value may hold line breaks). */
async function* csvRecords(input: AsyncIterable<string>): AsyncGenerator<string> {
  let pending = "";
  let quotes = 0; // quote characters in pending up to `scanned`
  let scanned = 0;
  for await (const chunk of input) {
    pending += chunk;
    let start = 0;
    for (let i = scanned; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === 0x22) quotes += 1;
      else if (c === 0x0a && quotes % 2 === 0) {
        yield pending.slice(start, i + 1);
        start = i + 1;
        quotes = 0;
      }
    }
    pending = pending.slice(start);
    scanned = pending.length;
  }
  if (pending) yield pending.endsWith("\n") ? pending : pending + "\n";
}

/** The fields of one csvLine record: null for an empty unquoted field, else the unquoted text. */
export function parseCsvRecord(record: string): (string | null)[] {
  const fields: (string | null)[] = [];
  const line = record.endsWith("\n") ? record.slice(0, -1) : record;
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 0x22) {
      let value = "";
      let j = i + 1;
      for (;;) {
        const q = line.indexOf('"', j);
        if (q === -1) throw new Error("unterminated quoted field in a staged row");
        value += line.slice(j, q);
        if (line.charCodeAt(q + 1) === 0x22) {
          value += '"';
          j = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const comma = line.indexOf(",", i);
      const raw = comma === -1 ? line.slice(i) : line.slice(i, comma);
      fields.push(raw === "" ? null : raw);
      i = comma === -1 ? line.length : comma;
    }
    if (i >= line.length) return fields;
    i += 1; // the comma
  }
}

/** Staged text back to parsed cells: integers are numbers, booleans booleans, the rest text. */
function typedValues(sheet: MasterfileSheet, fields: readonly (string | null)[]): RawCell[] {
  return sheet.columns.map((column, i) => {
    const v = fields[i] ?? null;
    if (v === null) return null;
    if (column.type === "integer") return Number(v);
    if (column.type === "boolean") return v === "true";
    return v;
  });
}

/** PostgreSQL CSV: null is an empty unquoted field, every other value is quoted. */
export function csvLine(values: readonly (ParsedCell | null)[]): string {
  return values.map((v) => (v === null ? "" : `"${String(v).replace(/"/g, '""')}"`)).join(",") + "\n";
}

/** csvLine of the row number then the values, without the intermediate arrays. */
function csvRow(rowNumber: number, values: readonly (ParsedCell | null)[]): string {
  let line = `"${rowNumber}"`;
  for (const v of values) {
    if (v === null) line += ",";
    else {
      const text = String(v);
      line += text.includes('"') ? `,"${text.replace(/"/g, '""')}"` : `,"${text}"`;
    }
  }
  return line + "\n";
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
