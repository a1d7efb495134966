import { expect, test, type Page } from "@playwright/test";
import { flash, formWithButton, signedInAs, type UserSession } from "./support/finance";

// Runs with JavaScript on and off (the two browser projects): list pages use the window's width,
// the table keeps its header row (and first column) in view while its box scrolls, a phone gets
// the filters behind a "Filter" toggle and rows as cards without scrolling the page sideways.

const DESKTOP = { width: 1440, height: 560 };
const PHONE = { width: 390, height: 844 };

async function session(browser: Parameters<typeof signedInAs>[0], baseURL: string | undefined, javaScriptEnabled: boolean, viewport: typeof DESKTOP) {
  const s = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
  await s.page.setViewportSize(viewport);
  return s;
}

/** Where an element sits on screen. */
const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

test.describe("tables finance can live in", () => {
  let s: UserSession | null = null;
  test.afterEach(async () => {
    await s?.close();
    s = null;
  });

  test("at 1440 px the payables table uses the full width and its header row stays in view while the table scrolls", async ({ browser, baseURL, javaScriptEnabled }) => {
    s = await session(browser, baseURL, javaScriptEnabled, DESKTOP);
    const page = s.page;
    await page.goto("/payables?size=25");
    await expect(page.getByTestId("page-range")).toHaveText(/^1–\d+ of \d+$/);
    // the page no longer stops at max-w-7xl (1280 px): the table box spans the window less the padding
    const scroller = await box(page, '[data-testid="data-table-scroll"]');
    expect(scroller.width).toBeGreaterThan(1440 - 64);
    const scrollable = await page.getByTestId("data-table-scroll").evaluate((el) => el.scrollHeight > el.clientHeight);
    expect(scrollable).toBe(true);

    await page.getByTestId("data-table-scroll").evaluate((el) => el.scrollTo({ top: 200 }));
    const header = page.locator('[data-testid="data-table"] thead th').first();
    expect(await header.evaluate((el) => getComputedStyle(el).position)).toBe("sticky");
    // measured again: with JavaScript the filters' pickers gain a search box above the table
    const scrolled = await box(page, '[data-testid="data-table-scroll"]');
    const headerBox = (await header.boundingBox())!;
    expect(Math.abs(headerBox.y - scrolled.y)).toBeLessThanOrEqual(2);
    // the totals row stays at the bottom of the box
    const total = (await page.locator('[data-testid="data-table"] tfoot th').first().boundingBox())!;
    expect(total.y + total.height).toBeLessThanOrEqual(scrolled.y + scrolled.height + 1);
    expect(total.y + total.height).toBeGreaterThan(scrolled.y + scrolled.height - 4);
    // amounts and dates stay on one line
    const amount = page.locator('[data-testid="data-table"] tbody td[data-label="Amount due"]').first();
    expect(await amount.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");

    // aging is one tab away, and back
    await page.getByRole("navigation", { name: "Payables" }).getByRole("link", { name: "Payables aging" }).click();
    await expect(page).toHaveURL(/\/payables\/aging/);
    await page.getByRole("navigation", { name: "Payables" }).getByRole("link", { name: "Vendor invoices" }).click();
    await expect(page).toHaveURL(/\/payables$/);
    await page.goto("/pay-apps");
    await page.getByRole("navigation", { name: "Receivables" }).getByRole("link", { name: "Receivables aging" }).click();
    await expect(page).toHaveURL(/\/receivables\/aging/);
  });

  test("at 1440 px the budget's first column stays in view when the figures scroll sideways", async ({ browser, baseURL, javaScriptEnabled }) => {
    s = await session(browser, baseURL, javaScriptEnabled, DESKTOP);
    const page = s.page;
    await page.goto("/projects");
    const projectHref = await page.locator('[data-testid="data-table"] tbody a[href^="/projects/"]').first().getAttribute("href");
    await page.goto(`${projectHref}/budget`);
    const scroll = page.getByTestId("data-table-scroll");
    expect(await scroll.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const first = page.locator('[data-testid="data-table"] tbody td').first();
    const before = (await first.boundingBox())!;
    await scroll.evaluate((el) => el.scrollTo({ left: 400 }));
    const after = (await first.boundingBox())!;
    expect(Math.abs(after.x - before.x)).toBeLessThanOrEqual(1);
    // a cell further right did move
    const second = page.locator('[data-testid="data-table"] thead th').nth(3);
    expect(await second.evaluate((el) => el.getBoundingClientRect().x)).toBeLessThan(before.x + 400);
    // the cost code never wraps
    const costCode = page.locator('[data-testid="data-table"] tbody td[data-label="Cost code"]').first();
    expect(await costCode.evaluate((el) => getComputedStyle(el).whiteSpace)).toBe("nowrap");
  });

  test("at 390 px the filters fold behind a Filter toggle, rows are cards and the page does not scroll sideways", async ({ browser, baseURL, javaScriptEnabled }) => {
    s = await session(browser, baseURL, javaScriptEnabled, PHONE);
    const page = s.page;
    await page.goto("/payables");
    const noSideways = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    expect(await noSideways()).toBe(true);

    const filters = page.getByRole("form", { name: "Filters" });
    await expect(filters).toBeHidden();
    await page.locator("summary", { hasText: "Filter" }).click();
    await expect(filters).toBeVisible();

    // the vendor picker lists the organization's vendors; pick the first real one
    const vendor = filters.locator('select[name="f.vendor"]');
    const name = (await vendor.locator("option").nth(1).textContent())!;
    await vendor.selectOption(name);
    await filters.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(new RegExp(`f\\.vendor=${encodeURIComponent(name).replace(/%20/g, "(\\+|%20)")}`));
    // with a filter set the toggle comes back open, saying how many filters are on
    await expect(page.locator("summary", { hasText: "Filter (1)" })).toBeVisible();
    await expect(filters).toBeVisible();
    const cards = page.locator('[data-testid="data-table"] tbody tr');
    expect(await cards.count()).toBeGreaterThan(0);
    expect(await cards.first().evaluate((el) => getComputedStyle(el).display)).toBe("grid");
    for (const text of await page.locator('[data-testid="data-table"] tbody td[data-label="Vendor"]').allTextContents()) expect(text).toBe(name);
    expect(await noSideways()).toBe(true);

    await page.goto("/projects");
    expect(await noSideways()).toBe(true);
  });

  test("a flash message is gone after the next navigation", async ({ browser, baseURL, javaScriptEnabled }) => {
    s = await session(browser, baseURL, javaScriptEnabled, DESKTOP);
    const page = s.page;
    await page.goto("/vendors");
    const name = `Flash Vendor ${javaScriptEnabled ? "js" : "nojs"} ${Date.now()}`;
    const form = formWithButton(page, "Add vendor");
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByRole("button", { name: "Add vendor" }).click();
    await expect(flash(page, `${name} added.`)).toBeVisible();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payables", exact: true }).click();
    await expect(page).toHaveURL(/\/payables$/);
    await expect(page.getByRole("heading", { name: "Vendor invoices" })).toBeVisible();
    await expect(flash(page, `${name} added.`)).toHaveCount(0);
  });
});
