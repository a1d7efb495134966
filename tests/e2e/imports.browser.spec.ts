import { expect, test } from "@playwright/test";
import { downloadWorkbook, signedInAs, type Cell, type UserSession } from "./support/finance";
import {
  errorRows,
  headerAndRows,
  headersOf,
  importHeading,
  masterfileBuffer,
  tableRowCells,
  uploadMasterfile,
  waitForStatus,
  workbookBuffer,
  worksheet,
} from "./support/imports";

// The masterfile import as Summit Builders' finance user (imports:run), in both browser projects
// (JavaScript on: the import page polls; off: it refreshes itself with a meta refresh — the spec
// never reloads it). The two runs share the database, so each uses its own job numbers (and so
// its own files: an identical file would point to the earlier import).
//
// The round trip: a workbook with 2 good projects and 1 bad one (ends before it starts), budget
// lines against the good ones with one unreadable amount → validated with 2 rows in error → the
// rows in error downloaded → the 5 valid rows imported → the downloaded rows fixed and uploaded
// again (their budget line now refers to a project the first import created) → 0 errors → done →
// all 3 projects on /projects.

const PROBLEM = {
  endDate: "The end date is before the start date (2026-05-01)",
  money: "Enter an amount such as 1234.50, $1,234.50 or (1,234.50)",
};

/** `value` of the column `header` in a row laid out as `header row`. */
const cellOf = (headerRow: Cell[], row: Cell[], header: string) => row[headerRow.indexOf(header)];

