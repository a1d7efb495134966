/**
 * An aging report as .xlsx: a summary sheet (open amounts and retainage by party and bucket, each
 * section with its totals, then the grand total) and a sheet of every open document behind it.
 * Built in memory: an aging holds one row per open document, not per invoice line.
 */
import ExcelJS from "exceljs";
import { AGING_BUCKETS, AGING_BUCKET_LABELS, type AgingAmounts } from "./aging";
import type { AgingDetail, AgingPage, AgingPartyRow, AgingReportLabels } from "./aging-report";
import { excelNumber, MONEY_FORMAT, neutralizeCell, xlsxHeaders } from "./excel.server";

type AgingLabels = Pick<AgingReportLabels, "title" | "party" | "open" | "retainage">;

const amounts = (row: AgingAmounts) => [...AGING_BUCKETS.map((b) => excelNumber(row.buckets[b])), excelNumber(row.total)];

function summarySheet(workbook: ExcelJS.Workbook, page: AgingPage, labels: AgingLabels) {
  const sheet = workbook.addWorksheet("Aging", { views: [{ state: "frozen", ySplit: 2 }] });
  sheet.columns = [{ width: 36 }, ...AGING_BUCKETS.map(() => ({ width: 16, style: { numFmt: MONEY_FORMAT } })), { width: 16, style: { numFmt: MONEY_FORMAT } }];
  sheet.addRow([neutralizeCell(`${labels.title} · as of ${page.asOf}`)]).font = { bold: true, size: 13 };
  sheet.addRow([labels.party, ...AGING_BUCKETS.map((b) => AGING_BUCKET_LABELS[b]), "Total"]).font = { bold: true };
  const section = (title: string, rows: AgingPartyRow[], totals: AgingAmounts) => {
    sheet.addRow([title]).font = { bold: true };
    for (const row of rows) sheet.addRow([neutralizeCell(row.party), ...amounts(row)]);
    sheet.addRow([`Total ${title.toLowerCase()}`, ...amounts(totals)]).font = { bold: true };
  };
  section(labels.open, page.open.rows, page.open.totals);
  section(labels.retainage, page.retainage.rows, page.retainage.totals);
  const total = sheet.addRow(["Total open", ...AGING_BUCKETS.map(() => null), excelNumber(page.total)]);
  total.font = { bold: true };
  total.border = { top: { style: "double" } };
}

function documentsSheet(workbook: ExcelJS.Workbook, documents: AgingDetail[], labels: AgingLabels) {
  const sheet = workbook.addWorksheet("Open items", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: labels.party, key: "party", width: 30 },
    { header: "Document", key: "label", width: 28 },
    { header: "Project", key: "project", width: 30 },
    { header: "Kind", key: "kind", width: 12 },
    { header: "Due date", key: "dueDate", width: 12, style: { numFmt: "yyyy-mm-dd" } },
    { header: "Days past due", key: "days", width: 14 },
    { header: "Bucket", key: "bucket", width: 14 },
    { header: "Open amount", key: "amount", width: 16, style: { numFmt: MONEY_FORMAT } },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const d of documents)
    sheet.addRow({
      party: neutralizeCell(d.party),
      label: neutralizeCell(d.label),
      project: neutralizeCell(d.project),
      kind: d.isRetainage ? "Retainage" : "Open",
      dueDate: new Date(`${d.dueDate}T00:00:00Z`),
      days: d.daysPastDue,
      bucket: AGING_BUCKET_LABELS[d.bucket],
      amount: excelNumber(d.openAmount),
    });
}

async function agingWorkbook(report: { page: AgingPage; documents: AgingDetail[] }, labels: AgingLabels): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  summarySheet(workbook, report.page, labels);
  documentsSheet(workbook, report.documents, labels);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The report of agingExport as a download. */
export async function agingXlsxResponse(report: { page: AgingPage; documents: AgingDetail[] }, labels: AgingLabels, filename: string): Promise<Response> {
  const body = await agingWorkbook(report, labels);
  return new Response(new Uint8Array(body), { headers: xlsxHeaders(filename) });
}
