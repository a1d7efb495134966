/**
 * The daily report PDF (pdfkit): the organization's letterhead as on the G702 (logo and name), the
 * project and day, the weather, every section, the photos as thumbnails and the addenda. Text flows
 * and pdfkit breaks pages; page numbers are written at the end over the buffered pages.
 */
import PDFDocument from "pdfkit";
import type { G702Document } from "~/domains/receivables/g702-document.server";
import type { ReadDailyLog } from "./daily-log-read.server";
import { SECTION_KEYS, SECTIONS, type SectionField } from "./daily-log-sections";
import { STATUS_LABELS, UNIT_LABELS, WEATHER_LABELS } from "./daily-logs.schema";
import { hoursText, weekday } from "./daily-log-ui";

type Pdf = PDFKit.PDFDocument;

export interface DailyReport {
  organization: G702Document["organization"];
  project: { jobNumber: string; name: string; address: string };
  entry: ReadDailyLog;
  /** Thumbnails (JPEG/PNG bytes) with their captions, in the order shown on the log page. */
  photos: { bytes: Buffer; caption: string }[];
}

const MARGIN = 48;
const INK = "#111827";
const MUTED = "#4b5563";
const RULE = "#9ca3af";

function letterhead(pdf: Pdf, report: DailyReport) {
  const { organization, project, entry } = report;
  let x = MARGIN;
  if (organization.logo) {
    try {
      pdf.image(organization.logo.bytes, MARGIN, MARGIN, { fit: [110, 48] });
      x = MARGIN + 122;
    } catch {
      // an image pdfkit cannot read: the report goes out without it rather than failing
    }
  }
  pdf.font("Helvetica-Bold").fontSize(15).fillColor(INK).text(organization.name, x, MARGIN, { width: 260 });
  pdf.font("Helvetica").fontSize(8.5).fillColor(MUTED).text(organization.address, x, MARGIN + 20, { width: 260 });
  const right = pdf.page.width - MARGIN - 200;
  pdf.font("Helvetica-Bold").fontSize(16).fillColor(INK).text("Daily report", right, MARGIN, { width: 200, align: "right" });
  const day = entry.log.logDate;
  pdf.font("Helvetica").fontSize(10).text(`${weekday(day)} ${day}`, right, MARGIN + 21, { width: 200, align: "right" });
  pdf.fontSize(8.5).fillColor(MUTED).text(STATUS_LABELS[entry.log.status], right, MARGIN + 35, { width: 200, align: "right" });
  const y = MARGIN + 62;
  pdf.save().moveTo(MARGIN, y).lineTo(pdf.page.width - MARGIN, y).lineWidth(1).strokeColor(INK).stroke().restore();
  pdf.x = MARGIN;
  pdf.y = y + 10;
  fact(pdf, "Project", `${project.jobNumber} · ${project.name}`);
  if (project.address) fact(pdf, "Address", project.address.replace(/\s*\r?\n\s*/g, ", "));
  fact(pdf, "Started by", entry.log.createdByName);
  if (entry.log.submittedAt) fact(pdf, "Submitted", `${entry.log.submittedAt.slice(0, 10)} by ${entry.log.submittedByName ?? "—"}`);
}

function fact(pdf: Pdf, label: string, value: string) {
  pdf.font("Helvetica-Bold").fontSize(9).fillColor(MUTED).text(`${label}: `, MARGIN, pdf.y, { continued: true });
  pdf.font("Helvetica").fillColor(INK).text(value || "—");
}

function heading(pdf: Pdf, title: string) {
  if (pdf.y > pdf.page.height - MARGIN - 60) pdf.addPage();
  pdf.moveDown(0.8);
  pdf.font("Helvetica-Bold").fontSize(12).fillColor(INK).text(title, MARGIN);
  const y = pdf.y + 2;
  pdf.save().moveTo(MARGIN, y).lineTo(pdf.page.width - MARGIN, y).lineWidth(0.5).strokeColor(RULE).stroke().restore();
  pdf.y = y + 5;
}

function valueOf(field: SectionField, row: Record<string, unknown>): string {
  const value = row[field.name];
  if (field.kind === "checkbox") return value ? "yes" : "";
  if (field.kind === "costCode" || field.kind === "vendor" || field.kind === "select") return String(row[`${field.name}Label`] ?? "");
  if (field.kind === "hours") return value ? hoursText(String(value)) : "";
  return value === null || value === undefined ? "" : String(value);
}

