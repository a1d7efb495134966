/**
 * The per-subcontractor punch list PDF (pdfkit, US Letter portrait): the organization's letterhead
 * (logo and name, as on the G702), the project and subcontractor, the open items grouped by
 * location with a tick box each, and a signature block for the subcontractor's sign-off.
 * Text flows top to bottom; a block that would not fit starts a new page; every page says "Page N of M".
 */
import PDFDocument from "pdfkit";
import type { VendorPunchDocument } from "./punch-pdf-document.server";
import { PUNCH_PRIORITY_LABELS, PUNCH_STATUS_LABELS, punchNumber } from "./punch.schema";

type Pdf = PDFKit.PDFDocument;

const PAGE = { width: 612, height: 792 };
const MARGIN = 48;
const WIDTH = PAGE.width - 2 * MARGIN;
const BOTTOM = PAGE.height - 64;
const INK = "#111827";
const MUTED = "#4b5563";
const RULE = "#9ca3af";

function rule(pdf: Pdf, y: number, color = RULE, width = 0.5) {
  pdf.save().moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(width).strokeColor(color).stroke().restore();
}

/** Starts a new page when `height` more points would not fit above the footer. */
function room(pdf: Pdf, height: number) {
  if (pdf.y + height > BOTTOM) {
    pdf.addPage();
    pdf.y = MARGIN;
  }
}

function letterhead(pdf: Pdf, doc: VendorPunchDocument) {
  let x = MARGIN;
  if (doc.organization.logo) {
    try {
      pdf.image(doc.organization.logo.bytes, MARGIN, MARGIN, { fit: [100, 44] });
      x = MARGIN + 112;
    } catch {
      // an image pdfkit cannot read: the document goes out without it rather than failing
    }
  }
  pdf.font("Helvetica-Bold").fontSize(14).fillColor(INK).text(doc.organization.name, x, MARGIN, { width: 250, lineBreak: false, ellipsis: true });
  doc.organization.address
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 3)
    .forEach((line, i) => pdf.font("Helvetica").fontSize(8.5).fillColor(MUTED).text(line, x, MARGIN + 19 + i * 11, { width: 250, lineBreak: false, ellipsis: true }));
  const right = { x: PAGE.width - MARGIN - 220, width: 220, align: "right" as const };
  pdf.font("Helvetica-Bold").fontSize(16).fillColor(INK).text("Punch list", right.x, MARGIN, { width: right.width, align: "right" });
  pdf.font("Helvetica").fontSize(9.5).text(doc.vendor.name, right.x, MARGIN + 21, right);
  pdf.fillColor(MUTED).text(`Job ${doc.project.jobNumber} ${doc.project.name}`, right.x, pdf.y + 1, right);
  pdf.text(`Open items as of ${doc.today}`, right.x, pdf.y + 1, right);
  const y = Math.max(pdf.y, MARGIN + 56) + 8;
  rule(pdf, y, INK, 1);
  pdf.y = y + 12;
}

function item(pdf: Pdf, row: VendorPunchDocument["locations"][number]["items"][number]) {
  const details = [
    `Priority: ${PUNCH_PRIORITY_LABELS[row.priority]}`,
    PUNCH_STATUS_LABELS[row.status],
    row.dueDate ? `Due ${row.dueDate}${row.overdue ? " (overdue)" : ""}` : null,
    row.trade || null,
    row.assignee ? `Assignee: ${row.assignee}` : null,
  ].filter(Boolean);
  const textX = MARGIN + 22;
  const textWidth = WIDTH - 22;
  const description = row.description.trim();
  pdf.font("Helvetica").fontSize(8.5);
  const height = 28 + (description ? pdf.heightOfString(description, { width: textWidth }) : 0);
  room(pdf, height);
  const top = pdf.y;
  pdf.save().rect(MARGIN + 2, top + 1, 10, 10).lineWidth(0.8).strokeColor(INK).stroke().restore();
  pdf.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(`${punchNumber(row.number)}  ${row.title}`, textX, top, { width: textWidth });
  pdf.font("Helvetica").fontSize(8.5).fillColor(row.overdue ? "#b91c1c" : MUTED).text(details.join(" · "), textX, pdf.y + 1, { width: textWidth });
  if (description) pdf.fillColor(INK).text(description, textX, pdf.y + 1, { width: textWidth });
  pdf.y += 8;
}

