/**
 * The G702/G703-style PDF of a pay application (pdfkit): page 1 is the application summary, then
 * continuation sheets with the column header repeated on every page and the totals row at the end.
 * Everything is placed at explicit positions on a fixed grid: rows are one line high (long
 * descriptions are cut with an ellipsis), so the pagination is known before drawing and every page
 * can say "Page N of M". Page margins are 0 so pdfkit never adds a page on its own.
 */
import PDFDocument from "pdfkit";
import { KIND_LABELS, type ContinuationFigures, type ContinuationRow, type G702Document } from "./g702-document.server";
import { CERTIFICATES, CONTINUATION_COLUMNS, type ContinuationKey } from "./g702-vocabulary";

type Pdf = PDFKit.PDFDocument;

const PAGE = { width: 792, height: 612 }; // US Letter, landscape
const MARGIN = 36;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const REGULAR = "Helvetica";
const BOLD = "Helvetica-Bold";
const INK = "#111827";
const MUTED = "#4b5563";
const RULE = "#9ca3af";
const SHADE = "#f3f4f6";

const FOOTER_Y = PAGE.height - 28;
const TABLE_TOP = 130;
const HEADER_HEIGHT = 50;
const ROW_HEIGHT = 14;
const TABLE_BOTTOM = PAGE.height - 48;
/** Continuation rows that fit on one page (the totals row counts as one). */
const ROWS_PER_PAGE = Math.floor((TABLE_BOTTOM - TABLE_TOP) / ROW_HEIGHT);

const amountFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** "-1234.5" → "(1,234.50)": formats the decimal string itself (exact), never a float. */
function formatAmount(value: string): string {
  const negative = value.trim().startsWith("-") && /[1-9]/.test(value);
  const text = amountFormat.format(value.trim().replace(/^-/, "") as Intl.StringNumericLiteral);
  return negative ? `(${text})` : text;
}

type Align = "left" | "right" | "center";
type Style = { size?: number; bold?: boolean; color?: string; align?: Align };

/** The longest prefix of `text` (plus "…") that fits `width` in the current font. */
function fitted(pdf: Pdf, text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (pdf.widthOfString(flat) <= width) return flat;
  let [low, high] = [0, flat.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (pdf.widthOfString(`${flat.slice(0, mid).trimEnd()}…`) <= width) low = mid;
    else high = mid - 1;
  }
  return `${flat.slice(0, low).trimEnd()}…`;
}

/** One line of text inside [x, x + width], never wrapping and never past its box. */
function put(pdf: Pdf, text: string, x: number, y: number, width: number, style: Style = {}) {
  pdf.font(style.bold ? BOLD : REGULAR).fontSize(style.size ?? 9).fillColor(style.color ?? INK);
  const line = fitted(pdf, text, width);
  const w = pdf.widthOfString(line);
  const dx = style.align === "right" ? width - w : style.align === "center" ? (width - w) / 2 : 0;
  pdf.text(line, x + dx, y, { lineBreak: false });
}

/** A right-aligned amount: shrinks the type rather than cutting digits off. */
function putAmount(pdf: Pdf, text: string, x: number, y: number, width: number, style: Style = {}) {
  let size = style.size ?? 9;
  pdf.font(style.bold ? BOLD : REGULAR);
  while (size > 5 && pdf.fontSize(size).widthOfString(text) > width) size -= 0.5;
  put(pdf, text, x, y, width, { ...style, size, align: "right" });
}

function rule(pdf: Pdf, x1: number, y: number, x2: number, width = 0.5, color = RULE) {
  pdf.save().moveTo(x1, y).lineTo(x2, y).lineWidth(width).strokeColor(color).stroke().restore();
}

function shade(pdf: Pdf, x: number, y: number, width: number, height: number, color = SHADE) {
  pdf.save().rect(x, y, width, height).fillColor(color).fill().restore();
}

function addPage(pdf: Pdf) {
  pdf.addPage({ size: "LETTER", layout: "landscape", margin: 0 });
}

function footer(pdf: Pdf, doc: G702Document, page: number, pages: number) {
  rule(pdf, MARGIN, FOOTER_Y - 6, PAGE.width - MARGIN);
  const left = `${doc.organization.name} · Job ${doc.project.jobNumber} ${doc.project.name} · Application No. ${doc.application.number}`;
  put(pdf, left, MARGIN, FOOTER_Y, CONTENT_WIDTH - 120, { size: 7.5, color: MUTED });
  put(pdf, `Page ${page} of ${pages}`, PAGE.width - MARGIN - 110, FOOTER_Y, 110, { size: 7.5, color: MUTED, align: "right" });
}

// ---------------------------------------------------------------- page 1: application summary

