import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { changeOrderLines, changeOrders, costCodes, costTypes, organizations } from "@db/schema";
import { addSovLinesForChangeOrder } from "~/domains/contracts/sov.server";
import { withTenant } from "~/utils/db.server";
import { MONEY_FORMAT } from "~/utils/excel.server";
import { dec, formatAmount } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { callRoute, routeArgs, signIn, useDevelopmentCookies } from "../../../tests/support/route-requests";
import { billingProject } from "./billing-test-fixtures";
import { loadG702Document, type G702Document } from "./g702-document.server";
import { CERTIFICATES, CONTINUATION_COLUMNS, retainageTermsOf } from "./g702-vocabulary";
import { renderG702Pdf } from "./g702-pdf.server";
import { renderG702Xlsx } from "./g702-xlsx.server";
import { certifyPayApp, createPayApplication, submitPayApp, updatePayAppLine } from "./pay-app-workflow.server";
import { ContinuationSheet } from "./pay-app-page-lines";
import { PayAppChangeOrders, PayAppSummary } from "./pay-app-page-summary";
import { continuationLine, continuationTotals } from "./pay-app-page-view";
import { payAppLines, summaryOf, type PayApp } from "./pay-apps.server";
import { loader as pdfLoader } from "./routes/pay-app-pdf";
import { loader as xlsxLoader } from "./routes/pay-app-xlsx";

/** An Excel number cell read back as an exact two-decimal amount, to compare with stored money. */
const cellMoney = (value: unknown) => dec(String(value)).toFixed(2);

const LINES = 60;
const LONG = `Work package 07 ${"with a very long description of the scope that cannot fit in its column ".repeat(4)}END-OF-TEXT`;
const describe07 = (n: number) => (n === 7 ? LONG : `Work package ${String(n).padStart(2, "0")}`);
/** 12,345.67 + n × 1,000.00 for n = 1 … 60: a contract of 2,570,740.20. */
const scheduled = (n: number) => dec("12345.67").plus(n * 1000).toFixed(2);
// A 1×1 PNG.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==", "base64");

/** Text with its whitespace (line breaks of wrapped PDF text) folded to single spaces. */
const flat = (text: string) => text.replace(/\s+/g, " ");

/** Independent of the code under test: a JS number is exact enough to format these amounts. */
const shown = formatAmount;

/** An organization (with a PNG logo) whose project bills a 60-line schedule of values; two certified applications. */
async function billedProject() {
  const sov = Array.from({ length: LINES }, (_, i) => ({ description: describe07(i + 1), scheduledValue: scheduled(i + 1) }));
  const account = await billingProject("g702", { jobNumber: "2501/B", name: "Library", ownerName: "County of Springfield", sov });
  const { run, projectId } = account;
  await run((tx) => tx.update(organizations).set({ address: "12 Quarry Lane\nSpringfield, IL 62701", logo: PNG, logoContentType: "image/png" }));

  /** One application: every line to `percent` complete, and materials stored on line 2. */
  const bill = (percent: string, stored: string, dates: { periodEnd: string; applicationDate: string; dueDate: string }) =>
    run(async (tx) => {
      let app: PayApp = await createPayApplication(tx, projectId, { ...dates, createdBy: account.userId });
      for (const line of await payAppLines(tx, app.id))
        app = await updatePayAppLine(tx, app.id, { lineId: line.id, version: app.version, percentToDate: percent, storedNow: line.lineNumber === 2 ? stored : "0", correction: false });
      const submitted = await submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: account.userId });
      return certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: account.userId });
    });
  await bill("25", "0", { periodEnd: "2026-01-31", applicationDate: "2026-02-01", dueDate: "2026-03-02" });
  const app = await bill("60", "1500.00", { periodEnd: "2026-02-28", applicationDate: "2026-03-01", dueDate: "2026-03-31" });
  return { account, run, app };
}

