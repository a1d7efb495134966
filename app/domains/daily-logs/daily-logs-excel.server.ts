/**
 * Daily logs over a date range as .xlsx: a "Logs" sheet (one row per day: weather, status, totals),
 * then one sheet per section with the day on every row, so a project manager filters a sheet by
 * date, company, cost code or cause. Labels, not keys; days as real dates; hours as numbers.
 */
import ExcelJS from "exceljs";
import { excelNumber, neutralizeCell, xlsxHeaders } from "~/utils/excel.server";
import type { LogRow } from "./daily-log-read.server";
import { SECTION_KEYS, SECTIONS, type SectionField, type SectionKey } from "./daily-log-sections";
import { STATUS_LABELS, UNIT_LABELS, WEATHER_LABELS } from "./daily-logs.schema";

export type ExportLog = {
  id: string;
  logDate: string;
  status: keyof typeof STATUS_LABELS;
  weatherConditions: keyof typeof WEATHER_LABELS | null;
  temperatureHigh: string | null;
  temperatureLow: string | null;
  temperatureUnit: keyof typeof UNIT_LABELS;
  precipitation: string;
  wind: string;
  notes: string;
  createdBy: string;
  submittedBy: string;
  workers: number;
  crewHours: string;
  delayHours: string;
};
export type ExportData = {
  logs: ExportLog[];
  sections: Map<string, Record<SectionKey, LogRow[]>>;
  addenda: { dailyLogId: string; author: string; createdAt: string; body: string }[];
};

const DATE = "yyyy-mm-dd";
const HOURS = "#,##0.00";
const day = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);
const text = (value: unknown) => (value === null || value === undefined ? "" : neutralizeCell(String(value)));

function cellOf(field: SectionField, row: LogRow): string | number | null {
  const value = row[field.name];
  if (field.kind === "checkbox") return value ? "Yes" : "No";
  if (field.kind === "costCode" || field.kind === "vendor" || field.kind === "select") return text(row[`${field.name}Label`]);
  if (field.kind === "hours" || field.kind === "integer") return value === null || value === undefined ? null : excelNumber(String(value));
  return text(value);
}

function sheet(workbook: ExcelJS.Workbook, name: string, columns: { header: string; width: number; numFmt?: string }[]) {
  const ws = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

export async function dailyLogsWorkbook(data: ExportData): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const logs = sheet(workbook, "Logs", [
    { header: "Date", width: 12, numFmt: DATE },
    { header: "Status", width: 11 },
    { header: "Conditions", width: 14 },
    { header: "High", width: 7 },
    { header: "Low", width: 7 },
    { header: "Unit", width: 6 },
    { header: "Precipitation", width: 16 },
    { header: "Wind", width: 16 },
    { header: "Workers", width: 9 },
    { header: "Crew hours", width: 11, numFmt: HOURS },
    { header: "Delay hours", width: 11, numFmt: HOURS },
    { header: "Notes", width: 40 },
    { header: "Started by", width: 18 },
    { header: "Submitted by", width: 18 },
  ]);
  const dateOf = new Map(data.logs.map((l) => [l.id, l.logDate]));
  for (const log of data.logs) {
    logs.addRow([
      day(log.logDate),
      STATUS_LABELS[log.status],
      log.weatherConditions ? WEATHER_LABELS[log.weatherConditions] : "",
      log.temperatureHigh === null ? null : excelNumber(log.temperatureHigh),
      log.temperatureLow === null ? null : excelNumber(log.temperatureLow),
      UNIT_LABELS[log.temperatureUnit],
      text(log.precipitation),
      text(log.wind),
      log.workers,
      excelNumber(log.crewHours),
      excelNumber(log.delayHours),
      text(log.notes),
      text(log.createdBy),
      text(log.submittedBy),
    ]);
  }
  for (const key of SECTION_KEYS) {
    const fields: readonly SectionField[] = SECTIONS[key].fields;
    const ws = sheet(workbook, SECTIONS[key].title, [
      { header: "Date", width: 12, numFmt: DATE },
      ...fields.map((f) => ({ header: f.label, width: f.wide ? 50 : f.kind === "costCode" || f.kind === "vendor" ? 30 : 16, numFmt: f.kind === "hours" ? HOURS : undefined })),
      ...(key === "delays" ? [{ header: "Change order", width: 14 }] : []),
    ]);
    for (const log of data.logs)
      for (const row of data.sections.get(log.id)?.[key] ?? [])
        ws.addRow([day(log.logDate), ...fields.map((f) => cellOf(f, row)), ...(key === "delays" ? [text(row.changeOrderLabel)] : [])]);
  }
  const addenda = sheet(workbook, "Addenda", [
    { header: "Date", width: 12, numFmt: DATE },
    { header: "Author", width: 18 },
    { header: "Written at (UTC)", width: 18, numFmt: "yyyy-mm-dd hh:mm" },
    { header: "Addendum", width: 60 },
  ]);
  for (const a of data.addenda) addenda.addRow([day(dateOf.get(a.dailyLogId) ?? a.createdAt), text(a.author), new Date(a.createdAt), text(a.body)]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export async function dailyLogsXlsxResponse(data: ExportData, filename: string) {
  return new Response(new Uint8Array(await dailyLogsWorkbook(data)), { headers: xlsxHeaders(filename) });
}
