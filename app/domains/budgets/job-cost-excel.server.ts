/**
 * The job cost report as .xlsx with its grouping: per division a header row, its cost code ×
 * cost type rows and a subtotal row, then the grand total. The shared table export
 * (app/utils/excel.server.ts) writes flat lists; this uses the same formats and cell
 * neutralization. The report is bounded by the project's cost codes, so it is built in memory.
 */
import ExcelJS from "exceljs";
import { excelNumber, MONEY_FORMAT, neutralizeCell, xlsxHeaders } from "~/utils/excel.server";
import { billingFigures, billingThrough } from "~/domains/receivables/project-billing.labels";
import type { ProjectBilling } from "~/domains/receivables/project-billing.server";
import { FIGURES, type Figures } from "./budgets.table";
import type { JobCostReport } from "./job-cost.server";
import type { CrewHours } from "~/domains/daily-logs/crew-hours";

/** The figures of a row; with crew hours, the row's hours follow the actual cost (as on the page). */
const figureCells = (figures: Figures, hours?: string | null) =>
  FIGURES.flatMap((f) => (f.key === "actual" && hours !== undefined ? [excelNumber(figures[f.key]), hours === null ? null : excelNumber(hours)] : [excelNumber(figures[f.key])]));
const withHours = <T,>(crewHours: CrewHours | null, key: string, cell: T, hoursCell: T): T[] => (key === "actual" && crewHours ? [cell, hoursCell] : [cell]);

/** After the report, as on the page: the owner billing (for members who may see receivables). */
function addBilling(sheet: ExcelJS.Worksheet, billing: ProjectBilling) {
  sheet.addRow([]);
  sheet.addRow(["Owner billing"]).font = { bold: true };
  sheet.addRow([billingThrough(billing)]);
  for (const figure of billingFigures(billing)) {
    const row = sheet.addRow([figure.label, null, neutralizeCell(figure.note), excelNumber(figure.value)]);
    row.getCell(4).numFmt = MONEY_FORMAT;
  }
}

export async function jobCostWorkbook(report: JobCostReport, title: string, billing: ProjectBilling | null = null, crewHours: CrewHours | null = null): Promise<Buffer> {
  const hoursOf = (hours: string | undefined) => (crewHours ? (hours ?? null) : undefined);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Job cost", { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.columns = [
    { key: "costCode", width: 14 },
    { key: "costType", width: 16 },
    { key: "description", width: 32 },
    ...FIGURES.flatMap((f) => withHours(crewHours, f.key, { key: f.key, width: Math.max(16, f.label.length + 2), style: { numFmt: MONEY_FORMAT } }, { key: "crewHours", width: 12, style: { numFmt: "#,##0.00" } })),
  ];
  const titleRow = sheet.addRow([neutralizeCell(title)]);
  titleRow.font = { bold: true, size: 13 };
  const header = sheet.addRow(["Cost code", "Cost type", "Description", ...FIGURES.flatMap((f) => withHours(crewHours, f.key, f.label, "Crew hours"))]);
  header.font = { bold: true };

  for (const division of report.divisions) {
    const label = neutralizeCell(`${division.code} ${division.name}`);
    const heading = sheet.addRow([label]);
    heading.font = { bold: true };
    heading.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF1F5F9" } };
    for (const line of division.lines ?? [])
      sheet.addRow([neutralizeCell(line.costCode), neutralizeCell(line.costType), neutralizeCell(line.description), ...figureCells(line, hoursOf(crewHours?.byRow[line.rowKey]))]);
    const subtotal = sheet.addRow([neutralizeCell(`Subtotal ${division.code} ${division.name}`), null, null, ...figureCells(division.subtotal, hoursOf(crewHours?.byDivision[division.id]))]);
    subtotal.font = { bold: true };
  }
  const total = sheet.addRow(["Total", null, null, ...figureCells(report.total, hoursOf(crewHours?.total))]);
  total.font = { bold: true };
  total.border = { top: { style: "double" } };
  if (billing) addBilling(sheet, billing);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function jobCostXlsxResponse(
  report: JobCostReport,
  options: { title: string; filename: string; billing: ProjectBilling | null; crewHours?: CrewHours | null },
): Promise<Response> {
  const body = await jobCostWorkbook(report, options.title, options.billing, options.crewHours ?? null);
  return new Response(new Uint8Array(body), { headers: xlsxHeaders(options.filename) });
}
