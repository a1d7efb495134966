import { expect, test, type Page } from "@playwright/test";
import sharp from "sharp";
import { flash, signedInAs } from "./support/finance";

// The superintendent's day on a phone (390 × 844), with JavaScript on and off: open a day's log,
// type the weather, a crew, the work and a delay flagged as a potential change, add two photos
// from the phone, and submit. Each browser project logs its own day (60 or 61 days back, before
// the demo's month of logs), so the two runs never share a log.

test.use({ viewport: { width: 390, height: 844 } });

const photo = async (label: string, color: string) => ({
  name: `${label}.jpg`,
  mimeType: "image/jpeg",
  buffer: await sharp({ create: { width: 800, height: 600, channels: 3, background: color } }).jpeg().toBuffer(),
});

const isoDaysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

async function noSidewaysScroll(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

test("a superintendent logs a day with two photos and submits it", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  const session = await signedInAs(browser, "field@demo.test", { baseURL, javaScriptEnabled });
  const page = session.page;
  await page.setViewportSize({ width: 390, height: 844 });
  const day = isoDaysAgo(javaScriptEnabled ? 60 : 61);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}-${javaScriptEnabled ? "js" : "nojs"}.png`), fullPage: true });
  try {
    await test.step("the project's daily logs: the month so far, and a day opened by date", async () => {
      await page.goto("/projects");
      await page.getByRole("link", { name: /Riverside Medical Office Building/ }).first().click();
      await page.getByRole("link", { name: "Daily logs" }).click();
      await expect(page.getByRole("heading", { name: "Daily logs" })).toBeVisible();
      await expect(page.getByTestId("daily-log-list").locator("li").first()).toContainText("Draft");
      await noSidewaysScroll(page);
      await shot("daily-logs-list");
      await page.getByLabel("Another day").fill(day);
      await page.getByRole("button", { name: "Open that day" }).click();
      await expect(page).toHaveURL(/\/daily-logs\/[0-9a-f-]{36}$/);
      await expect(flash(page, `The log of ${day} is started as a draft.`)).toBeVisible();
    });

    await test.step("weather, a crew, the work and a delay, one section at a time", async () => {
      const weather = page.getByRole("form", { name: "Weather and notes" });
      await weather.getByLabel("Conditions").selectOption("partly_cloudy");
      await weather.getByLabel("High").fill("54");
      await weather.getByLabel("Low").fill("31");
      await weather.getByLabel("Wind").fill("NW 10 mph");
      await weather.getByRole("button", { name: "Save weather and notes" }).click();
      await expect(flash(page, "Weather and notes saved.")).toBeVisible();

      const crew = page.getByRole("form", { name: "Manpower" }).locator("fieldset").first();
      await crew.getByLabel("Company").selectOption({ label: "Rocky Mountain Concrete" });
      await crew.getByLabel("Trade").fill("Concrete finishers");
      await crew.getByLabel("Workers").fill("6");
      await crew.getByLabel("Crew hours").fill("48");
      await crew.getByLabel("Cost code").selectOption({ label: "03-3000 Cast-in-place concrete" });
      await page.getByRole("button", { name: "Save manpower" }).click();
      await expect(flash(page, "Manpower saved.")).toBeVisible();
      await expect(page.getByRole("form", { name: "Manpower" }).locator("fieldset").first().getByLabel("Trade")).toHaveValue("Concrete finishers");

      const work = page.getByRole("form", { name: "Work performed" }).locator("fieldset").first();
      await work.getByLabel("Cost code").selectOption({ label: "03-3000 Cast-in-place concrete" });
      await work.getByLabel("Description").fill("Poured slab on grade, area B");
      await page.getByRole("button", { name: "Save work performed" }).click();
      await expect(flash(page, "Work performed saved.")).toBeVisible();

      const delay = page.getByRole("form", { name: "Delays" }).locator("fieldset").first();
      await delay.getByLabel("Cause").selectOption("owner");
      await delay.getByLabel("Hours lost").fill("2");
      await delay.getByLabel("What happened").fill("Owner moved the lobby wall; crew waited for drawings");
      await delay.getByLabel("Potential change").check();
      await page.getByRole("button", { name: "Save delays" }).click();
      await expect(flash(page, "Delays saved.")).toBeVisible();
      // the field member has no change order key: the project manager is flagged instead
      await expect(page.getByTestId("potential-changes")).toContainText("Flagged for the project manager.");
    });

    await test.step("two photos from the phone", async () => {
      await page.getByLabel("Choose photos").setInputFiles([await photo("slab-pour", "#8a7355"), await photo("formwork", "#5d6d7a")]);
      await page.getByRole("button", { name: "Upload photos" }).click();
      await expect(page).toHaveURL(/\/daily-logs\/[0-9a-f-]{36}/);
      await expect(page.getByRole("region", { name: "Photos" }).locator("figure")).toHaveCount(2);
      await noSidewaysScroll(page);
      await shot("daily-log-draft");
    });

    await test.step("submit: the log is locked and takes addenda", async () => {
      await page.getByRole("button", { name: "Submit the log" }).click();
      await expect(flash(page, "Daily log submitted and locked.")).toBeVisible();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Submitted");
      await expect(page.getByRole("button", { name: "Save manpower" })).toHaveCount(0);
      await expect(page.getByTestId("manpower-entry")).toContainText("Concrete finishers");
      await expect(page.getByRole("button", { name: "Add addendum" })).toBeVisible();
      await noSidewaysScroll(page);
      await shot("daily-log-submitted");
    });
  } finally {
    await session.close();
  }
});
