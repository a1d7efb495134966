import { expect, test, type Page } from "@playwright/test";
import { columnIndex, signedInAs } from "./support/finance";

// Runs in both browser projects (JavaScript on and off): the dashboard is server-rendered HTML with
// SVG charts and plain links. Each journey runs at a desktop width and at phone width.

const WIDTHS = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
] as const;

/** How far the page itself scrolls sideways (0: it fits the window). */
const sidewaysOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

for (const size of WIDTHS) {
  test.describe(`home dashboard at ${size.width} px`, () => {
    test("finance: cash position and aging chart; a figure opens the table whose total it is", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
      const session = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
      const page = session.page;
      try {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto("/");
        const financeSection = page.getByTestId("dashboard-finance");
        await expect(financeSection.getByRole("heading", { name: "Finance", exact: true })).toBeVisible();
        for (const label of ["AR outstanding", "AR overdue", "AP due in 7 days", "AP overdue", "Retainage receivable", "Retainage payable"])
          await expect(financeSection.locator(`[data-figure="${label}"]`)).toBeVisible();
        // The aging chart is an SVG from the server, with its figures as a table for screen readers.
        await expect(financeSection.locator("figure svg").first()).toBeVisible();
        await expect(financeSection.locator("figure table").first()).toContainText("Receivable (AR)");
        await expect(page.getByTestId("dashboard-executive").getByRole("heading", { name: "Company" })).toBeVisible();
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: testInfo.outputPath(`dashboard-finance-${size.name}.png`), fullPage: true });

        const card = financeSection.locator('[data-figure="AP overdue"]');
        const shown = (await card.locator("[data-figure-value]").innerText()).trim();
        await card.click();
        await expect(page).toHaveURL(/\/payables\?.*f\.status=approved/);
        await expect(page.getByRole("heading", { name: "Vendor invoices", level: 1 })).toBeVisible();
        const table = page.getByTestId("data-table");
        await expect(table.locator("tfoot tr").first()).toBeVisible();
        // Balance is the list's last column; the totals row's label spans the first ones.
        expect(await columnIndex(table, "Balance")).toBe((await table.locator("thead th").count()) - 1);
        await expect(table.locator("tfoot tr").first().locator("td").last()).toHaveText(shown);
      } finally {
        await session.close();
      }
    });

    test("project manager: only their projects with budget health, no finance figures", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
      const session = await signedInAs(browser, "pm@demo.test", { baseURL, javaScriptEnabled });
      const page = session.page;
      try {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto("/");
        const pm = page.getByTestId("dashboard-pm");
        await expect(pm.getByRole("heading", { name: "My projects" })).toBeVisible();
        await expect(pm.locator("tbody tr").first()).toBeVisible();
        await expect(pm.locator('[data-figure="Approvals waiting for me"]')).toBeVisible();
        await expect(page.getByTestId("dashboard-finance")).toHaveCount(0);
        await expect(page.getByText("AR outstanding")).toHaveCount(0);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
        await page.screenshot({ path: testInfo.outputPath(`dashboard-pm-${size.name}.png`), fullPage: true });

        // The list of the projects they manage holds every open project of the dashboard.
        const names = await pm.locator("tbody th a").allInnerTexts();
        await pm.getByRole("link", { name: "All projects I manage" }).click();
        await expect(page).toHaveURL(/\/projects\?.*f\.projectManager=/);
        const listed = page.getByTestId("data-table").locator("tbody tr");
        for (const name of names) await expect(listed.filter({ hasText: name.split(" ").slice(1).join(" ") })).toHaveCount(1);
      } finally {
        await session.close();
      }
    });

    test("field: projects and today's placeholder, no money", async ({ browser, baseURL, javaScriptEnabled }) => {
      const session = await signedInAs(browser, "field@demo.test", { baseURL, javaScriptEnabled });
      const page = session.page;
      try {
        await page.setViewportSize({ width: size.width, height: size.height });
        await page.goto("/");
        const field = page.getByTestId("dashboard-field");
        await expect(field.getByRole("heading", { name: "Field" })).toBeVisible();
        await expect(field.getByText("will appear here with the field module")).toBeVisible();
        await expect(page.getByTestId("dashboard-finance")).toHaveCount(0);
        await expect(page.getByTestId("dashboard-pm")).toHaveCount(0);
        expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      } finally {
        await session.close();
      }
    });
  });
}
