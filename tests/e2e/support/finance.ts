/**
 * Helpers for the project finance specs: one signed-in browser per demo user, forms located by
 * their submit button or heading (the tables' filter forms reuse the same labels), figures read
 * by column header, and Excel downloads opened with exceljs. Everything works with JavaScript on
 * or off.
 */
import { readFile } from "node:fs/promises";
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { signInUI } from "./session";

export interface UserSession {
  page: Page;
  close(): Promise<void>;
}

/** A fresh browser context (same JavaScript setting as the test's project) signed in as `email`. */
export async function signedInAs(
  browser: Browser,
  email: string,
  options: { baseURL: string | undefined; javaScriptEnabled: boolean },
): Promise<UserSession> {
  const context = await browser.newContext({ baseURL: options.baseURL, javaScriptEnabled: options.javaScriptEnabled, acceptDownloads: true });
  const page = await context.newPage();
  await signInUI(page, email);
  return { page, close: () => context.close() };
}

/** The form whose submit button is named `button` (exact). */
export const formWithButton = (page: Page, button: string) =>
  page.locator("form").filter({ has: page.getByRole("button", { name: button, exact: true }) });

/** The form that contains the heading `heading` (exact). */
export const formWithHeading = (page: Page, heading: string) =>
  page.locator("form").filter({ has: page.getByRole("heading", { name: heading, exact: true }) });

/** The flash message (a role="status" paragraph) saying `text`. */
export const flash = (page: Page, text: string | RegExp) => page.getByRole("status").filter({ hasText: text });

/** The id in a URL path like /projects/:id or /change-orders/:id. */
export function idFromUrl(page: Page, prefix: string): string {
  const match = new RegExp(`${prefix}/([0-9a-f-]{36})`).exec(new URL(page.url()).pathname);
  if (!match) throw new Error(`No ${prefix}/:id in ${page.url()}`);
  return match[1];
}

// ---------------------------------------------------------------------------------------------
// Tables

/** Header labels of a table, without the sort arrows. */
async function headerLabels(table: Locator): Promise<string[]> {
  const texts = await table.locator("thead tr").first().locator("th").allTextContents();
  return texts.map((t) => t.replace(/[▲▼]/g, "").trim());
}

/** The index of column `label` in `table`'s header (fails the test if there is none). */
export async function columnIndex(table: Locator, label: string): Promise<number> {
  const labels = await headerLabels(table);
  const index = labels.indexOf(label);
  expect(index, `column "${label}" in [${labels.join(", ")}]`).toBeGreaterThanOrEqual(0);
  return index;
}

/** The budget page's DataTable. */
export const budgetTable = (page: Page) => page.getByTestId("data-table");

/** The budget row of one cost code × cost type. */
export function budgetRow(page: Page, costCode: string, costType: string): Locator {
  const cell = (text: string) => page.getByRole("cell", { name: text, exact: true });
  return budgetTable(page).locator("tbody tr").filter({ has: cell(costCode) }).filter({ has: cell(costType) });
}

/** The budget page's totals row. */
export const budgetTotals = (page: Page) => budgetTable(page).locator("tfoot tr");

/**
 * One figure cell of a budget row or the totals row, by column label. Every column is one cell
 * (the totals row starts with a <th>), so header index = cell index.
 */
export async function budgetFigure(page: Page, row: Locator, label: string): Promise<Locator> {
  return row.locator("th, td").nth(await columnIndex(budgetTable(page), label));
}

export const jobCostTable = (page: Page) => page.getByTestId("job-cost-table");

/** A division's subtotal row of the job cost report, e.g. "Subtotal 09 Finishes". */
export const jobCostSubtotal = (page: Page, division: string) =>
  page.getByTestId("job-cost-subtotal").filter({ has: page.getByRole("rowheader", { name: `Subtotal ${division}`, exact: true }) });

/**
 * A figure cell of a job cost subtotal or total row: those rows start with one <th colspan=3>
 * over Cost code, Cost type and Description, so figure cells are the <td>s from header index − 3.
 */
export async function jobCostFigure(page: Page, row: Locator, label: string): Promise<Locator> {
  return row.locator("td").nth((await columnIndex(jobCostTable(page), label)) - 3);
}

// ---------------------------------------------------------------------------------------------
// Excel

export type Cell = ExcelJS.CellValue;

/** Clicks a download link and opens the file it saves as a workbook. */
export async function downloadWorkbook(page: Page, link: Locator): Promise<{ filename: string; workbook: ExcelJS.Workbook }> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  const path = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load((await readFile(path)) as unknown as ExcelJS.Buffer);
  return { filename: download.suggestedFilename(), workbook };
}

/** A worksheet's rows as arrays of cell values (0-based columns, empty cells null). */
export function sheetRows(sheet: ExcelJS.Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const values: Cell[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) values.push(row.getCell(c).value ?? null);
    rows[rowNumber - 1] = values;
  });
  return Array.from(rows, (r) => r ?? []);
}

/** The one row whose first cell is `first` (fails the test otherwise). */
export function rowStartingWith(rows: Cell[][], first: string): Cell[] {
  const found = rows.filter((r) => r[0] === first);
  expect(found, `rows starting with "${first}" in ${JSON.stringify(rows.map((r) => r[0]))}`).toHaveLength(1);
  return found[0];
}