describe("G702/G703-style documents", () => {
  let billed: Awaited<ReturnType<typeof billedProject>>;
  let doc: G702Document;
  useDevelopmentCookies();
  beforeAll(async () => {
    billed = await billedProject();
    doc = await billed.run((tx) => loadG702Document(tx, billed.app.id));
  }, 120_000);

  it("the document model carries the stored G702 lines, and the continuation totals tie to lines 3, 4 and 5", () => {
    const { app } = billed;
    expect(app.status).toBe("certified");
    expect(app.line3ContractSumToDate).toBe("2570740.20");
    expect(dec(app.line7PreviousCertificates).greaterThan(0)).toBe(true);
    expect(doc.summary.map((l) => [l.number, l.amount])).toEqual([
      ["1", app.line1OriginalContractSum],
      ["2", app.line2NetChange],
      ["3", app.line3ContractSumToDate],
      ["4", app.line4CompletedAndStored],
      ["5a", app.line5aRetainageCompleted],
      ["5b", app.line5bRetainageStored],
      ["5", app.line5Retainage],
      ["6", app.line6EarnedLessRetainage],
      ["7", app.line7PreviousCertificates],
      ["8", app.line8CurrentPaymentDue],
      ["9", app.line9BalanceToFinish],
    ]);
    expect(doc.rows).toHaveLength(LINES);
    expect(doc.totals).toMatchObject({ scheduledValue: app.line3ContractSumToDate, completedAndStored: app.line4CompletedAndStored, retainage: app.line5Retainage });
    expect(doc.rows[1]).toMatchObject({ lineNumber: 2, storedMaterials: "1500.00", percentComplete: "70.46", retainage: "1010.74" });
    expect(doc.organization.logo?.contentType).toBe("image/png");
    expect(doc.application.statusText).toMatch(/^Certified on \d{4}-\d{2}-\d{2} by Test g702$/);
  });

  it("the PDF: summary page, continuation sheets with repeated headers, totals on the last page, page N of M", async () => {
    const pdf = await renderG702Pdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    expect(pdf.includes("/Subtype /Image")).toBe(true); // the logo
    const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)));
    // 1 summary page + 60 rows at 31 a page (31, then 29 and the totals row)
    expect(totalPages).toBe(3);
    const { app } = billed;
    const [summary, first, last] = text;
    for (const amount of [app.line3ContractSumToDate, app.line5Retainage, app.line8CurrentPaymentDue]) expect(summary).toContain(`$${shown(amount)}`);
    expect(summary).toContain("Application for Payment");
    expect(summary).toContain("12 Quarry Lane");
    expect(summary).toContain("County of Springfield");
    expect(summary).toContain("2026-02-28");
    expect(summary).toContain("Page 1 of 3");
    for (const page of [first, last]) expect(flat(page)).toContain("Total completed and stored to date (D + E + F)");
    expect(first).toContain("Work package 31");
    expect(first).not.toContain("Work package 32");
    expect(first).toContain("Page 2 of 3");
    expect(first).not.toContain("Totals");
    expect(last).toContain("Work package 60");
    expect(last).toContain("Page 3 of 3");
    expect(last).toContain("Totals");
    for (const amount of [app.line3ContractSumToDate, app.line4CompletedAndStored, app.line5Retainage]) expect(last).toContain(shown(amount));
    // the long description is cut to its column, not wrapped over the next row
    expect(first).toContain("Work package 07 with a very long");
    expect(first).toContain("…");
    expect(first).not.toContain("END-OF-TEXT");
  });

  it("the xlsx: the same numbers as plain values with the money format", async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await renderG702Xlsx(doc)).buffer);
    const { app } = billed;
    const summary = workbook.getWorksheet("Summary")!;
    const lineRow = (number: string) => summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === number)!;
    expect(cellMoney(lineRow("3").getCell(3).value)).toBe(app.line3ContractSumToDate);
    expect(cellMoney(lineRow("5").getCell(3).value)).toBe(app.line5Retainage);
    expect(cellMoney(lineRow("8").getCell(3).value)).toBe(app.line8CurrentPaymentDue);
    expect(cellMoney(lineRow("9").getCell(3).value)).toBe(app.line9BalanceToFinish);
    expect(lineRow("8").getCell(3).numFmt).toBe(MONEY_FORMAT);
    // dates are real dates, not text
    const fact = (label: string) => summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === label)!.getCell(2);
    expect(fact("Period to").value).toEqual(new Date("2026-02-28T00:00:00Z"));
    expect(fact("Payment due").value).toEqual(new Date("2026-03-31T00:00:00Z"));
    expect(fact("Period to").numFmt).toBe("yyyy-mm-dd");

    const sheet = workbook.getWorksheet("Continuation")!;
    expect(sheet.rowCount).toBe(2 + LINES + 1);
    expect(sheet.getRow(1).values).toEqual([undefined, "A", "B", "C", "D", "E", "F", "G", undefined, "H", "I"]);
    expect(sheet.getRow(2).getCell(7).value).toBe("Total completed and stored to date (D + E + F)");
    expect(sheet.getRow(4).values).toEqual([undefined, 2, "Work package 02", 14345.67, 3586.42, 5020.98, 1500, 10107.4, 0.7046, 4238.27, 1010.74]);
    const totals = sheet.getRow(LINES + 3);
    expect(totals.getCell(2).value).toBe("Totals");
    expect(cellMoney(totals.getCell(3).value)).toBe(app.line3ContractSumToDate);
    expect(cellMoney(totals.getCell(7).value)).toBe(app.line4CompletedAndStored);
    expect(cellMoney(totals.getCell(10).value)).toBe(app.line5Retainage);
    expect(totals.getCell(10).numFmt).toBe(MONEY_FORMAT);
    for (const ws of [summary, sheet])
      ws.eachRow((row) => row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it("the routes send the files to a member and 404 for another organization's or a malformed id", async () => {
    const { account, app } = billed;
    const params = { payAppId: app.id };
    const own = await signIn(account.email);
    const pdf = await pdfLoader(routeArgs(own.get(`/pay-apps/${app.id}/g702.pdf`), params));
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toBe('attachment; filename="pay-app-2501-B-2.pdf"');
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe("%PDF-");
    const xlsx = await xlsxLoader(routeArgs(own.get(`/pay-apps/${app.id}/g702.xlsx`), params));
    expect(xlsx.headers.get("Content-Disposition")).toBe('attachment; filename="pay-app-2501-B-2.xlsx"');
    expect(xlsx.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    const stranger = await newAccount("g702-stranger");
    const other = await signIn(stranger.email);
    for (const loader of [pdfLoader, xlsxLoader]) {
      expect((await callRoute(loader, other.get(`/pay-apps/${app.id}/g702`), params)).status).toBe(404);
      expect((await callRoute(loader, own.get("/pay-apps/nope/g702"), { payAppId: "nope" })).status).toBe(404);
    }
    const signedOut = await callRoute(pdfLoader, new Request(`http://localhost/pay-apps/${app.id}/g702.pdf`), params);
    expect(signedOut.status).toBe(303);
    await expect(withTenant({ organizationId: stranger.organizationId, userId: stranger.userId }, (tx) => loadG702Document(tx, app.id))).rejects.toThrow(RecordNotFound);
  });

  it("one vocabulary: the page, the PDF and the xlsx use the same words for lines 1–9, columns A–I and the certificates", async () => {
    const pdfText = flat((await extractText(await getDocumentProxy(new Uint8Array(await renderG702Pdf(doc))), { mergePages: true })).text);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await renderG702Xlsx(doc)).buffer);
    const xlsxText: string[] = [];
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => void xlsxText.push(String(cell.value)))));
    const xlsx = flat(xlsxText.join("\n"));
    const { app } = billed;
    const lines = await billed.run(async (tx) => payAppLines(tx, app.id));
    const page = flat(
      renderToString(createElement(PayAppSummary, { summary: summaryOf(app), terms: retainageTermsOf(app, lines) })) +
        renderToString(createElement(ContinuationSheet, { lines: lines.map(continuationLine), totals: continuationTotals(lines.map(continuationLine)), showReleased: false })),
    ).replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'");

    const words = [
      ...doc.summary.flatMap((l) => [l.label, ...(l.note ? [l.note] : [])]),
      ...CONTINUATION_COLUMNS.map((c) => c.label),
    ];
    expect(words).toContain("Less previous certificates for payment");
    expect(words).toContain("Current payment due");
    expect(words).toContain("From previous application (D + E)");
    // the application's own rate on 5a/5b (10 % in this project)
    expect(doc.summary.find((l) => l.number === "5a")!.label).toBe("Retainage on completed work at 10%");
    expect(doc.summary.find((l) => l.number === "5b")!.label).toBe("Retainage on stored materials at 10%");
    for (const word of words) {
      expect(pdfText, `PDF: ${word}`).toContain(word);
      expect(xlsx, `xlsx: ${word}`).toContain(word);
      expect(page, `page: ${word}`).toContain(flat(word));
    }
    for (const block of Object.values(CERTIFICATES))
      for (const word of [block.title, ...block.fields]) {
        expect(pdfText, `PDF: ${word}`).toContain(word);
        expect(xlsx, `xlsx: ${word}`).toContain(word);
      }
  });

  it("leaves out a WebP logo (pdfkit embeds PNG and JPEG only)", async () => {
    await billed.run((tx) => tx.update(organizations).set({ logoContentType: "image/webp" }));
    const webp = await billed.run((tx) => loadG702Document(tx, billed.app.id));
    expect(webp.organization.logo).toBeNull();
    expect((await renderG702Pdf(webp)).includes("/Subtype /Image")).toBe(false);
  });
});

