import { CHECK_ORDER, problemDepth } from "./masterfile-references";
import type { CellProblem } from "./masterfile-rows";
import { MASTERFILE_SHEETS, masterfileSheet } from "./masterfile-spec";

/**
 * The order an import's problems are shown and stored in: root causes first. A problem of a row on
 * its own (a bad cell, a duplicate key, an unknown reference to nothing in the file) comes before
 * the problems that exist only because a row they reference was refused, and those before the ones
 * that follow from them in turn. Within a level: sheets in dependency order (Projects before the
 * sheets that name its job numbers), then row, then column in the sheet's column order.
 */

type Problem = CellProblem & { sheet: string; rowNumber: number | null };
type Row = { sheet: string; rowNumber: number; depth: number };

const sheetRanks = new Map(CHECK_ORDER.map((key, i) => [masterfileSheet(key).name, i]));
const sheetRank = (name: string) => sheetRanks.get(name) ?? CHECK_ORDER.length;
const LAST = Number.MAX_SAFE_INTEGER;

const specs = new Map(MASTERFILE_SHEETS.map((s) => [s.name, s]));

function columnRank(sheet: string, column: string | null): number {
  if (column === null) return LAST; // a problem of the whole row after its cells
  const at = specs.get(sheet)?.columns.findIndex((c) => c.header === column) ?? -1;
  return at === -1 ? LAST - 1 : at;
}

/** The problems in the order to show them (stable: equal ones keep the order they were found in). */
export function orderProblems<P extends Problem>(problems: readonly P[]): P[] {
  return problems
    .map((p, found) => ({ p, found, depth: problemDepth(p), sheet: sheetRank(p.sheet), row: p.rowNumber ?? -1, column: columnRank(p.sheet, p.column) }))
    .sort((a, b) => a.depth - b.depth || a.sheet - b.sheet || a.row - b.row || a.column - b.column || a.found - b.found)
    .map((x) => x.p);
}

/**
 * The rows in error in the order of the error workbook: a workbook holds each sheet once, so rows
 * stay together by sheet; sheets with a root cause come first (in dependency order), then the sheets
 * holding only rows refused because of others; within a sheet, root rows first, then by row.
 */
export function orderErrorRows<R extends Row>(rows: readonly R[]): R[] {
  const sheetDepth = new Map<string, number>();
  for (const r of rows) sheetDepth.set(r.sheet, Math.min(sheetDepth.get(r.sheet) ?? LAST, r.depth));
  return [...rows].sort(
    (a, b) => sheetDepth.get(a.sheet)! - sheetDepth.get(b.sheet)! || sheetRank(a.sheet) - sheetRank(b.sheet) || a.sheet.localeCompare(b.sheet) || a.depth - b.depth || a.rowNumber - b.rowNumber,
  );
}
