import { expect, test } from "@playwright/test";
import { formatDate } from "../../app/utils/org-format";
import { columnIndex, downloadWorkbook, flash, formWithButton, idFromUrl, sheetRows, signedInAs } from "./support/finance";

// Runs in both browser projects (JavaScript on, and off: plain GET and POST forms). Each project
// closes in its own demo organization, so the two runs never race on the same period: with
// JavaScript Summit's finance user, without it Harbor's owner. The demo seed closed the two month
// ends before today in both; each run reopens the latest with a reason and closes it again.

test.describe("month-end WIP close", () => {
  test("choose a period end, reopen it with a reason, close it again and read its period figures", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
    test.setTimeout(90_000);
    const email = javaScriptEnabled ? "finance@demo.test" : "owner@harbor.test";
    const reason = `Late subcontractor invoice (${testInfo.project.name} ${Date.now()})`;
    const session = await signedInAs(browser, email, { baseURL, javaScriptEnabled });
    const page = session.page;
    try {
      let periodEnd = "";
      // pages write dates as the demo organizations do (US English), forms and URLs take ISO dates
      let shown = "";

      await test.step("the closes list shows the latest closed period; its schedule has period and year-to-date columns", async () => {
        await page.goto("/wip/closes");
        const latest = page.getByTestId("data-table").locator("tbody tr").filter({ hasText: "Closed" }).first();
        periodEnd = (await latest.locator("td").first().locator("time").getAttribute("datetime")) ?? "";
        expect(periodEnd).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        shown = formatDate(periodEnd);
        await latest.getByRole("link", { name: shown }).click();
        await expect(page.getByTestId("wip-close-title")).toContainText(`WIP closed as of ${shown}`);
        const table = page.getByTestId("wip-table");
        await columnIndex(table, "Revenue earned this period");
        await columnIndex(table, "Gross profit year to date");
        await expect(page.getByTestId("wip-journal")).toBeVisible();
      });

      await test.step("the live schedule as of that period end, by a GET form", async () => {
        await page.goto("/wip");
        const form = page.getByTestId("wip-as-of-form");
        await form.getByLabel("As of (period end)").fill(periodEnd);
        await form.getByRole("button", { name: "Show" }).click();
        await expect(page).toHaveURL(new RegExp(`asOf=${periodEnd}`));
        await expect(page.getByText(`As of ${shown}, from the documents dated by then`)).toBeVisible();
      });

      await test.step("closing the same period again is refused; reopening needs a reason", async () => {
        await page.goto("/wip/closes");
        const closeForm = formWithButton(page, "Close the period");
        await closeForm.getByLabel("Period end").fill(periodEnd);
        await closeForm.getByRole("button", { name: "Close the period" }).click();
        await expect(page.getByText(`The period ending ${periodEnd} is already closed: reopen it to close it again.`)).toBeVisible();

        await page.getByTestId("data-table").locator("tbody tr").filter({ hasText: "Closed" }).first().getByRole("link", { name: shown }).click();
        const reopen = page.getByTestId("reopen-wip-form");
        await reopen.getByRole("button", { name: "Reopen" }).click();
        await expect(reopen.getByText("Say why the period is reopened.")).toBeVisible();
        await reopen.getByLabel("Reason").fill(reason);
        await reopen.getByRole("button", { name: "Reopen" }).click();
        await expect(page).toHaveURL(/\/wip\/closes$/);
        await expect(flash(page, `The period ending ${shown} is reopened`)).toBeVisible();
        await expect(page.getByTestId("data-table").locator("tbody tr").filter({ hasText: reason })).toContainText("Reopened");
      });

      await test.step("closing it again stores a new version with the period figures since the previous close", async () => {
        const closeForm = formWithButton(page, "Close the period");
        await closeForm.getByLabel("Period end").fill(periodEnd);
        await closeForm.getByRole("button", { name: "Close the period" }).click();
        await expect(page).toHaveURL(/\/wip\/closes\/[0-9a-f-]{36}$/);
        await expect(flash(page, `WIP closed as of ${shown} (version`)).toBeVisible();
        await expect(page.getByTestId("wip-close-title")).toContainText(/\(version \d+\)/);
        await expect(page.getByText(/This period: since the close of \w{3} \d{1,2}, \d{4}/)).toBeVisible();
        const table = page.getByTestId("wip-table");
        const earned = await columnIndex(table, "Revenue earned this period");
        await expect(table.locator("tfoot tr td, tfoot tr th").nth(earned)).toHaveText(/\$/);

        const closeId = idFromUrl(page, "/wip/closes");
        const { filename, workbook } = await downloadWorkbook(page, page.getByRole("link", { name: "Export to Excel" }));
        expect(filename).toMatch(new RegExp(`^wip-closed-v\\d+-${periodEnd}\\.xlsx$`));
        const rows = sheetRows(workbook.worksheets[0]);
        expect(rows[0]).toEqual(expect.arrayContaining(["Revenue earned this period", "Revenue earned year to date", "% complete"]));
        expect(String(rows[rows.length - 1][0])).toMatch(new RegExp(`^Total as of ${periodEnd}`));
        expect(closeId).toMatch(/^[0-9a-f-]{36}$/);
      });
    } finally {
      await session.close();
    }
  });
});
