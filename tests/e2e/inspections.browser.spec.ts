import { expect, test, type Browser } from "@playwright/test";
import { flash } from "./support/finance";
import { signInUI } from "./support/session";

// At phone width (390 × 844), with JavaScript on and off (the two browser projects): the demo
// superintendent (field@demo.test) starts an inspection from a published checklist, fails an item
// with a note (the Fail raises a punch item), signs and completes it. (The project manager closing
// that punch item joins this journey once the punch pages are registered: branch i19-punch.)

const PHONE = { width: 390, height: 844 };

async function phoneSession(browser: Browser, baseURL: string | undefined, javaScriptEnabled: boolean, email: string) {
  const context = await browser.newContext({ baseURL, javaScriptEnabled, viewport: PHONE, acceptDownloads: true });
  const page = await context.newPage();
  await signInUI(page, email);
  return { page, close: () => context.close() };
}

test("a superintendent fails a checklist item on the phone and signs the inspection; the Fail raised a punch item", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  const where = `Unit ${testInfo.project.name} ${Date.now()}`;
  const field = await phoneSession(browser, baseURL, javaScriptEnabled, "field@demo.test");
  const page = field.page;
  let punchHref = "";
  try {
    await test.step("start an inspection on a published checklist", async () => {
      await page.goto("/projects");
      const hrefs = await page.locator('main a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
      const project = hrefs.find((href) => /^\/projects\/[0-9a-f-]{36}$/.test(href));
      expect(project, "a project link on /projects").toBeTruthy();
      await page.goto(`${project}/inspections`);
      await page.getByRole("link", { name: "New inspection" }).click();
      await page.getByLabel("Checklist", { exact: true }).selectOption({ label: "Drywall pre-close-in (Quality, v1)" });
      await page.getByLabel("Location", { exact: true }).fill(where);
      await page.getByRole("button", { name: "Start inspection" }).click();
      await expect(page).toHaveURL(/\/inspections\/[0-9a-f-]{36}$/);
      await expect(flash(page, /Inspection I-\d{3} started/)).toBeVisible();
    });

    await test.step("Pass / Fail / N/A are big touch targets and the page never scrolls sideways", async () => {
      const first = page.getByTestId("inspection-item").first();
      const box = await first.getByRole("radiogroup").locator("label").filter({ hasText: "Fail" }).boundingBox();
      expect(box!.height).toBeGreaterThanOrEqual(44);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth)).toBe(true);
      await page.screenshot({ path: testInfo.outputPath("inspection-run-phone.png"), fullPage: true });
    });

    await test.step("a Fail needs a note; with one, saving the section raises a punch item", async () => {
      const items = page.getByTestId("inspection-item");
      await items.first().getByLabel("Fail", { exact: true }).check();
      await page.getByRole("button", { name: "Save Framing" }).click();
      await expect(page.getByText("Say what failed: a Fail needs a note")).toBeVisible();
      await page.getByTestId("inspection-item").first().getByLabel(/^Note/).fill("Studs at grid 4 out of plumb by 12 mm");
      await page.getByTestId("inspection-item").first().getByLabel("Fail", { exact: true }).check();
      await page.getByRole("button", { name: "Save Framing" }).click();
      await expect(flash(page, /A failed item raised punch item P-\d{3}/)).toBeVisible();
      const raised = page.getByTestId("raised-link").first().getByRole("link");
      punchHref = (await raised.getAttribute("href")) ?? "";
      expect(punchHref).toMatch(/\/punch\/[0-9a-f-]{36}$/);
    });

    await test.step("answer the other required items, sign and complete: the inspection is locked", async () => {
      const items = page.getByTestId("inspection-item");
      const count = await items.count();
      for (let i = 1; i < count; i++) await items.nth(i).getByLabel("Pass", { exact: true }).check();
      await page.getByLabel("Your name (typed signature)").fill("Frank Fields");
      await page.getByRole("button", { name: "Sign and complete" }).click();
      await expect(flash(page, "Inspection signed and completed.")).toBeVisible();
      await expect(page.getByTestId("signature")).toContainText("Signed by Frank Fields");
      await expect(page.getByRole("button", { name: "Sign and complete" })).toHaveCount(0);
      await page.screenshot({ path: testInfo.outputPath("inspection-completed-phone.png"), fullPage: true });
    });

    await test.step("the punch item the Fail raised is linked from the signed inspection", async () => {
      await expect(page.getByTestId("raised-link").first()).toContainText(/punch item P-\d{3} \(Open\)/);
      expect(punchHref).toContain(new URL(page.url()).pathname.split("/inspections/")[0]);
    });

    await test.step("the superintendent marks the punch item ready for review", async () => {
      await page.goto(punchHref);
      await expect(page.getByRole("button", { name: "Accept and close" }), "closing is the PM's (punch:close)").toHaveCount(0);
      await page.getByRole("button", { name: "Mark ready for review" }).click();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Ready for review");
    });
  } finally {
    await field.close();
  }

  const pm = await phoneSession(browser, baseURL, javaScriptEnabled, "pm@demo.test");
  try {
    await test.step("a project manager accepts and closes it", async () => {
      await pm.page.goto(punchHref);
      await pm.page.getByRole("button", { name: "Accept and close" }).click();
      await expect(pm.page.getByText(/accepted and closed/)).toBeVisible();
      await expect(pm.page.getByRole("heading", { level: 1 })).toContainText("Closed");
      await pm.page.screenshot({ path: testInfo.outputPath("punch-closed-phone.png"), fullPage: true });
    });
  } finally {
    await pm.close();
  }
});