function signatureBlock(pdf: Pdf) {
  room(pdf, 110);
  pdf.y += 10;
  rule(pdf, pdf.y);
  pdf.y += 10;
  pdf.font("Helvetica-Bold").fontSize(10).fillColor(INK).text("Subcontractor sign-off", MARGIN, pdf.y);
  pdf.font("Helvetica").fontSize(8.5).fillColor(MUTED).text("The items ticked above are complete and ready for the project team's review.", MARGIN, pdf.y + 2, { width: WIDTH });
  const y = pdf.y + 34;
  const fields: [string, number, number][] = [["Signature", MARGIN, 220], ["Name", MARGIN + 240, 160], ["Date", MARGIN + 420, WIDTH - 420]];
  for (const [label, x, width] of fields) {
    pdf.save().moveTo(x, y).lineTo(x + width, y).lineWidth(0.8).strokeColor(INK).stroke().restore();
    pdf.font("Helvetica").fontSize(8).fillColor(MUTED).text(label, x, y + 4, { width, lineBreak: false });
  }
  pdf.y = y + 20;
}

function footers(pdf: Pdf, doc: VendorPunchDocument) {
  const range = pdf.bufferedPageRange();
  for (let i = 0; i < range.count; i++) {
    pdf.switchToPage(range.start + i);
    const y = PAGE.height - 40;
    rule(pdf, y - 6);
    const text = `${doc.organization.name} · Job ${doc.project.jobNumber} · Punch list for ${doc.vendor.name}`;
    pdf.font("Helvetica").fontSize(7.5).fillColor(MUTED).text(text, MARGIN, y, { width: WIDTH - 90, lineBreak: false, ellipsis: true, height: 10 });
    pdf.text(`Page ${i + 1} of ${range.count}`, PAGE.width - MARGIN - 90, y, { width: 90, align: "right", lineBreak: false, height: 10 });
  }
}

export async function renderVendorPunchPdf(doc: VendorPunchDocument): Promise<Buffer> {
  const pdf = new PDFDocument({ size: "LETTER", margin: 0, bufferPages: true, info: { Title: `Punch list ${doc.vendor.name} ${doc.project.jobNumber}` } });
  const chunks: Buffer[] = [];
  pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
  });
  letterhead(pdf, doc);
  pdf.font("Helvetica").fontSize(9.5).fillColor(INK).text(doc.itemCount === 0 ? "No open items: nothing is waiting on this subcontractor." : `${doc.itemCount} open item${doc.itemCount === 1 ? "" : "s"}, grouped by location.`, MARGIN, pdf.y, { width: WIDTH });
  pdf.y += 8;
  for (const group of doc.locations) {
    room(pdf, 50);
    pdf.save().rect(MARGIN, pdf.y, WIDTH, 18).fillColor("#f3f4f6").fill().restore();
    pdf.font("Helvetica-Bold").fontSize(10.5).fillColor(INK).text(group.location, MARGIN + 6, pdf.y + 4, { width: WIDTH - 12, lineBreak: false, ellipsis: true });
    pdf.y += 10;
    for (const row of group.items) item(pdf, row);
  }
  signatureBlock(pdf);
  footers(pdf, doc);
  pdf.end();
  return done;
}

/** "punch-list-2501-Summit-Painting.pdf": safe in a quoted Content-Disposition. */
export function vendorPunchFilename(doc: VendorPunchDocument) {
  const base = `punch-list-${doc.project.jobNumber}-${doc.vendor.name}`.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 100);
  return `${base}.pdf`;
}
