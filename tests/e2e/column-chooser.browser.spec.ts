import { expect, test, type Page } from "@playwright/test";
import { signedInAs } from "./support/finance";

// Runs with JavaScript and without it, at desktop and phone width: a member chooses the budget's
// columns (which and in which order), a reload keeps them, the view saved and shared from there
// opens with the same columns for another member. Each project uses its own member, so the two
// runs never share a remembered choice; the choice is reset at the end.

const headers = async (page: Page) => (await page.getByTestId("data-table").locator("thead th").allTextContents()).map((t) => t.replace(/[▲▼]/g, "").trim());

async function chooseColumns(page: Page, labels: string[], first: string) {
  const chooser = page.getByTestId("column-chooser");
  await chooser.locator("summary").click();
  const boxes = chooser.getByRole("checkbox");
  for (let i = 0; i < (await boxes.count()); i++) {
    const box = boxes.nth(i);
    const label = (await box.locator("xpath=..").innerText()).trim();
    if (labels.includes(label)) await box.check();
    else await box.uncheck();
  }
  await chooser.getByLabel(`Position of ${first}`).fill("1");
  await chooser.getByRole("button", { name: "Apply", exact: true }).click();
}

for (const [width, height] of [
  [1440, 900],
  [390, 844],
] as const) {
  test(`budget columns chosen, remembered and shared at ${width} px`, async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
    test.setTimeout(90_000);
    const chooserEmail = javaScriptEnabled ? "admin@demo.test" : "owner@demo.test";
    const session = await signedInAs(browser, chooserEmail, { baseURL, javaScriptEnabled });
    const reader = await signedInAs(browser, "viewer@demo.test", { baseURL, javaScriptEnabled });
    const page = session.page;
    let budget = "";
    const name = `Overrun check ${testInfo.project.name} ${width} ${Date.now()}`;
    await page.setViewportSize({ width, height });
    await reader.page.setViewportSize({ width, height });
    try {
      await page.goto("/projects?f.jobNumber=2302");
      await page.getByRole("link", { name: /Cedar Ridge Elementary/ }).first().click();
      await expect(page).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
      budget = `${new URL(page.url()).pathname}/budget`;
      await page.goto(budget);
      expect((await headers(page)).slice(0, 4)).toEqual(["Cost code", "Cost type", "Description", "Revised budget"]);

      await chooseColumns(page, ["Cost code", "Description", "Actual cost", "Projected over/under"], "Projected over/under");
      await expect(page).toHaveURL(/cols=overUnder,costCode,description,actual/);
      await expect.poll(() => headers(page)).toEqual(["Projected over/under", "Cost code", "Description", "Actual cost"]);

      // one step up, then a reload of the page without cols keeps the choice
      const chooser = page.getByTestId("column-chooser");
      await chooser.locator("summary").click();
      await chooser.getByRole("button", { name: "Move Actual cost up" }).click();
      await expect(page).toHaveURL(/cols=overUnder,costCode,actual,description/);
      await page.goto(budget);
      await expect.poll(() => headers(page)).toEqual(["Projected over/under", "Cost code", "Actual cost", "Description"]);

      // saved and shared; its URL applies for another member, whatever they chose for themselves
      const views = page.getByTestId("saved-views");
      await views.locator("summary").click();
      await views.getByLabel("Save this view as").fill(name);
      await views.getByLabel("Share with the organization").check();
      await views.getByRole("button", { name: "Save view" }).click();
      await expect(page).toHaveURL(/cols=overUnder,costCode,actual,description/);
      const shared = page.url();

      await reader.page.goto(shared);
      expect(await headers(reader.page)).toEqual(["Projected over/under", "Cost code", "Actual cost", "Description"]);
      await reader.page.goto(budget);
      const menu = reader.page.getByTestId("saved-views");
      await menu.locator("summary").click();
      await menu.getByRole("link", { name }).click();
      await expect(reader.page).toHaveURL(/cols=overUnder,costCode,actual,description/);
      await expect.poll(() => headers(reader.page)).toEqual(["Projected over/under", "Cost code", "Actual cost", "Description"]);
    } finally {
      // back to the defaults, so no other spec meets this member's choice
      if (budget) {
        await page.goto(budget);
        await page.getByTestId("column-chooser").locator("summary").click();
        await page.getByRole("button", { name: "Reset to defaults" }).click();
        await expect.poll(() => headers(page)).toContain("Original budget");
      }
      await session.page.goto("/table-views").catch(() => null);
      await session.page.getByTestId("saved-view").filter({ hasText: name }).getByRole("button", { name: "Delete" }).click({ timeout: 5_000 }).catch(() => null);
      await session.close();
      await reader.close();
    }
  });
}
