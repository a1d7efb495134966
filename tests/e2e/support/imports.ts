/**
 * Helpers for the masterfile import spec: workbooks built and read with exceljs (headers from the
 * app's own masterfile definition), the upload form, and the import page's status, tables and
 * waits. Everything works with JavaScript on or off: the waits never reload the page, the import
 * page refreshes itself (meta refresh without JavaScript, polling with it).
 */
import { expect, type Locator, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { masterfileSheet, type SheetKey } from "~/domains/imports/masterfile-spec";
import { sheetRows, type Cell } from "./finance";

/** One worksheet: the spec's header row, then `rows` (cells in the spec's column order). */
export type SheetData = { key: SheetKey; rows: Cell[][] };

export const headersOf = (key: SheetKey) => masterfileSheet(key).columns.map((c) => c.header);

/** An .xlsx with one worksheet per entry, named as the masterfile names it. */
export async function masterfileBuffer(sheets: SheetData[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const { key, rows } of sheets) {
    const sheet = workbook.addWorksheet(masterfileSheet(key).name);
    sheet.addRow(headersOf(key));
    for (const row of rows) sheet.addRow(row);
  }
  return workbookBuffer(workbook);
}

export const workbookBuffer = async (workbook: ExcelJS.Workbook) => Buffer.from(await workbook.xlsx.writeBuffer());

/** A worksheet by name (fails the test, listing the names, when there is none). */
export function worksheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  expect(sheet, `sheet "${name}" in [${workbook.worksheets.map((w) => w.name).join(", ")}]`).toBeTruthy();
  return sheet!;
}

/** A worksheet's header row and data rows (trailing empty cells kept as null). */
export function headerAndRows(sheet: ExcelJS.Worksheet): { header: Cell[]; rows: Cell[][] } {
  const [header, ...rows] = sheetRows(sheet);
  return { header, rows: rows.filter((r) => r.some((c) => c !== null && c !== "")) };
}

/** Picks the workbook on /imports/new and submits it (lands on the import's page). */
export async function uploadMasterfile(page: Page, name: string, buffer: Buffer) {
  await page.goto("/imports/new");
  await page.getByLabel("Masterfile workbook").setInputFiles({
    name,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer,
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page).toHaveURL(/\/imports\/[0-9a-f-]{36}$/);
}

/** The import page's <h1>: the file name, then the status badge. */
export const importHeading = (page: Page) => page.getByRole("heading", { level: 1 });

/**
 * Waits, without reloading, until the page shows `status` (the page refreshes itself while the
 * import runs); fails early if the import failed instead. Returns how many times the page loaded
 * itself meanwhile (its meta refreshes without JavaScript; 0 with it, which polls in place).
 */
export async function waitForStatus(page: Page, status: "Validated" | "Done", timeout = 60_000): Promise<number> {
  await page.waitForLoadState("load"); // the page the last click or upload opened: not a refresh
  let loads = 0;
  const counted = () => (loads += 1);
  page.on("load", counted);
  try {
    await expect(importHeading(page)).toHaveText(new RegExp(`\\s(${status}|Failed)$`), { timeout });
  } finally {
    page.off("load", counted);
  }
  const heading = (await importHeading(page).textContent()) ?? "";
  if (heading.endsWith("Failed")) {
    const reason = await page.getByRole("alert").allTextContents();
    throw new Error(`The import failed instead of reaching ${status}: ${reason.join(" ")}`);
  }
  await expect(importHeading(page)).toHaveText(new RegExp(`\\s${status}$`));
  return loads;
}

/** The cells (after the row header) of the row named `rowHeader` in the table `testId`. */
export const tableRowCells = (page: Page, testId: string, rowHeader: string): Locator =>
  page
    .getByTestId(testId)
    .locator("tbody tr")
    .filter({ has: page.getByRole("rowheader", { name: rowHeader, exact: true }) })
    .locator("td");

/** The rows of the errors table. */
export const errorRows = (page: Page) => page.getByTestId("import-errors").locator("tbody tr");
