import { expect, test } from "@playwright/test";
import sharp from "sharp";
import { signInUI } from "./support/session";

// A superintendent on a phone adds two photos to a project's gallery (JS on and off: the two
// browser projects) and sees them there, thumbnails loaded, with the caption they typed.

test.use({ viewport: { width: 390, height: 844 } });

const picture = async (color: string) => sharp({ create: { width: 1600, height: 1200, channels: 3, background: color } }).jpeg().toBuffer();

test("a field member uploads two photos to the project gallery and sees them", async ({ page }, testInfo) => {
  await signInUI(page, "field@demo.test");
  await page.goto("/projects");
  // an active demo project: it has seeded photos already
  const hrefs = await page.locator("main tr", { hasText: "Riverside Medical" }).locator('a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const projectId = hrefs.map((href) => /^\/projects\/([0-9a-f-]{36})$/.exec(href)?.[1]).find(Boolean);
  expect(projectId, "a project link on /projects").toBeTruthy();
  await page.goto(`/projects/${projectId}/photos`);
  await expect(page.getByRole("heading", { name: "Photos", level: 1 })).toBeVisible();
  await expect(page.getByTestId("gallery").getByText("Site logistics, north gate")).toBeVisible();

  const caption = `Slab edge check ${testInfo.project.name} ${Date.now()}`;
  await page.getByLabel("Choose photos").setInputFiles([
    { name: "edge-1.jpg", mimeType: "image/jpeg", buffer: await picture("#8a5a2b") },
    { name: "edge-2.jpg", mimeType: "image/jpeg", buffer: await picture("#2b5a8a") },
  ]);
  await page.getByLabel("Caption", { exact: true }).fill(caption);
  await page.getByRole("button", { name: "Upload photos" }).click();

  await expect(page.getByText("2 photos added.")).toBeVisible();
  const added = page.getByTestId("gallery").locator("li").filter({ hasText: caption });
  await expect(added).toHaveCount(2);
  for (const img of await added.locator("img").all()) {
    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBeGreaterThan(0);
  }
  const full = await added.first().locator("a").first().getAttribute("href");
  expect(full).toMatch(/^\/photos\/[0-9a-f-]{36}\/full$/);
  await expect(page.getByLabel("Caption", { exact: true })).toHaveValue("");
  const noSideways = await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth);
  expect(noSideways).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("gallery-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath("gallery-desktop.png"), fullPage: false });
});