function letterhead(pdf: Pdf, doc: G702Document) {
  let x = MARGIN;
  if (doc.organization.logo) {
    try {
      pdf.image(doc.organization.logo.bytes, MARGIN, MARGIN, { fit: [110, 48] });
      x = MARGIN + 122;
    } catch {
      // an image pdfkit cannot read: the document goes out without it rather than failing
    }
  }
  put(pdf, doc.organization.name, x, MARGIN, 360, { size: 15, bold: true });
  doc.organization.address
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .slice(0, 3)
    .forEach((line, i) => put(pdf, line, x, MARGIN + 20 + i * 11, 360, { size: 8.5, color: MUTED }));

  const right = PAGE.width - MARGIN - 260;
  put(pdf, "Application for Payment", right, MARGIN, 260, { size: 16, bold: true, align: "right" });
  put(pdf, `${KIND_LABELS[doc.application.kind]} · Application No. ${doc.application.number}`, right, MARGIN + 21, 260, { size: 10, align: "right" });
  put(pdf, "Summary of the contract and amounts due", right, MARGIN + 35, 260, { size: 8.5, color: MUTED, align: "right" });
  rule(pdf, MARGIN, MARGIN + 56, PAGE.width - MARGIN, 1, INK);
}

function facts(pdf: Pdf, x: number, y: number, width: number, rows: [string, string][]) {
  rows.forEach(([label, value], i) => {
    put(pdf, label, x, y + i * 14, 90, { size: 8, color: MUTED });
    put(pdf, value || "—", x + 92, y + i * 14, width - 92, { size: 9 });
  });
}

function applicationFacts(pdf: Pdf, doc: G702Document, y: number) {
  const { application: app, project, contract } = doc;
  const half = CONTENT_WIDTH / 2;
  facts(pdf, MARGIN, y, half - 12, [
    ["Project", `${project.jobNumber} · ${project.name}`],
    ["Project address", project.address.replace(/\s*\r?\n\s*/g, ", ")],
    ["Owner", contract.ownerName],
    ["Contract", contract.title],
    ["Contractor", doc.organization.name],
  ]);
  facts(pdf, MARGIN + half + 12, y, half - 12, [
    ["Application No.", String(app.number)],
    ["Period to", app.periodEnd],
    ["Application date", app.applicationDate],
    ["Payment due", app.dueDate],
    ["Status", app.statusText],
  ]);
}

function summaryTable(pdf: Pdf, doc: G702Document, y: number): number {
  const width = 490;
  const amountWidth = 100;
  put(pdf, "Contract summary", MARGIN, y, width, { size: 11, bold: true });
  let rowY = y + 18;
  rule(pdf, MARGIN, rowY - 3, MARGIN + width, 0.75, INK);
  for (const line of doc.summary) {
    const due = line.number === "8";
    if (due) shade(pdf, MARGIN, rowY - 3, width, 17, "#e5e7eb");
    const indent = line.part ? 24 : 0;
    const style: Style = { size: line.part ? 8 : 9.5, bold: due, color: line.part ? MUTED : INK };
    put(pdf, line.number, MARGIN + 4 + indent, rowY + 1, 22, style);
    const labelWidth = width - amountWidth - 40 - indent;
    put(pdf, line.label, MARGIN + 30 + indent, rowY + 1, labelWidth, style);
    const used = Math.min(pdf.widthOfString(line.label), labelWidth);
    if (line.note && used + 40 < labelWidth)
      put(pdf, `(${line.note})`, MARGIN + 34 + indent + used, rowY + 2, labelWidth - used - 4, { size: 7.5, color: MUTED });
    putAmount(pdf, `$${formatAmount(line.amount)}`, MARGIN + width - amountWidth - 4 - indent, rowY + 1, amountWidth, style);
    rowY += 17;
    rule(pdf, MARGIN, rowY - 3, MARGIN + width, 0.3);
  }
  return rowY;
}

/** A certificate to fill in by hand: its title, its statement and one blank line per field. */
function certificateBlock(pdf: Pdf, x: number, y: number, width: number, block: { title: string; statement: string; fields: readonly string[] }) {
  put(pdf, block.title, x, y, width, { size: 9, bold: true });
  pdf.font(REGULAR).fontSize(7).fillColor(MUTED).text(block.statement, x, y + 13, { width, height: 38, lineGap: 0.5 });
  block.fields.forEach((field, i) => {
    const fy = y + 68 + i * 19;
    rule(pdf, x, fy, x + width, 0.75, INK);
    put(pdf, field, x, fy + 2, width, { size: 6.5, color: MUTED });
  });
}

const SIDE_X = MARGIN + 500;
const SIDE_WIDTH = CONTENT_WIDTH - 500;

