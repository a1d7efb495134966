import { describe, expect, it } from "vitest";
import { cellSchema, excelSerialToIso, parseCell } from "./cell-parsers";
import { masterfileSheet, type MasterfileColumn } from "./masterfile-spec";

const money = { type: "money", required: true } as const;
const date = { type: "date", required: true } as const;
const percent = { type: "percent", required: true } as const;
const column = (sheet: Parameters<typeof masterfileSheet>[0], key: string): MasterfileColumn =>
  masterfileSheet(sheet).columns.find((c) => c.key === key)!;

const value = (result: ReturnType<typeof parseCell>) => (result.ok ? result.value : `ERROR: ${result.message}`);

describe("money cells", () => {
  it.each([
    [1234.5, "1234.50"],
    [0.1 + 0.2, "0.30"],
    [-42, "-42.00"],
    ["1234.5", "1234.50"],
    ["$1,234.50", "1234.50"],
    ["(1,234.50)", "-1234.50"],
    ["($1,234.50)", "-1234.50"],
    ["-1,234.50", "-1234.50"],
    ["-$1,234.50", "-1234.50"],
    ["  12 ", "12.00"],
    [".5", "0.50"],
    ["0", "0.00"],
    ["-0", "0.00"],
    [{ formula: "SUM(A1:A2)", result: 99.99 }, "99.99"],
    [{ richText: [{ text: "$1," }, { text: "000" }] }, "1000.00"],
  ])("accepts %j as %s", (raw, expected) => {
    expect(parseCell(money, raw)).toEqual({ ok: true, value: expected });
  });

  it("refuses more than 2 decimals instead of rounding", () => {
    expect(parseCell(money, "12.345")).toEqual({ ok: false, message: "Amounts have at most 2 decimals (cents); 12.345 has 3" });
    expect(parseCell(money, 12.345)).toEqual({ ok: false, message: "Amounts have at most 2 decimals (cents); 12.345 has 3" });
  });

  it.each(["12a", "abc", "1.2.3", "(-5)", "$", "1 234,50 EUR"])("refuses %j naming the accepted forms", (raw) => {
    expect(parseCell(money, raw)).toEqual({ ok: false, message: "Enter an amount such as 1234.50, $1,234.50 or (1,234.50)" });
  });

  it("refuses booleans, dates, huge and (when non-negative) negative amounts", () => {
    expect(value(parseCell(money, true))).toMatch(/^ERROR: Enter an amount/);
    expect(value(parseCell(money, new Date()))).toMatch(/^ERROR: Enter an amount/);
    expect(parseCell(money, "1000000000000")).toEqual({ ok: false, message: "The amount is too large" });
    expect(parseCell({ ...money, sign: "non-negative" }, "(5.00)")).toEqual({ ok: false, message: "The amount cannot be negative" });
    expect(parseCell({ ...money, sign: "non-negative" }, "0")).toEqual({ ok: true, value: "0.00" });
  });
});

describe("date cells", () => {
  it.each([
    [new Date(Date.UTC(2026, 2, 15)), "2026-03-15"],
    [new Date(Date.UTC(2026, 2, 15, 13, 30)), "2026-03-15"],
    [46096, "2026-03-15"],
    [46096.75, "2026-03-15"],
    [1, "1900-01-01"],
    [59, "1900-02-28"],
    [61, "1900-03-01"],
    ["2026-03-15", "2026-03-15"],
    ["2024-2-29", "2024-02-29"],
    ["3/15/2026", "2026-03-15"],
    ["03/15/26", "2026-03-15"],
    ["12/31/99", "1999-12-31"],
    [{ formula: "DATE(2026,3,15)", result: new Date(Date.UTC(2026, 2, 15)) }, "2026-03-15"],
  ])("accepts %j as %s", (raw, expected) => {
    expect(parseCell(date, raw)).toEqual({ ok: true, value: expected });
  });

  it("refuses impossible dates by name", () => {
    expect(parseCell(date, "2/30/2026")).toEqual({ ok: false, message: '"2/30/2026" is not a real date' });
    expect(parseCell(date, "2026-13-01")).toEqual({ ok: false, message: '"2026-13-01" is not a real date' });
    expect(parseCell(date, "2/29/2026")).toEqual({ ok: false, message: '"2/29/2026" is not a real date' });
    // PostgreSQL's date has no year 0: refused here, not at the commit
    expect(parseCell(date, "0000-01-01")).toEqual({ ok: false, message: '"0000-01-01" is not a real date' });
    expect(parseCell(date, new Date(Date.UTC(0, 0, 1) - 62_000_000_000_000))).toMatchObject({ ok: false });
  });

  it("refuses the fictitious 1900-02-29, out-of-range serials and other text", () => {
    expect(excelSerialToIso(60)).toBeNull();
    expect(parseCell(date, 60)).toEqual({ ok: false, message: "60 is not a date; enter a date such as 2026-03-15 or 3/15/2026" });
    expect(value(parseCell(date, 0))).toMatch(/^ERROR: 0 is not a date/);
    expect(value(parseCell(date, -3))).toMatch(/^ERROR/);
    for (const raw of ["15.03.2026", "March 15, 2026", "46096", "2026/03/15", "soon"]) {
      expect(parseCell(date, raw)).toEqual({ ok: false, message: "Enter a date such as 2026-03-15 or 3/15/2026" });
    }
  });
});

