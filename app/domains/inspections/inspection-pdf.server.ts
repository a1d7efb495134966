/**
 * The inspection report PDF (pdfkit, US Letter portrait): the organization's letterhead (logo and
 * name, as on the G702), the inspection's facts, every item with its result and note (and the punch
 * item or observation a failure raised), then the signature block. Text flows and pages break on
 * their own; every page gets the footer at the end.
 */
import PDFDocument from "pdfkit";
import { formatDate } from "~/utils/org-format";
import { INSPECTION_STATUS_LABELS, RESULT_LABELS } from "./inspection-labels";
import type { InspectionDocument } from "./inspection-document.server";

type Pdf = PDFKit.PDFDocument;
const MARGIN = 48;
const WIDTH = 612 - 2 * MARGIN;
const INK = "#111827";
const MUTED = "#4b5563";
const RULE = "#9ca3af";
const RESULT_COLORS = { pass: "#166534", fail: "#b91c1c", na: "#4b5563" } as const;
const date = (value: string | Date | null) => (value ? formatDate(value instanceof Date ? value.toISOString().slice(0, 10) : value) : "—");

function rule(pdf: Pdf, color = RULE) {
  const y = pdf.y + 4;
  pdf.save().moveTo(MARGIN, y).lineTo(MARGIN + WIDTH, y).lineWidth(0.5).strokeColor(color).stroke().restore();
  pdf.y = y + 8;
}

function letterhead(pdf: Pdf, doc: InspectionDocument) {
  let x = MARGIN;
  if (doc.organization.logo) {
    try {
      pdf.image(doc.organization.logo.bytes, MARGIN, MARGIN, { fit: [110, 48] });
      x = MARGIN + 122;
    } catch {
      // an image pdfkit cannot read: the report goes out without it rather than failing
    }
  }
  pdf.font("Helvetica-Bold").fontSize(15).fillColor(INK).text(doc.organization.name, x, MARGIN, { width: 260 });
  pdf.font("Helvetica").fontSize(8.5).fillColor(MUTED).text(doc.organization.address.split(/\r?\n/).slice(0, 3).join("\n"), x, pdf.y + 2, { width: 260 });
  pdf.font("Helvetica-Bold").fontSize(16).fillColor(INK).text("Inspection report", MARGIN + WIDTH - 200, MARGIN, { width: 200, align: "right" });
  pdf.font("Helvetica").fontSize(10).text(`${doc.inspection.label} · ${INSPECTION_STATUS_LABELS[doc.inspection.status]}`, { width: 200, align: "right" });
  pdf.y = MARGIN + 62;
  pdf.x = MARGIN;
  rule(pdf, INK);
}

function facts(pdf: Pdf, doc: InspectionDocument) {
  const { inspection } = doc;
  const rows: [string, string][] = [
    ["Project", `${doc.project.jobNumber} ${doc.project.name}`],
    ["Inspection", `${inspection.label} · ${inspection.title}`],
    ["Checklist", `${inspection.templateName} (version ${inspection.versionNumber})`],
    ["Location", inspection.location || "—"],
    ["Milestone", inspection.milestone ?? "—"],
    ["Inspector", inspection.inspector ?? "—"],
    ["Inspected on", date(inspection.inspectedOn)],
  ];
  for (const [label, value] of rows) {
    const y = pdf.y;
    pdf.font("Helvetica").fontSize(9).fillColor(MUTED).text(label, MARGIN, y, { width: 100 });
    pdf.font("Helvetica").fontSize(9).fillColor(INK).text(value, MARGIN + 105, y, { width: WIDTH - 105 });
    pdf.y += 2;
  }
  rule(pdf);
}

function items(pdf: Pdf, doc: InspectionDocument) {
  for (const section of doc.sections) {
    if (pdf.y > 680) pdf.addPage();
    pdf.font("Helvetica-Bold").fontSize(11).fillColor(INK).text(section.title, MARGIN, pdf.y + 4, { width: WIDTH });
    pdf.moveDown(0.3);
    section.items.forEach((item, i) => {
      if (pdf.y > 700) pdf.addPage();
      const y = pdf.y;
      const result = item.answer?.result;
      pdf.font("Helvetica").fontSize(9).fillColor(INK).text(`${i + 1}. ${item.prompt}${item.required ? "" : " (optional)"}`, MARGIN, y, { width: WIDTH - 80 });
      const after = pdf.y;
      pdf
        .font("Helvetica-Bold")
        .fontSize(9)
        .fillColor(result ? RESULT_COLORS[result] : MUTED)
        .text(result ? RESULT_LABELS[result] : "Not answered", MARGIN + WIDTH - 75, y, { width: 75, align: "right" });
      pdf.y = Math.max(after, pdf.y);
      const notes = [item.answer?.note, item.answer?.raised ? `Raised ${item.answer.raised.label} (${item.answer.raised.kind === "punch_item" ? "punch item" : "observation"})` : ""].filter(Boolean);
      if (notes.length) pdf.font("Helvetica-Oblique").fontSize(8.5).fillColor(MUTED).text(notes.join(" · "), MARGIN + 14, pdf.y + 1, { width: WIDTH - 94 });
      pdf.y += 4;
    });
  }
  rule(pdf);
}

function signature(pdf: Pdf, doc: InspectionDocument) {
  if (pdf.y > 640) pdf.addPage();
  const { inspection } = doc;
  pdf.font("Helvetica-Bold").fontSize(11).fillColor(INK).text("Signature", MARGIN, pdf.y + 4);
  pdf.moveDown(0.4);
  const signed = inspection.status === "completed";
  pdf.font("Helvetica").fontSize(9.5).fillColor(INK);
  pdf.text(`Signed by: ${signed ? inspection.signedName : "not signed yet"}`);
  pdf.text(`Date: ${signed ? date(inspection.signedAt) : "—"}`);
  if (signed) pdf.fillColor(MUTED).fontSize(8.5).text("Signed with a typed name; the inspection was locked when it was signed.");
}

function footers(pdf: Pdf, doc: InspectionDocument) {
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    pdf.page.margins.bottom = 0; // the footer sits in the bottom margin: without this pdfkit would start a new page
    const text = `${doc.organization.name} · Job ${doc.project.jobNumber} · Inspection ${doc.inspection.label}`;
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED);
    pdf.text(text, MARGIN, 792 - 30, { width: WIDTH - 80, lineBreak: false });
    pdf.text(`Page ${i + 1} of ${range.count}`, MARGIN + WIDTH - 80, 792 - 30, { width: 80, align: "right", lineBreak: false });
  }
}

/** The whole PDF in memory (a few pages). */
export function renderInspectionPdf(doc: InspectionDocument): Promise<Buffer> {
  const title = `Inspection ${doc.inspection.label} · ${doc.project.jobNumber} ${doc.project.name}`;
  const pdf = new PDFDocument({ size: "LETTER", margins: { top: MARGIN, bottom: 48, left: MARGIN, right: MARGIN }, bufferPages: true, info: { Title: title, Author: doc.organization.name } });
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    try {
      letterhead(pdf, doc);
      facts(pdf, doc);
      items(pdf, doc);
      signature(pdf, doc);
      footers(pdf, doc);
      pdf.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