/** The change order summary beside the nine lines: additions and deductions by period, the net change (line 2), what the periods mean. */
function changeOrderBlock(pdf: Pdf, doc: G702Document, y: number): number {
  const block = doc.changeOrders;
  const [x, width, amount] = [SIDE_X, SIDE_WIDTH, 50];
  const label = width - 2 * amount - 4;
  put(pdf, block.title, x, y, width, { size: 11, bold: true });
  let rowY = y + 18;
  const row = (cells: [string, string, string], style: Style) => {
    put(pdf, cells[0], x, rowY, label, style);
    putAmount(pdf, cells[1], x + label + 2, rowY, amount, style);
    putAmount(pdf, cells[2], x + label + amount + 4, rowY, amount, style);
    rowY += 12;
  };
  row([block.columns.label, block.columns.additions, block.columns.deductions], { size: 7, bold: true, color: MUTED });
  rule(pdf, x, rowY - 3, x + width, 0.5, INK);
  for (const line of block.rows) row([line.label, formatAmount(line.additions), formatAmount(line.deductions)], { size: 7.5, bold: line.strong });
  rule(pdf, x, rowY - 3, x + width, 0.3);
  put(pdf, block.net.label, x, rowY, width - 64, { size: 7.5, bold: true });
  putAmount(pdf, `$${formatAmount(block.net.amount)}`, x + width - 62, rowY, 62, { size: 7.5, bold: true });
  put(pdf, `(${block.net.note})`, x, rowY + 10, width, { size: 6.5, color: MUTED });
  const text = block.notes.join(" ");
  pdf.font(REGULAR).fontSize(6.5).fillColor(MUTED);
  const height = pdf.heightOfString(text, { width, lineGap: 0.5 });
  pdf.text(text, x, rowY + 21, { width, lineGap: 0.5 });
  return rowY + 21 + height + 10;
}

function sideNotes(pdf: Pdf, doc: G702Document, y: number) {
  const [x, width] = [SIDE_X, SIDE_WIDTH];
  put(pdf, "Notes", x, y, width, { size: 11, bold: true });
  const notes = [
    "The continuation sheets list each line of the schedule of values; their totals give lines 4 and 5.",
    "Line 7 is line 6 of the last approved application.",
    doc.application.kind === "retainage_release" ? "This application releases retainage only: the work figures are those of the last approved application." : "",
    doc.application.kind === "opening"
      ? "Opening position: the billing of the applications certified before this system was used, entered at onboarding. Line 8 is the total of those certificates; it is not an application for payment."
      : "",
    doc.application.status === "draft" || doc.application.status === "submitted" ? "Not yet certified: the amounts may still change." : "",
  ].filter(Boolean);
  pdf.font(REGULAR).fontSize(7.5).fillColor(MUTED).text(notes.join("\n"), x, y + 16, { width, height: Math.max(NOTES_BOTTOM - y - 16, 20), lineGap: 0.5 });
}

/** Where the side column ends: the certificate blocks start at 400. */
const NOTES_BOTTOM = 392;

function summaryPage(pdf: Pdf, doc: G702Document, pages: number) {
  addPage(pdf);
  letterhead(pdf, doc);
  applicationFacts(pdf, doc, MARGIN + 66);
  const top = MARGIN + 146;
  const bottom = summaryTable(pdf, doc, top);
  sideNotes(pdf, doc, changeOrderBlock(pdf, doc, top));
  const y = Math.max(bottom + 8, 400);
  const gap = 18;
  const width = (CONTENT_WIDTH - 2 * gap) / 3;
  [CERTIFICATES.contractor, CERTIFICATES.notary, CERTIFICATES.architect].forEach((block, i) => certificateBlock(pdf, MARGIN + i * (width + gap), y, width, block));
  footer(pdf, doc, 1, pages);
}

// ---------------------------------------------------------------- continuation sheets

type TotalsRow = ContinuationFigures & { total: true };
type Column = { letter: string; label: string; width: number; value: (row: ContinuationRow | TotalsRow) => string; align: Align };

const WIDTHS: Record<ContinuationKey, number> = {
  item: 32,
  description: 168,
  scheduledValue: 70,
  previousApplications: 72,
  thisPeriod: 66,
  storedMaterials: 66,
  completedAndStored: 72,
  percentComplete: 38,
  balanceToFinish: 70,
  retainage: 66,
};

function valueOf(key: ContinuationKey): Column["value"] {
  if (key === "item") return (r) => ("total" in r ? "" : String(r.lineNumber));
  if (key === "description") return (r) => ("total" in r ? "Totals" : r.description);
  if (key === "percentComplete") return (r) => `${r.percentComplete}%`;
  return (r) => formatAmount(r[key]);
}

