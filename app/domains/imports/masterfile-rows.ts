import { dec } from "~/utils/money";
import { normalizeCell, parseCell } from "./cell-parsers";
import { MASTERFILE_SHEETS, type MasterfileColumn, type MasterfileSheet, type ParsedCell } from "./masterfile-spec";

/**
 * One worksheet row of an uploaded masterfile → parsed values or cell errors. Pure: the streaming
 * job feeds it exceljs values; tests feed it arrays.
 */

export type CellProblem = { column: string | null; value: string | null; message: string; cause?: ProblemCause };
/**
 * Where a problem comes from when it exists only because a row it references was refused (row null:
 * the whole sheet was). `depth` counts the refusals behind it: 0 for a row refused on its own.
 */
export type ProblemCause = { sheet: string; row: number | null; depth: number };
/** What a row in error looked like, kept so the user can download, fix and re-upload it. */
export type RawCell = string | number | boolean | null;

const loose = (s: string) => s.toLowerCase().replace(/[\s_]+/g, " ").trim();

/** The masterfile sheet a worksheet name stands for (case and spacing ignored). */
export function sheetForName(name: string): MasterfileSheet | null {
  const key = loose(name);
  return MASTERFILE_SHEETS.find((s) => loose(s.name) === key) ?? null;
}

/** Where each spec column sits in the worksheet (0-based cell index), from its header row. */
export type HeaderMap = { sheet: MasterfileSheet; positions: (number | null)[]; missingRequired: MasterfileColumn[] };

export function mapHeader(sheet: MasterfileSheet, headerCells: readonly unknown[]): HeaderMap {
  const headers = headerCells.map((raw) => {
    const n = normalizeCell(raw);
    return "value" in n && n.value !== null ? loose(String(n.value)) : "";
  });
  const positions = sheet.columns.map((c) => {
    const at = headers.findIndex((h) => h === loose(c.header) || h === loose(c.key));
    return at === -1 ? null : at;
  });
  return { sheet, positions, missingRequired: sheet.columns.filter((c, i) => c.required && positions[i] === null) };
}

/** The column keys the sheet has (an update writes only these; absent columns keep their values). */
export const presentColumns = (map: HeaderMap) => map.sheet.columns.filter((_, i) => map.positions[i] !== null).map((c) => c.key);

export type ParsedRow =
  | { ok: true; values: (ParsedCell | null)[]; raw: RawCell[] }
  /** values: the cells that parsed (null where a cell failed), so a refused row's key is still known. */
  | { ok: false; problems: CellProblem[]; values: (ParsedCell | null)[]; raw: RawCell[] }
  | { ok: "empty" };

/** A cell as the user sees it, for error messages and the error-rows workbook. */
export function displayCell(raw: unknown): RawCell {
  const n = normalizeCell(raw);
  if ("error" in n) return "#ERROR";
  const v = n.value;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  return v;
}

/** Parses a data row (cells 0-based as in the worksheet) against the header map. */
export function parseRow(map: HeaderMap, cells: readonly unknown[]): ParsedRow {
  const rawCells = map.positions.map((at) => (at === null ? null : cells[at]));
  const raw = rawCells.map(displayCell);
  if (raw.every((v) => v === null || v === "")) return { ok: "empty" };
  const problems: CellProblem[] = [];
  const values = map.sheet.columns.map((column, i) => {
    const result = parseCell(column, rawCells[i]);
    if (result.ok) return result.value;
    problems.push({ column: column.header, value: raw[i] === null ? null : String(raw[i]), message: result.message });
    return null;
  });
  if (problems.length === 0) problems.push(...rowRules(map.sheet, values));
  return problems.length ? { ok: false, problems, values, raw } : { ok: true, values, raw };
}

const valueOf = (sheet: MasterfileSheet, values: readonly (ParsedCell | null)[], key: string) => values[sheet.columns.findIndex((c) => c.key === key)];

/** Checks across the cells of one row. */
function rowRules(sheet: MasterfileSheet, values: readonly (ParsedCell | null)[]): CellProblem[] {
  const get = (key: string) => valueOf(sheet, values, key);
  const problems: CellProblem[] = [];
  if (sheet.key === "projects") {
    const start = get("startDate");
    const end = get("endDate");
    if (start && end && String(end) < String(start)) problems.push({ column: "End date", value: String(end), message: `The end date is before the start date (${start})` });
  }
  if (sheet.key === "costCodes" && get("division") !== null && get("division") === get("code")) {
    problems.push({ column: "Division", value: String(get("division")), message: "A cost code cannot be its own division" });
  }
  if (sheet.key === "commitmentOpenings" && get("retainageHeld") !== null && get("billedToDate") !== null && dec(String(get("retainageHeld"))).greaterThan(String(get("billedToDate")))) {
    problems.push({ column: "Retainage held", value: String(get("retainageHeld")), message: `Retainage held cannot be more than billed to date (${get("billedToDate")})` });
  }
  return problems;
}

/** A value by column key, for the checks that span rows. */
export const rowValue = valueOf;
