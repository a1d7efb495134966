import Decimal from "decimal.js";
import { z } from "zod";
import { dec, moneyString, readMoneyText } from "~/utils/money";
import type { EnumOption, MasterfileColumn, ParsedCell } from "./masterfile-spec";

/**
 * Parses one cell of an uploaded masterfile, as exceljs hands it over (string, number, boolean,
 * Date, rich text, formula result, hyperlink, error or null), into the exact form the import
 * stores. Browser-safe. Rules worth knowing:
 * - Money: numeric cells, "1234.5", "$1,234.50", "-1,234.50", "(1,234.50)" (negative). More than
 *   2 decimals is refused, not rounded: a cent amount with a third decimal is usually a mistake.
 *   Numeric cells are read at Excel's own 15 significant digits, so 0.1+0.2 from a formula is 0.30.
 * - Dates: real Excel dates (exceljs gives them at UTC midnight), Excel serial numbers (1900 date
 *   system, with its fictitious 29 Feb 1900), "2026-03-15", "3/15/2026" and "03/15/26" (two-digit
 *   years 00–29 are 20xx, 30–99 are 19xx, as Excel reads them). Impossible dates are refused.
 * - Percent: with a % sign it is a percentage ("7.5%" = 7.5%); without one, a number from 0 to 1
 *   is a fraction (0.1 = 10%, 1 = 100%) and a number above 1 is a percentage (10 = 10%). Result:
 *   the fraction with 6 decimals ("0.075000"), 0–100%.
 */

export type CellResult = { ok: true; value: ParsedCell | null } | { ok: false; message: string };

type Scalar = string | number | boolean | Date;
type Normalized = { value: Scalar | null } | { error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;

/** exceljs's cell value → a plain scalar (formulas give their result, rich text its text); blank text → null. */
export function normalizeCell(raw: unknown): Normalized {
  if (raw === null || raw === undefined) return { value: null };
  if (typeof raw === "string") return { value: raw.trim() === "" ? null : raw.trim() };
  if (typeof raw === "number" || typeof raw === "boolean" || raw instanceof Date) return { value: raw };
  if (isObject(raw)) {
    if ("error" in raw) return { error: `The cell shows an error (${String(raw.error)}); enter a value instead` };
    if (Array.isArray(raw.richText)) return normalizeCell(raw.richText.map((run: unknown) => (isObject(run) ? String(run.text ?? "") : "")).join(""));
    if ("formula" in raw || "sharedFormula" in raw) return normalizeCell(raw.result);
    if ("hyperlink" in raw || "text" in raw) return normalizeCell(raw.text);
  }
  return { error: "This cell's content cannot be read; enter plain text or a number" };
}

const fail = (message: string): CellResult => ({ ok: false, message });
const ok = (value: ParsedCell): CellResult => ({ ok: true, value });

/** Years PostgreSQL's date holds as YYYY-MM-DD (it has no year 0). */
const inDateRange = (d: Date) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999;

function isoDate(year: number, month: number, day: number): string | null {
  if (year < 1 || year > 9999) return null;
  const d = new Date(Date.UTC(year, month - 1, day));
  d.setUTCFullYear(year); // Date.UTC maps years 0–99 to 1900–1999
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

const fromJsDate = (d: Date) => (Number.isNaN(d.getTime()) || !inDateRange(d) ? null : d.toISOString().slice(0, 10));

/** Excel 1900 date system: serial 1 is 1900-01-01, 60 is the non-existent 1900-02-29 (Lotus's bug), 61 is 1900-03-01. */
export function excelSerialToIso(serial: number): string | null {
  const day = Math.floor(serial);
  if (!Number.isFinite(serial) || day < 1 || day === 60 || day > 2958465) return null;
  const offset = day < 60 ? day - 1 : day - 2;
  return new Date(Date.UTC(1900, 0, 1 + offset)).toISOString().slice(0, 10);
}

const DATE_FORMS = "a date such as 2026-03-15 or 3/15/2026";

function parseDate(value: Scalar): CellResult {
  if (value instanceof Date) return fromJsDate(value) ? ok(fromJsDate(value)!) : fail(`Enter ${DATE_FORMS}`);
  if (typeof value === "number") return excelSerialToIso(value) ? ok(excelSerialToIso(value)!) : fail(`${value} is not a date; enter ${DATE_FORMS}`);
  const text = String(value);
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4}|\d{2})$/.exec(text);
  if (!iso && !us) return fail(`Enter ${DATE_FORMS}`);
  const [year, month, day] = iso ? [+iso[1], +iso[2], +iso[3]] : [fullYear(us![3]), +us![1], +us![2]];
  return isoDate(year, month, day) ? ok(isoDate(year, month, day)!) : fail(`"${text}" is not a real date`);
}