describe("percent cells", () => {
  it.each([
    [0.1, "0.100000"],
    [10, "0.100000"],
    ["10%", "0.100000"],
    ["10", "0.100000"],
    ["0.1", "0.100000"],
    ["7.5 %", "0.075000"],
    [0.075, "0.075000"],
    [1, "1.000000"],
    ["1%", "0.010000"],
    [0, "0.000000"],
    ["100%", "1.000000"],
  ])("accepts %j as %s (with %% or above 1: a percentage; 0–1 without %%: a fraction)", (raw, expected) => {
    expect(parseCell(percent, raw)).toEqual({ ok: true, value: expected });
  });

  it("refuses negatives, over 100% and text", () => {
    expect(parseCell(percent, -0.1)).toEqual({ ok: false, message: "A percentage cannot be negative" });
    expect(parseCell(percent, "150%")).toEqual({ ok: false, message: "A percentage cannot exceed 100%" });
    expect(parseCell(percent, 101)).toEqual({ ok: false, message: "A percentage cannot exceed 100%" });
    expect(parseCell(percent, "ten")).toEqual({ ok: false, message: "Enter a percentage such as 10%, 10 or 0.1" });
  });
});

describe("integer, enum, boolean and text cells", () => {
  const lineNumber = column("commitmentLines", "lineNumber");

  it("integers: whole numbers from numbers or text, at least the column's minimum", () => {
    expect(parseCell(lineNumber, 3)).toEqual({ ok: true, value: 3 });
    expect(parseCell(lineNumber, " 12 ")).toEqual({ ok: true, value: 12 });
    expect(parseCell(lineNumber, 1.5)).toEqual({ ok: false, message: "Enter a whole number such as 1" });
    expect(parseCell(lineNumber, "two")).toEqual({ ok: false, message: "Enter a whole number such as 1" });
    expect(parseCell(lineNumber, 0)).toEqual({ ok: false, message: "Enter a whole number of at least 1" });
  });

  it("enums match value or label case-insensitively and return the canonical value", () => {
    const status = column("projects", "status");
    expect(parseCell(status, "On Hold")).toEqual({ ok: true, value: "on_hold" });
    expect(parseCell(status, "ON_HOLD")).toEqual({ ok: true, value: "on_hold" });
    expect(parseCell(status, "  active ")).toEqual({ ok: true, value: "active" });
    expect(parseCell(column("projects", "contractType"), "t&m")).toEqual({ ok: true, value: "tm" });
    expect(parseCell(column("commitments", "type"), "purchase order")).toEqual({ ok: true, value: "purchase_order" });
    expect(parseCell(column("leads", "source"), "Bid Board")).toEqual({ ok: true, value: "bid_board" });
    expect(parseCell(status, "paused")).toEqual({ ok: false, message: "Choose one of: Bidding, Active, On hold, Closed" });
  });

  it("empty cells: the default or null when optional, an error when required", () => {
    const status = column("projects", "status");
    for (const empty of [null, undefined, "", "   ", { richText: [{ text: " " }] }]) {
      expect(parseCell(status, empty)).toEqual({ ok: true, value: "bidding" });
      expect(parseCell(column("projects", "startDate"), empty)).toEqual({ ok: true, value: null });
      expect(parseCell(column("projects", "jobNumber"), empty)).toEqual({ ok: false, message: "Required: this cell cannot be empty" });
    }
  });

  it("booleans: Yes/No words and real boolean cells", () => {
    const required = column("vendors", "lienWaiverRequired");
    expect(parseCell(required, "YES")).toEqual({ ok: true, value: true });
    expect(parseCell(required, false)).toEqual({ ok: true, value: false });
    expect(parseCell(required, null)).toEqual({ ok: true, value: false });
    expect(parseCell(required, "maybe")).toEqual({ ok: false, message: "Enter Yes or No" });
  });

  it("text: trimmed, numbers and hyperlinks read as text, the app's own field rules and length limits applied", () => {
    const jobNumber = column("projects", "jobNumber");
    expect(parseCell(jobNumber, "  2026-014 \t")).toEqual({ ok: true, value: "2026-014" });
    expect(parseCell(jobNumber, 1001)).toEqual({ ok: true, value: "1001" });
    expect(parseCell(jobNumber, "#1")).toEqual({ ok: false, message: "Use letters, digits, spaces and . _ / - only" });
    expect(parseCell(jobNumber, "x".repeat(31))).toEqual({ ok: false, message: "Use at most 30 characters (this has 31)" });
    const email = column("vendors", "email");
    expect(parseCell(email, { text: "Dana@Example.com", hyperlink: "mailto:Dana@Example.com" })).toEqual({ ok: true, value: "dana@example.com" });
    expect(parseCell(email, "not-an-email")).toEqual({ ok: false, message: "Enter a valid email address, or leave it empty" });
    expect(parseCell(column("leads", "name"), "y".repeat(161))).toEqual({ ok: false, message: "Use at most 160 characters (this has 161)" });
  });

  it("error cells and unreadable objects are reported, not guessed", () => {
    expect(parseCell(money, { error: "#N/A" })).toEqual({ ok: false, message: "The cell shows an error (#N/A); enter a value instead" });
    expect(parseCell(money, { formula: "1/0", result: { error: "#DIV/0!" } })).toEqual({
      ok: false,
      message: "The cell shows an error (#DIV/0!); enter a value instead",
    });
    expect(value(parseCell(money, { something: 1 }))).toMatch(/cannot be read/);
  });

  it("cellSchema is the same parser as a zod schema", () => {
    expect(cellSchema(money).parse("$1,234.50")).toBe("1234.50");
    const failed = cellSchema(date).safeParse("2/30/2026");
    expect(failed.success).toBe(false);
    expect(failed.error?.issues[0].message).toBe('"2/30/2026" is not a real date');
  });
});
