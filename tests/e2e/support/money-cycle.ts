/**
 * Helpers for the money-cycle spec: downloads of the pay application documents (a link with the
 * `download` attribute, so it works with JavaScript on or off) and the text of a PDF per page.
 */
import { readFile } from "node:fs/promises";
import type { Locator, Page } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";

/** Clicks a download link; the saved file's name and bytes. */
export async function downloadFile(page: Page, link: Locator): Promise<{ filename: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { filename: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

/** A PDF's page count and the text of each page. */
export async function pdfPages(bytes: Buffer): Promise<{ totalPages: number; pages: string[] }> {
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)));
  return { totalPages, pages: text };
}

/** `YYYY-MM-DD` of today (UTC, like the server's defaults) plus `days`. */
export const isoDay = (days = 0) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Pastes `text` into `input` as a spreadsheet copy would arrive (a paste event with text/plain), once the page is hydrated. */
export async function pasteCells(input: Locator, text: string) {
  await input.page().locator("html[data-hydrated]").waitFor({ state: "attached" });
  await input.focus();
  await input.evaluate((element, value) => {
    const data = new DataTransfer();
    data.setData("text/plain", value);
    element.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
