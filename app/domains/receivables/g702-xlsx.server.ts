/**
 * The G702/G703-style workbook of a pay application: a "Summary" sheet (the nine lines) and a
 * "Continuation" sheet (one row per schedule-of-values line and a totals row). Plain values, no
 * formulas, from the same document model as the PDF.
 */
import ExcelJS from "exceljs";
import { dec } from "~/utils/money";
import { excelNumber, MONEY_FORMAT, neutralizeCell } from "~/utils/excel.server";
import { KIND_LABELS, type ContinuationFigures, type G702Document } from "./g702-document.server";

const PERCENT_FORMAT = "0.00%";

const money = (value: string) => excelNumber(value);
/** "84.97" (percent) → 0.8497, divided exactly before it becomes a cell number. */
const fraction = (percent: string) => excelNumber(dec(percent).dividedBy(100).toString());

function summarySheet(workbook: ExcelJS.Workbook, doc: G702Document) {
  const sheet = workbook.addWorksheet("Summary");
  sheet.columns = [{ width: 22 }, { width: 62 }, { width: 20 }];
  const { application: app, project, contract } = doc;
  const title = sheet.addRow([neutralizeCell(doc.organization.name)]);
  title.font = { bold: true, size: 14 };
  sheet.addRow([`Application for Payment No. ${app.number}`, KIND_LABELS[app.kind]]).font = { bold: true };
  const facts: [string, string][] = [
    ["Project", `${project.jobNumber} · ${project.name}`],
    ["Owner", contract.ownerName],
    ["Contract", contract.title],
    ["Period to", app.periodEnd],
    ["Application date", app.applicationDate],
    ["Payment due", app.dueDate],
    ["Status", app.statusText],
  ];
  for (const [label, value] of facts) sheet.addRow([label, neutralizeCell(value)]);
  sheet.addRow([]);
  sheet.addRow(["Line", "Description", "Amount"]).font = { bold: true };
  for (const line of doc.summary) {
    const row = sheet.addRow([line.number, line.part ? `    ${line.label}` : line.label, money(line.amount)]);
    row.getCell(3).numFmt = MONEY_FORMAT;
    if (line.number === "8") row.font = { bold: true };
  }
}

const CONTINUATION_COLUMNS: { header: string; key: keyof ContinuationFigures; width: number }[] = [
  { header: "Scheduled value", key: "scheduledValue", width: 16 },
  { header: "Earlier applications", key: "previousApplications", width: 18 },
  { header: "Work done this period", key: "thisPeriod", width: 18 },
  { header: "Materials stored now", key: "storedMaterials", width: 18 },
  { header: "Done and stored to date", key: "completedAndStored", width: 20 },
  { header: "% done", key: "percentComplete", width: 10 },
  { header: "Balance to finish", key: "balanceToFinish", width: 16 },
  { header: "Retainage withheld", key: "retainage", width: 16 },
];

const figureCells = (figures: ContinuationFigures) =>
  CONTINUATION_COLUMNS.map((c) => (c.key === "percentComplete" ? fraction(figures[c.key]) : money(figures[c.key])));

function continuationSheet(workbook: ExcelJS.Workbook, doc: G702Document) {
  const sheet = workbook.addWorksheet("Continuation", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { width: 8 },
    { width: 44 },
    ...CONTINUATION_COLUMNS.map((c) => ({ width: c.width, style: { numFmt: c.key === "percentComplete" ? PERCENT_FORMAT : MONEY_FORMAT } })),
  ];
  sheet.addRow(["Item", "Description of work", ...CONTINUATION_COLUMNS.map((c) => c.header)]).font = { bold: true };
  for (const row of doc.rows) sheet.addRow([row.lineNumber, neutralizeCell(row.description), ...figureCells(row)]);
  sheet.addRow([null, "Totals", ...figureCells(doc.totals)]).font = { bold: true };
}

export async function renderG702Xlsx(doc: G702Document): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = doc.organization.name;
  summarySheet(workbook, doc);
  continuationSheet(workbook, doc);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