test.describe("masterfile import: template, errors, error rows, corrected file, projects", () => {
  test("finance downloads the template, uploads a file with errors, fixes the error rows and imports everything", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
    test.setTimeout(240_000);
    const tag = `${testInfo.project.name === "js-enabled" ? "js" : "nojs"}-${Date.now().toString(36)}`;
    const prefix = `E2E-${tag}`; // ≤ 18 characters: job numbers stay under projectSchema's 30
    const jobs = [1, 2, 3].map((n) => `${prefix}-${n}`);
    const names = [`Imported North ${tag}`, `Imported South ${tag}`, `Imported East ${tag}`];
    expect(jobs[2].length).toBeLessThanOrEqual(30);

    let session: UserSession | undefined;
    try {
      session = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
      const page = session.page;
      // Waits without reloading; with JavaScript the page polls in place (never loads itself), without it
      // the meta refresh reloads it: how many times is noted on the test (0 when the job beat the first render).
      const reaches = async (status: "Validated" | "Done") => {
        const loads = await waitForStatus(page, status);
        testInfo.annotations.push({ type: "self-refreshes", description: `${status}: ${loads}` });
        if (javaScriptEnabled) expect(loads, "page loads while polling with JavaScript").toBe(0);
      };

      await test.step("the template from /imports/new is an xlsx with the masterfile's sheets and headers", async () => {
        await page.goto("/imports/new");
        const { filename, workbook } = await downloadWorkbook(page, page.getByRole("link", { name: "Download the masterfile template (.xlsx)" }));
        expect(filename).toMatch(/\.xlsx$/);
        const sheetNames = workbook.worksheets.map((w) => w.name);
        expect(sheetNames).toEqual(expect.arrayContaining(["README", "Projects", "Budget Lines"]));
        expect(headerAndRows(worksheet(workbook, "Projects")).header).toEqual(headersOf("projects"));
        expect(headerAndRows(worksheet(workbook, "Budget Lines")).header).toEqual(headersOf("budgetLines"));
      });

      await test.step("a workbook with a bad project and a bad amount is validated: counts per sheet, the problems by sheet, row and column", async () => {
        const file = await masterfileBuffer([
          {
            key: "projects",
            rows: [
              [jobs[0], names[0], "Import Owners LLC", "100 Main St, Denver, CO", "Active", "Lump sum", "2026-03-02", "2026-11-30", "10%"],
              [jobs[1], names[1], "Import Owners LLC", "", "Bidding", "GMP", "2026-04-06", "2027-02-26", ""],
              [jobs[2], names[2], "Import Owners LLC", "", "Active", "Cost-plus", "2026-05-01", "2026-04-01", "5"], // row 4: ends before it starts
            ],
          },
          {
            key: "budgetLines",
            rows: [
              [jobs[0], "01-1000", "L", "Site supervision", "120,000.00"],
              [jobs[0], "03-3000", "S", "Foundations", "$45,500.00"],
              [jobs[1], "03-3000", "S", "", 80000],
              [jobs[1], "01-1000", "L", "General conditions", "12,34.5x"], // row 5: not an amount
            ],
          },
        ]);
        await uploadMasterfile(page, `masterfile-${tag}.xlsx`, file);
        await expect(importHeading(page)).toContainText(`masterfile-${tag}.xlsx`);
        await reaches("Validated");

        await expect(tableRowCells(page, "sheet-counts", "Projects")).toHaveText(["3", "2", "0", "1"]);
        await expect(tableRowCells(page, "sheet-counts", "Budget Lines")).toHaveText(["4", "3", "0", "1"]);
        await expect(page.getByTestId("sheet-counts").locator("tfoot td")).toHaveText(["7", "5", "0", "2"]);

        await expect(page.getByRole("heading", { name: "Problems (2)" })).toBeVisible();
        await expect(errorRows(page)).toHaveCount(2);
        await expect(errorRows(page).filter({ hasText: "Projects" }).locator("td")).toHaveText(["Projects", "4", "End date", "2026-04-01", PROBLEM.endDate]);
        await expect(errorRows(page).filter({ hasText: "Budget Lines" }).locator("td")).toHaveText(["Budget Lines", "5", "Original amount", "12,34.5x", PROBLEM.money]);
        await expect(page.getByRole("button", { name: "Import 5 valid rows, skip 2 rows with errors" })).toBeVisible();
      });

      let fixed: Buffer = Buffer.alloc(0);

      await test.step("the rows with errors download as a masterfile: exactly the bad rows, with Errors and Because of columns; fixed in place", async () => {
        const { filename, workbook } = await downloadWorkbook(page, page.getByRole("link", { name: "Download the rows with errors (.xlsx)" }));
        expect(filename).toBe(`masterfile-${tag}-errors.xlsx`);
        expect(workbook.worksheets.map((w) => w.name).sort()).toEqual(["Budget Lines", "Projects"]);

        const projects = worksheet(workbook, "Projects");
        const p = headerAndRows(projects);
        expect(p.header).toEqual([...headersOf("projects"), "Errors", "Because of"]);
        expect(p.rows).toHaveLength(1);
        expect(cellOf(p.header, p.rows[0], "Job number")).toBe(jobs[2]);
        expect(cellOf(p.header, p.rows[0], "Name")).toBe(names[2]);
        expect(cellOf(p.header, p.rows[0], "End date")).toBe("2026-04-01");
        expect(cellOf(p.header, p.rows[0], "Errors")).toBe(`End date: ${PROBLEM.endDate}`);

        const budget = worksheet(workbook, "Budget Lines");
        const b = headerAndRows(budget);
        expect(b.header).toEqual([...headersOf("budgetLines"), "Errors", "Because of"]);
        expect(b.rows).toHaveLength(1);
        expect(b.rows[0].slice(0, 5)).toEqual([jobs[1], "01-1000", "L", "General conditions", "12,34.5x"]);
        expect(cellOf(b.header, b.rows[0], "Errors")).toBe(`Original amount: ${PROBLEM.money}`);

        // Fix the two cells in the downloaded workbook itself (the Errors column is left: the import ignores it).
        projects.getRow(2).getCell(p.header.indexOf("End date") + 1).value = "2026-12-18";
        budget.getRow(2).getCell(b.header.indexOf("Original amount") + 1).value = "12,345.00";
        fixed = await workbookBuffer(workbook);
      });

      await test.step("the 5 valid rows are imported, the 2 in error skipped", async () => {
        await page.getByRole("button", { name: "Import 5 valid rows, skip 2 rows with errors" }).click();
        await reaches("Done");
        await expect(tableRowCells(page, "committed-counts", "Projects")).toHaveText(["2", "0"]);
        await expect(tableRowCells(page, "committed-counts", "Budget Lines")).toHaveText(["3", "0"]);
        await expect(page.getByRole("heading", { name: "Problems (2): these rows were skipped" })).toBeVisible();
      });

      await test.step("the fixed error rows validate with no error and import", async () => {
        await uploadMasterfile(page, `masterfile-${tag}-errors.xlsx`, fixed);
        await reaches("Validated");
        await expect(tableRowCells(page, "sheet-counts", "Projects")).toHaveText(["1", "1", "0", "0"]);
        await expect(tableRowCells(page, "sheet-counts", "Budget Lines")).toHaveText(["1", "1", "0", "0"]);
        await expect(page.getByTestId("import-errors")).toHaveCount(0);
        await expect(page.getByRole("link", { name: "Download the rows with errors (.xlsx)" })).toHaveCount(0);

        await page.getByRole("button", { name: "Import 2 rows" }).click();
        await reaches("Done");
        await expect(tableRowCells(page, "committed-counts", "Projects")).toHaveText(["1", "0"]);
        await expect(tableRowCells(page, "committed-counts", "Budget Lines")).toHaveText(["1", "0"]);
      });

      await test.step("the three projects are on /projects", async () => {
        await page.getByRole("link", { name: "Projects", exact: true }).last().click();
        await expect(page).toHaveURL(/\/projects$/);
        await page.goto(`/projects?f.jobNumber=${encodeURIComponent(prefix)}`);
        const rows = page.getByTestId("data-table").locator("tbody tr");
        await expect(rows).toHaveCount(3);
        for (const [i, job] of jobs.entries()) {
          const row = rows.filter({ has: page.getByRole("link", { name: job, exact: true }) });
          await expect(row).toContainText(names[i]);
        }
        await expect(rows.filter({ hasText: jobs[2] })).toContainText("Cost-plus");
      });
    } finally {
      await session?.close();
    }
  });

  test("a field user may not import: /imports/new is 403", async ({ browser, baseURL, javaScriptEnabled }) => {
    const field = await signedInAs(browser, "field@demo.test", { baseURL, javaScriptEnabled });
    try {
      const response = await field.page.goto("/imports/new");
      expect(response?.status()).toBe(403);
      await expect(field.page.getByRole("button", { name: "Upload and check" })).toHaveCount(0);
    } finally {
      await field.close();
    }
  });
});
