/**
 * The G702/G703-style workbook of a pay application: a "Summary" sheet (the nine lines and the
 * blank certificate blocks) and a "Continuation" sheet (columns A–I, one row per schedule-of-values
 * line and a totals row). Plain values, no formulas, from the same document model and the same
 * words (g702-vocabulary.ts) as the PDF and the page.
 */
import ExcelJS from "exceljs";
import { dec } from "~/utils/money";
import { excelNumber, MONEY_FORMAT, neutralizeCell } from "~/utils/excel.server";
import { KIND_LABELS, type ContinuationRow, type G702Document } from "./g702-document.server";
import { CERTIFICATES, CONTINUATION_COLUMNS, lineText } from "./g702-vocabulary";

const PERCENT_FORMAT = "0.00%";
const DATE_FORMAT = "yyyy-mm-dd";

const money = (value: string) => excelNumber(value);
/** "84.97" (percent) → 0.8497, divided exactly before it becomes a cell number. */
const fraction = (percent: string) => excelNumber(dec(percent).dividedBy(100).toString());
/** An ISO date as a real date cell (Excel has no time zones: midnight UTC of that day). */
const dateCell = (iso: string) => new Date(`${iso}T00:00:00Z`);

function certificateBlocks(sheet: ExcelJS.Worksheet) {
  for (const block of Object.values(CERTIFICATES)) {
    sheet.addRow([]);
    sheet.addRow([block.title]).font = { bold: true };
    const statement = sheet.addRow([block.statement]);
    sheet.mergeCells(statement.number, 1, statement.number, 3);
    statement.alignment = { wrapText: true, vertical: "top" };
    statement.height = 45;
    for (const field of block.fields) {
      const row = sheet.addRow([field, null]);
      row.getCell(2).border = { bottom: { style: "thin" } };
      row.height = 24;
    }
  }
}

/** The change order summary under the nine lines (columns B–D): label, additions, deductions; then the net change and the notes. */
function changeOrderBlock(sheet: ExcelJS.Worksheet, doc: G702Document) {
  const block = doc.changeOrders;
  sheet.addRow([]);
  sheet.addRow([null, block.title]).font = { bold: true };
  sheet.addRow([null, block.columns.label, block.columns.additions, block.columns.deductions]).font = { bold: true };
  for (const line of block.rows) {
    const row = sheet.addRow([null, line.label, money(line.additions), money(line.deductions)]);
    row.getCell(3).numFmt = MONEY_FORMAT;
    row.getCell(4).numFmt = MONEY_FORMAT;
    if (line.strong) row.font = { bold: true };
  }
  const net = sheet.addRow([null, lineText(block.net), money(block.net.amount)]);
  net.getCell(3).numFmt = MONEY_FORMAT;
  net.font = { bold: true };
  for (const note of block.notes) {
    const row = sheet.addRow([null, note]);
    sheet.mergeCells(row.number, 2, row.number, 4);
    row.alignment = { wrapText: true, vertical: "top" };
    row.height = 30;
  }
}

function summarySheet(workbook: ExcelJS.Workbook, doc: G702Document) {
  const sheet = workbook.addWorksheet("Summary", { pageSetup: { orientation: "portrait", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = [{ width: 22 }, { width: 70 }, { width: 20 }, { width: 20 }];
  const { application: app, project, contract } = doc;
  const title = sheet.addRow([neutralizeCell(doc.organization.name)]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([`Application for Payment No. ${app.number}`, KIND_LABELS[app.kind]]).font = { bold: true };
  const facts: [string, string | Date][] = [
    ["Project", `${project.jobNumber} · ${project.name}`],
    ["Owner", contract.ownerName],
    ["Contract", contract.title],
    ["Period to", dateCell(app.periodEnd)],
    ["Application date", dateCell(app.applicationDate)],
    ["Payment due", dateCell(app.dueDate)],
    ["Status", app.statusText],
  ];
  for (const [label, value] of facts) {
    const row = sheet.addRow([label, value instanceof Date ? value : neutralizeCell(value)]);
    if (value instanceof Date) row.getCell(2).numFmt = DATE_FORMAT;
    if (value instanceof Date) row.getCell(2).alignment = { horizontal: "left" };
  }
  sheet.addRow([]);
  sheet.addRow(["Line", "Description", "Amount"]).font = { bold: true };
  for (const line of doc.summary) {
    const row = sheet.addRow([line.number, line.part ? `    ${lineText(line)}` : lineText(line), money(line.amount)]);
    row.getCell(3).numFmt = MONEY_FORMAT;
    if (line.number === "8") row.font = { bold: true };
  }
  changeOrderBlock(sheet, doc);
  certificateBlocks(sheet);
}

const WIDTHS: Record<string, number> = { item: 8, description: 44, percentComplete: 10 };

const cellOf = (row: ContinuationRow | (Omit<ContinuationRow, "lineNumber" | "description"> & { total: true }), key: (typeof CONTINUATION_COLUMNS)[number]["key"]) => {
  if (key === "item") return "total" in row ? null : row.lineNumber;
  if (key === "description") return "total" in row ? "Totals" : neutralizeCell(row.description);
  return key === "percentComplete" ? fraction(row[key]) : money(row[key]);
};

function continuationSheet(workbook: ExcelJS.Workbook, doc: G702Document) {
  const sheet = workbook.addWorksheet("Continuation", {
    views: [{ state: "frozen", ySplit: 2 }],
    pageSetup: { orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: "1:2" },
  });
  sheet.columns = CONTINUATION_COLUMNS.map((c) => ({
    width: WIDTHS[c.key] ?? 18,
    style: c.key === "percentComplete" ? { numFmt: PERCENT_FORMAT } : c.key === "item" || c.key === "description" ? {} : { numFmt: MONEY_FORMAT },
  }));
  const letters = sheet.addRow(CONTINUATION_COLUMNS.map((c) => c.letter || null));
  letters.font = { bold: true };
  letters.alignment = { horizontal: "center" };
  const labels = sheet.addRow(CONTINUATION_COLUMNS.map((c) => c.label));
  labels.font = { bold: true };
  labels.alignment = { wrapText: true, vertical: "bottom" };
  for (const row of doc.rows) sheet.addRow(CONTINUATION_COLUMNS.map((c) => cellOf(row, c.key)));
  sheet.addRow(CONTINUATION_COLUMNS.map((c) => cellOf({ ...doc.totals, total: true }, c.key))).font = { bold: true };
}

export async function renderG702Xlsx(doc: G702Document): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = doc.organization.name;
  summarySheet(workbook, doc);
  continuationSheet(workbook, doc);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
