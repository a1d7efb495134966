import { expect, test, type Page } from "@playwright/test";
import { signInUI } from "./support/session";

// The app at phone width (390 × 844) and at desktop width (1440), with JavaScript on and off (the
// two browser projects): the navigation collapses behind a "Menu" <details> toggle on the phone
// and is an inline row on the desktop; forms never scroll sideways; amounts get the number keypad.

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };

/** Null when the page is no wider than the window; else the widths and the elements that stick out. */
const scrollsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement!;
    if (root.scrollWidth <= root.clientWidth) return null;
    const clipped = (e: Element) => {
      for (let p = e.parentElement; p; p = p.parentElement) if (["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(p).overflowX) && p !== document.body && p !== document.documentElement) return true;
      return false;
    };
    const wide = [...document.body.querySelectorAll<HTMLElement>("*")]
      .filter((e) => !clipped(e))
      .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 1 && ![...e.children].some((c) => c.getBoundingClientRect().right > root.clientWidth + 1))
      .slice(0, 3)
      .map((e) => `<${e.tagName.toLowerCase()} class="${e.className}">${(e.textContent ?? "").slice(0, 40)}`);
    return `${root.scrollWidth} > ${root.clientWidth}: ${wide.join(" ; ")}`;
  });

/** The id of one of the demo organization's projects, from the projects list. */
async function someProjectId(page: Page) {
  await page.goto("/projects");
  const hrefs = await page.locator('main a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const id = hrefs.map((href) => /^\/projects\/([0-9a-f-]{36})$/.exec(href)?.[1]).find(Boolean);
  expect(id, "a project link on /projects").toBeTruthy();
  return id!;
}

test.describe("at phone width", () => {
  test.use({ viewport: PHONE });

  test("the navigation is a menu that opens and navigates", async ({ page }) => {
    await signInUI(page, "owner@demo.test");
    const nav = page.getByRole("navigation", { name: "Main" });
    const menu = page.getByTestId("nav-menu").locator("summary");
    await expect(menu).toBeVisible();
    await expect(nav).toBeHidden();
    await menu.click();
    await expect(nav).toBeVisible();
    // Grouped, and every group fits the phone's width.
    for (const group of ["Finance", "Lists", "Admin"]) await expect(nav.getByText(group, { exact: true })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Payables aging" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Receivables aging" })).toBeVisible();
    expect(await scrollsSideways(page)).toBeNull();
    await nav.getByRole("link", { name: "Payables aging" }).click();
    await expect(page).toHaveURL(/\/payables\/aging$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(/aging/i);
    // JS on: the menu closes after the navigation; JS off: a new page, closed as rendered.
    await expect(page.getByRole("navigation", { name: "Main" })).toBeHidden();
    await page.getByTestId("nav-menu").locator("summary").click();
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payables aging" })).toHaveAttribute("aria-current", "page");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Payables", exact: true })).not.toHaveAttribute("aria-current", "page");
  });

  test("the menu shows only what the member may use", async ({ page }) => {
    await signInUI(page, "field@demo.test");
    await page.getByTestId("nav-menu").locator("summary").click();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link", { name: "Home" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Audit log" })).toHaveCount(0);
    await expect(nav.getByRole("link", { name: "Status" })).toHaveCount(0);
    // Field members see no finance pages: the whole Finance group is left out.
    await expect(nav.getByRole("link", { name: "Payables" })).toHaveCount(0);
    await expect(nav.getByText("Finance", { exact: true })).toHaveCount(0);
  });

  test("sign-in and sign-up forms fit the phone", async ({ page }) => {
    for (const path of ["/login", "/signup", "/forgot-password"]) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      expect(await scrollsSideways(page), path).toBeNull();
    }
  });

  test("the main forms are one column without sideways scrolling, amounts get the number keypad", async ({ page }) => {
    await signInUI(page, "owner@demo.test");
    const projectId = await someProjectId(page);
    const forms: { path: string }[] = [
      { path: "/projects/new" },
      { path: `/projects/${projectId}/commitments/new` },
      { path: `/projects/${projectId}/change-orders/new` },
      { path: "/payables/new" },
      { path: `/projects/${projectId}/budget` },
      { path: `/projects/${projectId}/contract` },
      { path: "/settings/organization" },
      { path: "/settings/password" },
      { path: "/settings/members" },
      { path: "/settings/approvals" },
    ];
    const numberInputs: { path: string; label: string | null; inputMode: string | null }[] = [];
    const dateInputs: { path: string; label: string | null; type: string }[] = [];
    for (const { path } of forms) {
      await page.goto(path);
      await expect(page.getByRole("heading", { level: 1 }), path).toBeVisible();
      expect(await scrollsSideways(page), path).toBeNull();
      // One column: no two visible inputs of a POST form (outside tables) share a line (GET filter forms are the tables' own).
      const sideBySide = await page.locator("main form[method=post]").evaluateAll((forms) =>
        forms.flatMap((f) => {
          const boxes = [...f.querySelectorAll<HTMLElement>("input:not([type=hidden]):not([type=checkbox]):not([type=radio]), select, textarea")]
            .filter((e) => e.offsetParent !== null && !e.closest("table"))
            .map((e) => ({ name: e.getAttribute("name"), box: e.getBoundingClientRect() }));
          return boxes.flatMap((a, i) =>
            boxes.slice(i + 1).filter((b) => Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top) > 2).map((b) => `${a.name} | ${b.name}`),
          );
        }),
      );
      expect(sideBySide, `${path}: inputs side by side`).toEqual([]);
      const amounts = await page.locator("main input").evaluateAll((inputs) =>
        inputs
          .filter((i) => (i as HTMLInputElement).type === "text" && /amount|retainage|%|price|forecast/i.test((i as HTMLInputElement).labels?.[0]?.textContent ?? ""))
          .map((i) => ({ label: (i as HTMLInputElement).labels![0].textContent, inputMode: i.getAttribute("inputmode") })),
      );
      numberInputs.push(...amounts.map((a) => ({ ...a, path })));
      const dates = await page.locator("main form[method=post] input").evaluateAll((inputs) =>
        (inputs as HTMLInputElement[])
          .filter((i) => i.type !== "hidden" && /^date\b|\bdate$/i.test((i.labels?.[0]?.textContent ?? "").trim()))
          .map((i) => ({ label: i.labels![0].textContent, type: i.type })),
      );
      dateInputs.push(...dates.map((d) => ({ ...d, path })));
    }
    // Money and percentage inputs (by their label) open the number keypad, on every page above.
    expect(numberInputs.length).toBeGreaterThan(3);
    expect(numberInputs.filter((i) => i.inputMode !== "decimal")).toEqual([]);
    // Dates are date inputs (the browser's date picker).
    expect(dateInputs.length).toBeGreaterThan(0);
    expect(dateInputs.filter((i) => i.type !== "date")).toEqual([]);
  });
});

test.describe("at desktop width", () => {
  test.use({ viewport: DESKTOP });

  test("the navigation is an inline row, no menu toggle", async ({ page }) => {
    await signInUI(page, "owner@demo.test");
    await expect(page.getByTestId("nav-menu")).toBeHidden();
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav).toBeVisible();
    await expect(nav.getByRole("link", { name: "Receivables aging" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "Status" })).toBeVisible();
    // Inline: the nav row is short (one or two lines of links), not a stacked panel.
    const box = await nav.boundingBox();
    expect(box!.height).toBeLessThan(90);
    await nav.getByRole("link", { name: "Receivables aging" }).click();
    await expect(page).toHaveURL(/\/receivables\/aging$/);
    expect(await scrollsSideways(page)).toBeNull();
  });
});