const fullYear = (y: string) => (y.length === 4 ? +y : +y < 30 ? 2000 + +y : 1900 + +y);

/** A numeric cell as Excel shows it: 15 significant digits, so binary noise (0.30000000000000004) disappears. */
const numberAsDecimal = (n: number) => dec(n.toPrecision(15));

const MONEY_FORMS = "an amount such as 1234.50, $1,234.50 or (1,234.50)";
const MAX_MONEY = dec("1e12"); // numeric(14,2)

function parseMoney(value: Scalar, column: Pick<MasterfileColumn, "sign">): CellResult {
  let amount: Decimal;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail(`Enter ${MONEY_FORMS}`);
    amount = numberAsDecimal(value);
  } else if (typeof value === "string") {
    const read = readMoneyText(value);
    if (!read) return fail(`Enter ${MONEY_FORMS}`);
    amount = read;
  } else {
    return fail(`Enter ${MONEY_FORMS}`);
  }
  if (amount.decimalPlaces() > 2) return fail(`Amounts have at most 2 decimals (cents); ${amount.toString()} has ${amount.decimalPlaces()}`);
  if (amount.abs().gte(MAX_MONEY)) return fail("The amount is too large");
  if ((column.sign === "non-negative" || column.sign === "positive") && amount.isNegative() && !amount.isZero()) return fail("The amount cannot be negative");
  if (column.sign === "positive" && amount.isZero()) return fail("The amount must be greater than zero");
  return ok(moneyString(amount.isZero() ? 0 : amount));
}

const PERCENT_FORMS = "a percentage such as 10%, 10 or 0.1";

function parsePercent(value: Scalar): CellResult {
  let number: Decimal;
  let marked = false;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail(`Enter ${PERCENT_FORMS}`);
    number = numberAsDecimal(value);
  } else if (typeof value === "string") {
    const match = /^(\d+\.?\d*|\.\d+)\s*(%?)$/.exec(value);
    if (!match) return fail(`Enter ${PERCENT_FORMS}`);
    number = dec(match[1]);
    marked = match[2] === "%";
  } else {
    return fail(`Enter ${PERCENT_FORMS}`);
  }
  if (number.isNegative() && !number.isZero()) return fail("A percentage cannot be negative");
  const rate = marked || number.gt(1) ? number.dividedBy(100) : number;
  if (rate.gt(1)) return fail("A percentage cannot exceed 100%");
  return ok(rate.toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toFixed(6));
}

const MAX_INTEGER = 2_147_483_647;

function parseInteger(value: Scalar, column: Pick<MasterfileColumn, "min">): CellResult {
  const n = typeof value === "number" ? value : typeof value === "string" && /^-?\d{1,10}$/.test(value.replace(/,/g, "")) ? Number(value.replace(/,/g, "")) : NaN;
  if (!Number.isInteger(n) || Math.abs(n) > MAX_INTEGER) return fail("Enter a whole number such as 1");
  if (column.min !== undefined && n < column.min) return fail(`Enter a whole number of at least ${column.min}`);
  return ok(n);
}