const COLUMNS: Column[] = CONTINUATION_COLUMNS.map((c) => ({
  letter: c.letter,
  label: c.label,
  width: WIDTHS[c.key],
  value: valueOf(c.key),
  align: c.key === "item" ? "center" : c.key === "description" ? "left" : "right",
}));
const PAD = 3;

function continuationHeader(pdf: Pdf, doc: G702Document) {
  const { application: app, project } = doc;
  put(pdf, "Continuation sheet · schedule of values", MARGIN, MARGIN, 400, { size: 13, bold: true });
  put(pdf, `Application No. ${app.number} · Period to ${app.periodEnd}`, PAGE.width - MARGIN - 300, MARGIN + 2, 300, { size: 10, align: "right" });
  put(pdf, `${doc.organization.name} · Job ${project.jobNumber} ${project.name} · Owner ${doc.contract.ownerName}`, MARGIN, MARGIN + 18, CONTENT_WIDTH, { size: 8.5, color: MUTED });
  if (app.kind === "retainage_release")
    put(pdf, "Retainage release: the retainage column shows what is still withheld after this release.", MARGIN, MARGIN + 30, CONTENT_WIDTH, { size: 8, color: MUTED });

  const top = TABLE_TOP - HEADER_HEIGHT - 2;
  shade(pdf, MARGIN, top, CONTENT_WIDTH, HEADER_HEIGHT, "#e5e7eb");
  let x = MARGIN;
  for (const column of COLUMNS) {
    const align = column.align === "left" ? "left" : "center";
    if (column.letter) put(pdf, column.letter, x + PAD, top + 3, column.width - 2 * PAD, { size: 7.5, bold: true, align });
    pdf.font(BOLD).fontSize(6.5).fillColor(INK).text(column.label, x + PAD, top + 13, { width: column.width - 2 * PAD, height: HEADER_HEIGHT - 14, align, lineGap: 0 });
    x += column.width;
  }
  rule(pdf, MARGIN, TABLE_TOP - 2, PAGE.width - MARGIN, 0.75, INK);
}

function tableRow(pdf: Pdf, row: ContinuationRow | TotalsRow, y: number, striped: boolean) {
  const total = "total" in row;
  if (total) rule(pdf, MARGIN, y - 2, PAGE.width - MARGIN, 1, INK);
  else if (striped) shade(pdf, MARGIN, y - 2, CONTENT_WIDTH, ROW_HEIGHT);
  let x = MARGIN;
  for (const column of COLUMNS) {
    const text = column.value(row);
    const style: Style = { size: 8, bold: total, align: column.align };
    if (column.align === "right") putAmount(pdf, text, x + PAD, y + 1, column.width - 2 * PAD, style);
    else put(pdf, text, x + PAD, y + 1, column.width - 2 * PAD, style);
    x += column.width;
  }
}

/** The continuation rows page by page; the totals row goes after the last one, on a page of its own only if the last is full. */
function paginate(rows: ContinuationRow[]): ContinuationRow[][] {
  const pages: ContinuationRow[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_PAGE) pages.push(rows.slice(i, i + ROWS_PER_PAGE));
  if (pages.length === 0 || pages[pages.length - 1].length === ROWS_PER_PAGE) pages.push([]);
  return pages;
}

function continuationPages(pdf: Pdf, doc: G702Document, sheets: ContinuationRow[][], pages: number) {
  sheets.forEach((rows, i) => {
    addPage(pdf);
    continuationHeader(pdf, doc);
    rows.forEach((row, n) => tableRow(pdf, row, TABLE_TOP + n * ROW_HEIGHT, n % 2 === 1));
    if (i === sheets.length - 1) tableRow(pdf, { ...doc.totals, total: true }, TABLE_TOP + rows.length * ROW_HEIGHT + 2, false);
    footer(pdf, doc, i + 2, pages);
  });
}

/** The whole PDF in memory (a few pages: small). */
export function renderG702Pdf(doc: G702Document): Promise<Buffer> {
  const title = `Application for Payment No. ${doc.application.number} · ${doc.project.jobNumber} ${doc.project.name}`;
  const pdf = new PDFDocument({ autoFirstPage: false, margin: 0, info: { Title: title, Author: doc.organization.name } });
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    pdf.on("data", (chunk: Buffer) => chunks.push(chunk));
    pdf.on("end", () => resolve(Buffer.concat(chunks)));
    pdf.on("error", reject);
    try {
      const sheets = paginate(doc.rows);
      const pages = 1 + sheets.length;
      summaryPage(pdf, doc, pages);
      continuationPages(pdf, doc, sheets, pages);
      pdf.end();
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

export const pdfHeaders = (filename: string) => ({
  "Content-Type": "application/pdf",
  "Content-Disposition": `attachment; filename="${filename}"`,
  "Cache-Control": "no-store",
});
