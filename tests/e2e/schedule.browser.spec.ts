import { expect, test } from "@playwright/test";
import { flash, signedInAs } from "./support/finance";

// At phone size (390 × 844), JavaScript on and off: a PM opens a project's schedule, moves a
// milestone's forecast ten days past its baseline, sees it flagged slipping in the list, and sees
// the server-rendered bar chart (one row per milestone, a today line) scroll inside its own box.

const plusDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

test("a PM moves a forecast and sees the slipping flag and the bar chart", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(120_000);
  // each project (JS on / off) edits its own milestone, so the two runs never race on one version
  const [job, milestone] = javaScriptEnabled ? ["2403", "Above-ceiling inspection"] : ["2302", "Fire alarm acceptance test"];
  const session = await signedInAs(browser, "pm@demo.test", { baseURL, javaScriptEnabled });
  const page = session.page;
  const noSideways = async () => expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
  try {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/projects?f.jobNumber=${job}`);
    await page.getByRole("link", { name: job, exact: true }).click();
    await page.getByRole("navigation", { name: "Project tabs" }).getByRole("link", { name: "Schedule" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Schedule" })).toBeVisible();
    await noSideways();
    await page.screenshot({ path: testInfo.outputPath("schedule-list-before.png"), fullPage: true });

    await page.getByTestId("data-table").getByRole("link", { name: milestone }).click();
    await expect(page.getByRole("heading", { level: 1, name: milestone })).toBeVisible();
    const baseline = await page.getByLabel("Baseline").inputValue();
    await page.getByLabel("Forecast").fill(plusDays(baseline, 10));
    await page.getByRole("button", { name: "Save milestone" }).click();
    await expect(flash(page, `Milestone "${milestone}" saved.`)).toBeVisible();
    await expect(page.getByTestId("milestone-facts")).toContainText("Slipping 10 d");
    await noSideways();
    await page.screenshot({ path: testInfo.outputPath("schedule-milestone.png"), fullPage: true });

    await page.getByRole("link", { name: "Back to the schedule" }).click();
    await expect(page.getByTestId("data-table")).toContainText("Slipping 10 d");
    await page.getByTestId("schedule-summary").getByRole("link", { name: /slipping/ }).click();
    await expect(page).toHaveURL(/f\.status=slipping/);
    await expect(page.getByTestId("data-table").getByRole("link", { name: milestone })).toBeVisible();

    await page.getByRole("navigation", { name: "Schedule views" }).getByRole("link", { name: "Bar chart" }).click();
    await expect(page).toHaveURL(/\/schedule\/chart\?.*f\.status=slipping/);
    const chart = page.getByTestId("schedule-chart");
    await expect(chart.locator("svg")).toBeVisible();
    await expect(chart.locator("[data-milestone-row]")).not.toHaveCount(0);
    await expect(chart.getByTestId("today-marker")).toHaveCount(1);
    await noSideways();
    await page.screenshot({ path: testInfo.outputPath("schedule-chart-filtered.png"), fullPage: true });
    await page.goto(page.url().replace(/\?.*$/, ""));
    await page.screenshot({ path: testInfo.outputPath("schedule-chart.png"), fullPage: true });
    await noSideways();

    // The PM's dashboard shows the three-week lookahead of their projects; the chart at desktop width.
    await page.goto("/");
    await expect(page.getByTestId("dashboard-pm").getByTestId("three-week-lookahead")).toBeVisible();
    await noSideways();
    await page.screenshot({ path: testInfo.outputPath("dashboard-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goBack();
    await page.screenshot({ path: testInfo.outputPath("schedule-chart-desktop.png"), fullPage: true });
  } finally {
    await session.close();
  }
});
