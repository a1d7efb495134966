import { expect, test, type Browser } from "@playwright/test";
import { flash } from "./support/finance";
import { signInUI } from "./support/session";

// At phone width (390 × 844), with JavaScript on and off (the two browser projects): the demo
// superintendent (field@demo.test) starts an inspection from a published checklist, fails an item
// with a note (the Fail raises a punch item), signs and completes it; the demo project manager
// opens the punch item the failure raised and, once it is marked ready, accepts and closes it.

const PHONE = { width: 390, height: 844 };

async function phoneSession(browser: Browser, baseURL: string | undefined, javaScriptEnabled: boolean, email: string) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled, viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await signInUI(page, email);
  return { page, close: () => context.close() };
}

test("a superintendent fails a checklist item on the phone; the punch item it raised is closed by the PM", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  const where = `Unit ${testInfo.project.name} ${Date.now()}`;
  const field = await phoneSession(browser, baseURL, javaScriptEnabled, "field@demo.test");
  const page = field.page;
  let punchHref = "";
  try {
    await test.step("start an inspection on a published checklist", async () => {
      await page.goto("/projects");
      const href = await page.locator('main a[href^="/projects/"]').first().getAttribute("href");
      await page.goto(`${href}/inspections`);
      await page.getByRole("link", { name: "New inspection" }).click();
      await page.getByLabel("Checklist").selectOption({ label: "Drywall pre-close-in (Quality, v1)" });
      await page.getByLabel("Location").fill(where);
      await page.getByRole("button", { name: "Start inspection" }).click();
      await expect(page).toHaveURL(/\/inspections\/[0-9a-f-]{36}$/);
      await expect(flash(page, /Inspection I-\d{3} started/)).toBeVisible();
    });

    await test.step("Pass / Fail / N/A are big touch targets and the page never scrolls sideways", async () => {
      const first = page.getByTestId("inspection-item").first();
      const box = await first.locator("label").filter({ hasText: "Fail" }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
      await page.screenshot({ path: testInfo.outputPath("inspection-run-phone.png"), fullPage: true });
    });

    await test.step("a Fail needs a note; with one, saving the section raises a punch item", async () => {
      const items = page.getByTestId("inspection-item");
      await items.first().getByLabel("Fail").check();
      await page.getByRole("button", { name: "Save Framing" }).click();
      await expect(page.getByText("Say what failed: a Fail needs a note")).toBeVisible();
      await page.getByTestId("inspection-item").first().getByLabel(/^Note/).fill("Studs at grid 4 out of plumb by 12 mm");
      await page.getByTestId("inspection-item").first().getByLabel("Fail").check();
      await page.getByRole("button", { name: "Save Framing" }).click();
      await expect(flash(page, /A failed item raised punch item P-\d{3}/)).toBeVisible();
      const raised = page.getByTestId("raised-link").first().getByRole("link");
      punchHref = (await raised.getAttribute("href")) ?? "";
      expect(punchHref).toMatch(/\/punch\/[0-9a-f-]{36}$/);
    });

    await test.step("answer the other required items, sign and complete: the inspection is locked", async () => {
      const items = page.getByTestId("inspection-item");
      const count = await items.count();
      for (let i = 1; i < count; i++) await items.nth(i).getByLabel("Pass").check();
      await page.getByLabel("Your name (typed signature)").fill("Frank Fields");
      await page.getByRole("button", { name: "Sign and complete" }).click();
      await expect(flash(page, "Inspection signed and completed.")).toBeVisible();
      await expect(page.getByTestId("signature")).toContainText("Signed by Frank Fields");
      await expect(page.getByRole("button", { name: "Sign and complete" })).toHaveCount(0);
      await page.screenshot({ path: testInfo.outputPath("inspection-completed-phone.png"), fullPage: true });
    });

    await test.step("the superintendent marks the punch item ready for review", async () => {
      await page.goto(punchHref);
      await expect(page.getByText("Studs plumb, straight and at the specified spacing").first()).toBeVisible();
      await page.getByRole("button", { name: "Mark ready for review" }).click();
      await expect(page.getByText("Ready for review").first()).toBeVisible();
    });
  } finally {
    await field.close();
  }

  const pm = await phoneSession(browser, baseURL, javaScriptEnabled, "pm@demo.test");
  try {
    await test.step("the project manager accepts and closes it", async () => {
      await pm.page.goto(punchHref);
      await pm.page.getByRole("button", { name: "Accept and close" }).click();
      await expect(pm.page.getByText("Closed").first()).toBeVisible();
      await pm.page.screenshot({ path: testInfo.outputPath("punch-closed-phone.png"), fullPage: true });
    });
  } finally {
    await pm.close();
  }
});
