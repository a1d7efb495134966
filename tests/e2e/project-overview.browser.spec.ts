import { expect, test, type Page } from "@playwright/test";
import { signedInAs } from "./support/finance";

// Runs with JavaScript and without it, at desktop (1440 px) and phone (390 px) width: the demo
// project 2301's overview shows its key figures and server-rendered charts with their tables, a
// figure opens the list it sums, and a vendor of the project opens the vendor page.

const WIDTHS = [
  { name: "desktop", width: 1440, height: 900 },
  { name: "phone", width: 390, height: 844 },
];

/** Opens a chart's "Figures as a table" (a <details>, so it works without JavaScript) unless it is open. */
async function showTable(page: Page, title: string) {
  const figure = page.locator("figure.chart-figure").filter({ hasText: title });
  if ((await figure.locator("details").getAttribute("open")) === null) await figure.getByText("Figures as a table").click();
  return figure;
}

/** The page itself never scrolls sideways (wide tables scroll inside their own box). */
async function expectNoPageScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

for (const size of WIDTHS) {
  test(`project overview and vendor page at ${size.name} width`, async ({ browser, baseURL, javaScriptEnabled }) => {
    test.setTimeout(120_000);
    const session = await signedInAs(browser, "pm@demo.test", { baseURL, javaScriptEnabled });
    const page = session.page;
    try {
      await page.setViewportSize({ width: size.width, height: size.height });
      await page.goto("/projects?f.jobNumber=2301");
      await page.getByRole("link", { name: "2301", exact: true }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Riverside Medical Office Building");
      const overviewUrl = page.url();

      // The sub-pages stay one click away.
      const nav = page.getByRole("navigation", { name: "Project pages" });
      for (const name of ["Budget", "Job cost report", "Commitments", "Change orders", "Pay applications"]) await expect(nav.getByRole("link", { name })).toBeVisible();

      // Key figures, each a link; the contract value of the seed: 4,850,000 + the approved 85,400 change order.
      const contract = page.locator('[data-figure="contractValue"]');
      await expect(contract.getByTestId("figure-value")).toHaveText("$4,935,400.00");
      await expect(page.locator('[data-figure="committed"]').getByTestId("figure-value")).toHaveText("$1,869,740.90");

      // Four charts rendered on the server as SVG, each with its figures as a table.
      const charts = page.locator("figure.chart-figure");
      await expect(charts).toHaveCount(4);
      await expect(charts.first().locator("svg").first()).toBeVisible();
      const commitments = await showTable(page, "Commitments: committed vs billed vs paid");
      const table = commitments.getByTestId("overview-commitments");
      await expect(table).toBeVisible();
      await expect(table.locator("tbody tr").first()).toContainText("Rocky Mountain Concrete");
      await expectNoPageScroll(page);
      if (size.width < 640) {
        // One column at phone width: the figure cards stack.
        const cards = page.getByTestId("project-figure");
        const [a, b] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
        expect(b!.y).toBeGreaterThan(a!.y);
        expect(b!.x).toBe(a!.x);
      }

      // The committed figure opens the commitments it sums.
      await page.locator('[data-figure="committed"]').click();
      await expect(page).toHaveURL(/\/commitments\?f\.status=committed$/);
      await expect(page.getByTestId("data-table").locator("tfoot")).toContainText("$1,869,740.90");
      await page.goto(overviewUrl);

      // A vendor of the project opens its page: contact, compliance, totals by project, commitments, invoices.
      await showTable(page, "Commitments: committed vs billed vs paid");
      await page.getByTestId("overview-commitments").getByRole("link", { name: "Rocky Mountain Concrete" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rocky Mountain Concrete");
      await expect(page.getByTestId("vendor-contact")).toContainText("Dana Ruiz");
      await expect(page.getByTestId("vendor-compliance")).toContainText("Lien waiver");
      const totals = page.getByTestId("vendor-projects");
      await expect(totals.getByRole("row").filter({ hasText: "2301 Riverside Medical Office Building" })).toContainText("$712,775.50");
      await expect(page.getByTestId("vendor-invoices")).toContainText("RMC-1057");
      await expect(page.getByTestId("vendor-payments")).toContainText("ACH-55810");
      await expectNoPageScroll(page);

      // Its billed figure opens the vendor invoices it sums.
      await totals.getByRole("row").filter({ hasText: "2301" }).getByRole("link", { name: "$396,575.00" }).first().click();
      await expect(page).toHaveURL(/\/payables\?/);
      await expect(page.getByRole("heading", { level: 1, name: "Vendor invoices" })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("data-table").locator("tbody tr")).toHaveCount(2);
      await expect(page.getByTestId("data-table").locator("tfoot")).toContainText("$396,575.00");
    } finally {
      await session.close();
    }
  });
}
