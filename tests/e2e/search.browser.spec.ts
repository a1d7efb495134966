import { expect, test, type Page } from "@playwright/test";
import { signedInAs } from "./support/finance";

// Runs with JavaScript and without it, at desktop (1440) and phone (390) width: the header box (a
// GET form) or, on a phone, the search link and the page's own form; results grouped by kind with
// the match marked, each linking to its record. With JavaScript, "/" and Ctrl-K focus the box.

const section = (page: Page, label: string) => page.getByRole("region", { name: new RegExp(`^${label}`) });
const pageOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test("desktop: a commitment found by its number from the header box, an amount marked, the record opened", async ({ browser, baseURL, javaScriptEnabled }) => {
  const session = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
  const page = session.page;
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto("/projects");
    const box = page.getByRole("searchbox", { name: "Search", exact: true });
    await expect(box).toBeVisible();
    if (javaScriptEnabled) {
      await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      await page.keyboard.press("/");
      await expect(box).toBeFocused();
      await page.keyboard.type("SC-001");
    } else {
      await box.fill("SC-001");
    }
    await box.press("Enter");
    await expect(page).toHaveURL(/\/search\?q=SC-001$/);

    const commitments = section(page, "Commitments");
    const first = commitments.getByRole("listitem").first();
    await expect(first.locator("mark").first()).toHaveText("SC-001");
    await expect(first).toContainText("Rocky Mountain Concrete");

    // An amount, typed as people type it, matches to the cent and is marked.
    await page.getByRole("searchbox", { name: "Search for" }).fill("698,500");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search\?q=698%2C500$/);
    await expect(section(page, "Commitments").locator("mark", { hasText: "698,500.00" })).toBeVisible();

    await section(page, "Commitments").getByRole("link").first().click();
    await expect(page).toHaveURL(/\/commitments\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("SC-001");

    if (javaScriptEnabled) {
      // the shortcut is listened for once the page is hydrated (a busy machine takes a while)
      await page.locator("html[data-hydrated]").waitFor({ state: "attached" });
      await page.keyboard.press("Control+k");
      await expect(page.getByRole("searchbox", { name: "Search", exact: true })).toBeFocused();
    }
  } finally {
    await session.close();
  }
});

test("phone: the search link opens the page, results fit 390 px", async ({ browser, baseURL, javaScriptEnabled }) => {
  const session = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
  const page = session.page;
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/projects");
    await expect(page.getByRole("searchbox", { name: "Search", exact: true })).toBeHidden();
    await page.getByRole("link", { name: "Search", exact: true }).click();
    await expect(page).toHaveURL(/\/search$/);
    await page.getByRole("searchbox", { name: "Search for" }).fill("rocky mountain");
    await page.getByRole("button", { name: "Search", exact: true }).click();
    const vendors = section(page, "Vendors");
    await expect(vendors.locator("mark").first()).toHaveText("Rocky Mountain");
    await expect(vendors.getByRole("link").first()).toHaveAttribute("href", /^\/vendors\/[0-9a-f-]{36}$/);
    expect(await pageOverflow(page)).toBeLessThanOrEqual(0);
  } finally {
    await session.close();
  }
});