describe("the change order summary on the G702", () => {
  it("splits approved prime change orders by approval date against the previous period end; the same words and figures on the page, the PDF and the xlsx", async () => {
    const account = await billingProject("g702-co");
    const { run, projectId } = account;
    const dates = (month: string, end: string) => ({ periodEnd: `2026-${month}-${end}`, applicationDate: `2026-${month}-${end}`, dueDate: `2026-${month}-${end}` });
    const certify = async (app: PayApp) => {
      const submitted = await run((tx) => submitPayApp(tx, { payAppId: app.id, version: app.version, actorId: account.userId }));
      return run((tx) => certifyPayApp(tx, { payAppId: app.id, version: submitted.version, actorId: account.userId }));
    };
    await certify(await run((tx) => createPayApplication(tx, projectId, { ...dates("01", "31"), createdBy: account.userId })));

    // approved (by the organization's calendar, America/New_York): Jan 31 23:30 local is still a previous month
    const { codeId, typeId } = await run(async (tx) => ({
      codeId: (await tx.insert(costCodes).values({ organizationId: account.organizationId, code: "96-1000", name: "Owner changes" }).returning())[0].id,
      typeId: (await tx.insert(costTypes).values({ organizationId: account.organizationId, code: "OWN", name: "Owner" }).returning())[0].id,
    }));
    let number = 0;
    const approved = (decidedAt: string, amounts: string[]) =>
      run(async (tx) => {
        const [co] = await tx
          .insert(changeOrders)
          .values({ organizationId: account.organizationId, projectId, number: ++number, kind: "prime", stage: "change_order", status: "approved", title: `Change ${number}`, decidedAt: new Date(decidedAt) })
          .returning();
        await tx.insert(changeOrderLines).values(amounts.map((amount, i) => ({ organizationId: account.organizationId, changeOrderId: co.id, lineNumber: i + 1, costCodeId: codeId, costTypeId: typeId, amount })));
        await addSovLinesForChangeOrder(tx, co.id);
      });
    await approved("2026-01-10T15:00:00Z", ["1000.00", "280.00"]);
    await approved("2026-02-01T04:30:00Z", ["-300.50"]); // Jan 31, 23:30 in New York
    await approved("2026-02-12T15:00:00Z", ["2500.25"]);
    await approved("2026-02-20T15:00:00Z", ["-1000.00", "200.00"]);
    const app = await certify(await run((tx) => createPayApplication(tx, projectId, { ...dates("02", "28"), createdBy: account.userId })));
    // approved after certification: in neither period of this application
    await approved("2026-12-20T15:00:00Z", ["99.00"]);

    const doc = await run((tx) => loadG702Document(tx, app.id));
    expect(app.line2NetChange).toBe("2679.75");
    expect(doc.changeOrders.rows).toEqual([
      { label: "Approved in previous months", additions: "1280.00", deductions: "300.50" },
      { label: "Approved this month", additions: "2500.25", deductions: "800.00" },
      { label: "Totals", additions: "3780.25", deductions: "1100.50", strong: true },
    ]);
    expect(doc.changeOrders.net).toMatchObject({ label: "Net change by change orders (line 2)", amount: app.line2NetChange });
    expect(doc.changeOrders.notes).toEqual([
      "Previous months: approved on or before 2026-01-31, the end of the previous application's period. This month: approved after it, up to when this application's figures were fixed.",
    ]);

    const pdfText = flat((await extractText(await getDocumentProxy(new Uint8Array(await renderG702Pdf(doc))), { mergePages: true })).text);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(new Uint8Array(await renderG702Xlsx(doc)).buffer);
    const summary = workbook.getWorksheet("Summary")!;
    const xlsxRows = summary.getRows(1, summary.rowCount)!.map((r) => [r.getCell(2).value, r.getCell(3).value, r.getCell(4).value]);
    const page = flat(renderToString(createElement(PayAppChangeOrders, { block: doc.changeOrders })).replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'"));

    const block = doc.changeOrders;
    for (const word of [block.title, block.columns.label, block.columns.additions, block.columns.deductions, block.net.label, block.net.note, ...block.notes]) {
      expect(pdfText, `PDF: ${word}`).toContain(word);
      expect(page, `page: ${word}`).toContain(word);
      expect(flat(xlsxRows.flat().join("\n")), `xlsx: ${word}`).toContain(word);
    }
    for (const row of block.rows) {
      expect(pdfText).toContain(`${row.label} ${shown(row.additions)} ${shown(row.deductions)}`);
      expect(page).toMatch(new RegExp(`${row.label}\\s+\\$${shown(row.additions)}\\s+\\$${shown(row.deductions)}`));
      const cells = xlsxRows.find((r) => r[0] === row.label)!;
      expect([cells[1], cells[2]].map(cellMoney)).toEqual([row.additions, row.deductions]);
    }
    expect(pdfText).toContain(`${block.net.label} $${shown(block.net.amount)}`);
    expect(page).toContain(`$${shown(block.net.amount)}`);
    expect(cellMoney(xlsxRows.find((r) => String(r[0]).startsWith(block.net.label))![1])).toBe(block.net.amount);
  });
});