function weather(pdf: Pdf, log: ReadDailyLog["log"]) {
  heading(pdf, "Weather");
  const unit = UNIT_LABELS[log.temperatureUnit];
  const parts = [
    log.weatherConditions ? WEATHER_LABELS[log.weatherConditions] : "Conditions not recorded",
    log.temperatureHigh !== null ? `high ${log.temperatureHigh} ${unit}` : "",
    log.temperatureLow !== null ? `low ${log.temperatureLow} ${unit}` : "",
    log.precipitation ? `precipitation ${log.precipitation}` : "",
    log.wind ? `wind ${log.wind}` : "",
  ].filter(Boolean);
  pdf.font("Helvetica").fontSize(9.5).fillColor(INK).text(parts.join(" · "), MARGIN);
  if (log.notes) {
    heading(pdf, "Notes");
    pdf.font("Helvetica").fontSize(9.5).text(log.notes, MARGIN);
  }
}

function sections(pdf: Pdf, entry: ReadDailyLog) {
  for (const key of SECTION_KEYS) {
    const { title, fields } = SECTIONS[key];
    const rows = entry.sections[key];
    heading(pdf, `${title}${rows.length ? ` (${rows.length})` : ""}`);
    if (!rows.length) {
      pdf.font("Helvetica").fontSize(9).fillColor(MUTED).text("None recorded.", MARGIN);
      continue;
    }
    for (const row of rows) {
      const values = (fields as readonly SectionField[]).map((f) => [f.label, valueOf(f, row)] as const).filter(([, v]) => v);
      const [first, ...rest] = values;
      if (!first) continue;
      pdf.font("Helvetica-Bold").fontSize(9.5).fillColor(INK).text(`• ${first[1]}`, MARGIN, pdf.y, { continued: rest.length > 0 });
      if (rest.length) pdf.font("Helvetica").text(`  —  ${rest.map(([label, v]) => `${label}: ${v}`).join(" · ")}`);
      if (key === "delays" && row.changeOrderLabel) pdf.font("Helvetica").fillColor(MUTED).text(`    Change order started: ${String(row.changeOrderLabel)}`, MARGIN);
      pdf.moveDown(0.2);
    }
  }
}

const THUMB = { width: 160, height: 120, gap: 14 };

function photos(pdf: Pdf, list: DailyReport["photos"]) {
  if (!list.length) return;
  heading(pdf, `Photos (${list.length})`);
  const perRow = Math.floor((pdf.page.width - 2 * MARGIN + THUMB.gap) / (THUMB.width + THUMB.gap));
  let y = pdf.y;
  list.forEach((photo, i) => {
    const column = i % perRow;
    if (column === 0 && i > 0) y += THUMB.height + 30;
    if (column === 0 && y + THUMB.height + 24 > pdf.page.height - MARGIN) {
      pdf.addPage();
      y = MARGIN;
    }
    const x = MARGIN + column * (THUMB.width + THUMB.gap);
    try {
      pdf.image(photo.bytes, x, y, { fit: [THUMB.width, THUMB.height], align: "center", valign: "center" });
    } catch {
      pdf.font("Helvetica").fontSize(8).fillColor(MUTED).text("(image unreadable)", x, y + 50, { width: THUMB.width, align: "center" });
    }
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(photo.caption || " ", x, y + THUMB.height + 3, { width: THUMB.width, height: 20, ellipsis: true });
  });
  pdf.x = MARGIN;
  pdf.y = y + THUMB.height + 30;
}

function addenda(pdf: Pdf, entry: ReadDailyLog) {
  if (!entry.addenda.length) return;
  heading(pdf, "Addenda");
  for (const a of entry.addenda) {
    pdf.font("Helvetica-Bold").fontSize(8.5).fillColor(MUTED).text(`${a.author} · ${a.createdAt.slice(0, 16).replace("T", " ")} UTC`, MARGIN);
    pdf.font("Helvetica").fontSize(9.5).fillColor(INK).text(a.body, MARGIN);
    pdf.moveDown(0.3);
  }
}

function pageNumbers(pdf: Pdf, report: DailyReport) {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    const bottom = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    const y = pdf.page.height - 30;
    const text = `${report.organization.name} · ${report.project.jobNumber} · Daily report ${report.entry.log.logDate} · Page ${i + 1} of ${range.count}`;
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(text, MARGIN, y, { width: pdf.page.width - 2 * MARGIN, align: "right", lineBreak: false });
    pdf.page.margins.bottom = bottom;
  }
}

export async function renderDailyReportPdf(report: DailyReport): Promise<Buffer> {
  const pdf = new PDFDocument({ size: "LETTER", margin: MARGIN, bufferPages: true, info: { Title: `Daily report ${report.project.jobNumber} ${report.entry.log.logDate}` } });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on("end", resolve);
    pdf.on("error", reject);
  });
  letterhead(pdf, report);
  weather(pdf, report.entry.log);
  sections(pdf, report.entry);
  photos(pdf, report.photos);
  addenda(pdf, report.entry);
  pageNumbers(pdf, report);
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}