const looseKey = (s: string) => s.toLowerCase().replace(/[\s_]+/g, " ").trim();

function parseEnum(value: Scalar, options: readonly EnumOption[]): CellResult {
  const key = looseKey(String(value));
  const match = options.find((o) => looseKey(o.value) === key || looseKey(o.label) === key);
  return match ? ok(match.value) : fail(`Choose one of: ${options.map((o) => o.label).join(", ")}`);
}

const TRUE_WORDS = new Set(["yes", "y", "true", "1", "x"]);
const FALSE_WORDS = new Set(["no", "n", "false", "0"]);

function parseBoolean(value: Scalar): CellResult {
  if (typeof value === "boolean") return ok(value);
  const word = String(value).toLowerCase();
  return TRUE_WORDS.has(word) ? ok(true) : FALSE_WORDS.has(word) ? ok(false) : fail("Enter Yes or No");
}

function asText(value: Scalar): string {
  if (value instanceof Date) return fromJsDate(value) ?? "";
  return typeof value === "number" && Number.isFinite(value) ? numberAsDecimal(value).toString() : String(value);
}

function parseText(value: Scalar, column: Pick<MasterfileColumn, "maxLength" | "field">): CellResult {
  const text = asText(value).trim();
  if (column.maxLength !== null && column.maxLength !== undefined && text.length > column.maxLength) {
    return fail(`Use at most ${column.maxLength} characters (this has ${text.length})`);
  }
  if (!column.field) return ok(text);
  const parsed = column.field.safeParse(text);
  if (!parsed.success) return fail(parsed.error.issues[0]?.message ?? "This value is not accepted");
  return ok(typeof parsed.data === "string" ? parsed.data : text);
}

/**
 * Text and enum results by column and cell text: the same job numbers, codes and descriptions
 * come back on thousands of rows, and a form field's schema need not run again for each. Bounded:
 * a column's memo is cleared when it is full. Results are never mutated by callers.
 */
const MEMO_LIMIT = 5000;
const memos = new WeakMap<object, Map<string, CellResult>>();

function remembered(column: object, text: string, parse: () => CellResult): CellResult {
  let memo = memos.get(column);
  if (!memo) memos.set(column, (memo = new Map()));
  let result = memo.get(text);
  if (result === undefined) {
    result = parse();
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(text, result);
  }
  return result;
}

type ParsableColumn = Pick<MasterfileColumn, "type" | "required"> & Partial<Pick<MasterfileColumn, "maxLength" | "field" | "options" | "sign" | "min" | "defaultValue">>;

/** One cell of `column`; an empty cell is an error when the column is required, else its default (or null). */
export function parseCell(column: ParsableColumn, raw: unknown): CellResult {
  const normalized = normalizeCell(raw);
  if ("error" in normalized) return fail(normalized.error);
  const { value } = normalized;
  if (value === null) return column.required ? fail("Required: this cell cannot be empty") : { ok: true, value: column.defaultValue ?? null };
  switch (column.type) {
    case "money":
      return parseMoney(value, column);
    case "date":
      return parseDate(value);
    case "percent":
      return parsePercent(value);
    case "integer":
      return parseInteger(value, column);
    case "enum":
      return typeof value === "string" ? remembered(column, value, () => parseEnum(value, column.options ?? [])) : parseEnum(value, column.options ?? []);
    case "boolean":
      return parseBoolean(value);
    case "text":
    case "reference":
      return typeof value === "string"
        ? remembered(column, value, () => parseText(value, { maxLength: column.maxLength ?? null, field: column.field }))
        : parseText(value, { maxLength: column.maxLength ?? null, field: column.field });
  }
}

/** The same parser as a zod schema, for composing a row schema; the issue message is the cell's message. */
export const cellSchema = (column: ParsableColumn) =>
  z.unknown().transform((raw, ctx) => {
    const result = parseCell(column, raw);
    if (result.ok) return result.value;
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  });
