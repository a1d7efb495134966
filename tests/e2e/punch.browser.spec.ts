import { expect, test } from "@playwright/test";
import { signInUI } from "./support/session";

// A project manager on a phone, JavaScript off and on, accepts and closes a punch item the
// subcontractor marked ready (the full journey from a failed checklist item is the inspections
// spec's). Each run closes its own demo item, so the two runs share the database safely.

test.use({ viewport: { width: 390, height: 844 } });

test("a PM closes a ready punch item on a phone", async ({ page }, testInfo) => {
  const title = testInfo.project.name === "js-disabled" ? "Ceiling tile stained at corridor 2B" : "Touch up fireproofing at beam B-12";
  await signInUI(page, "pm@demo.test");
  await page.goto("/projects");
  const hrefs = await page.locator("main tr", { hasText: "Riverside Medical" }).locator('a[href^="/projects/"]').evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
  const projectId = hrefs.map((href) => /^\/projects\/([0-9a-f-]{36})$/.exec(href)?.[1]).find(Boolean);
  expect(projectId, "a project link on /projects").toBeTruthy();
  await page.goto(`/projects/${projectId}/punch?f.status=ready_for_review`);
  await expect(page.getByRole("heading", { name: "Punch list", level: 1 })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("punch-list-phone.png"), fullPage: true });
  const item = page.getByTestId("data-table").getByRole("link", { name: title });
  await item.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
  await page.screenshot({ path: testInfo.outputPath("punch-item-phone.png"), fullPage: true });
  await page.getByRole("button", { name: "Accept and close" }).click();
  await expect(page.getByText(/accepted and closed/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Closed");
  await expect(page.getByText("Accepted and closed → Closed")).toBeVisible();
  const noSideways = await page.evaluate(() => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth);
  expect(noSideways).toBe(true);
  await page.screenshot({ path: testInfo.outputPath("punch-closed-phone.png"), fullPage: true });
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`/projects/${projectId}/punch`);
  await page.screenshot({ path: testInfo.outputPath("punch-list-desktop.png"), fullPage: false });
});
