import ExcelJS from "exceljs";
import { strToU8, unzipSync, zipSync, type Zippable } from "fflate";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "./upload-limits";
import { inspectXlsx } from "./xlsx-inspection.server";
import { countSheetRows, readSheets } from "./xlsx-sheet-reader.server";

async function rowCounts(buffer: Buffer) {
  const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
  if (!inspection.ok) throw new Error(inspection.message);
  return countSheetRows(buffer, inspection.sheets);
}

/** Every row of every sheet as the reader gives it: sheet name → [row number, cells][]. */
async function readAll(buffer: Buffer) {
  const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
  if (!inspection.ok) throw new Error(inspection.message);
  const result: Record<string, [number, unknown[]][]> = {};
  for await (const { name, rows } of readSheets(buffer, inspection.sheets)) {
    result[name] = [];
    for await (const row of rows) result[name].push([row.number, Array.from(row.cells)]);
  }
  return result;
}

function rezip(buffer: Buffer, change: (parts: Record<string, Uint8Array>) => void): Buffer {
  const parts = unzipSync(buffer);
  change(parts);
  return Buffer.from(zipSync(parts as Zippable, { level: 6 }));
}

describe("xlsx sheet reader", () => {
  it("gives each cell the value exceljs gives: shared and rich strings, numbers, booleans, errors, formula results, date styles", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Data");
    sheet.addRow(["text", 12.5, true, false, null, "a & b <c>"]);
    const row = sheet.addRow([
      { richText: [{ text: "rich " }, { font: { bold: true }, text: "text" }] },
      { formula: "1+1", result: 2 },
      { formula: 'CONCAT("x","y")', result: "xy" },
      { error: "#DIV/0!" },
      new Date(Date.UTC(2026, 2, 15)),
      46100,
    ]);
    row.getCell(6).numFmt = "yyyy-mm-dd";
    const custom = sheet.addRow([45000.5, 45000.5, { hyperlink: "https://example.com", text: "link" }]);
    custom.getCell(1).numFmt = '[$-409]d"-"mmm';
    custom.getCell(2).numFmt = '"days" 0.00';
    sheet.getCell("D5").value = "far";
    const buffer = Buffer.from(await book.xlsx.writeBuffer());

    const { Data } = await readAll(buffer);
    expect(Data).toEqual([
      [1, ["text", 12.5, true, false, undefined, "a & b <c>"]],
      [2, ["rich text", 2, "xy", { error: "#DIV/0!" }, new Date(Date.UTC(2026, 2, 15)), new Date(Date.UTC(2026, 2, 19))]],
      [3, [new Date(Date.UTC(2023, 2, 15, 12)), 45000.5, "link"]],
      [5, [undefined, undefined, undefined, "far"]],
    ]);
  });

  it("reads what other writers produce: inline strings, cells and rows without references, entities, phonetic runs, 1904 dates", async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet("Data").addRow(["placeholder"]);
    const buffer = rezip(Buffer.from(await book.xlsx.writeBuffer()), (parts) => {
      const workbook = Buffer.from(parts["xl/workbook.xml"]).toString("utf8");
      parts["xl/workbook.xml"] = strToU8(workbook.replace(/<workbookPr\b[^>]*?\/>/, '<workbookPr date1904="1"/>'));
      parts["xl/sharedStrings.xml"] = strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2">' +
          '<si><t xml:space="preserve">漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh></si><si><r><t>A</t></r><r><rPr><b/></rPr><t>&amp;B&#x21;</t></r></si></sst>',
      );
      parts["xl/styles.xml"] = strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>' +
          '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
          '<cellXfs count="3"><xf numFmtId="14"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164"/></cellXfs></styleSheet>',
      );
      parts["xl/worksheets/sheet1.xml"] = strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
          '<row r="2"><c r="B2" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c><c t="s"><v>0</v></c><c t="s"><v>1</v></c></row>' +
          "<row/>" +
          '<row><c r="A4" s="1"><v>0</v></c><c r="B4" s="0"><v>0</v></c><c r="C4" s="2"><v>7</v></c><c r="D4" t="str"><v>x&amp;amp;y</v></c><c r="E4" s="1"/></row>' +
          "</sheetData><rowBreaks/></worksheet>",
      );
    });

    const { Data } = await readAll(buffer);
    expect(Data).toEqual([
      [2, [undefined, "inline", "漢字", "A&B!"]],
      [4, [new Date(Date.UTC(1904, 0, 1)), 0, 7, "x&y", null]],
    ]);
    expect(await rowCounts(buffer)).toEqual([2]); // the rows read, without reading them: <row/> has no cells
  });

  it("streams a large sheet across many inflated chunks without losing or splitting rows", async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet("Big");
    for (let i = 1; i <= 20_000; i++) sheet.addRow([`row ${i} ${"é".repeat(i % 7)}`, i, i % 2 === 0]);
    const buffer = Buffer.from(await book.xlsx.writeBuffer());

    const { Big } = await readAll(buffer);
    expect(Big).toHaveLength(20_000);
    expect(await rowCounts(buffer)).toEqual([20_000]);
    expect(Big.every(([n, cells], i) => n === i + 1 && cells[0] === `row ${n} ${"é".repeat(n % 7)}` && cells[1] === n && cells[2] === (n % 2 === 0))).toBe(true);
  });
});
