import { expect, test } from "@playwright/test";
import { flash, formWithButton, idFromUrl, signedInAs, type UserSession } from "./support/finance";
import { isoDay } from "./support/money-cycle";

// Runs with JavaScript and without it. finance (projects:create, contracts:manage,
// receivables:certify) onboards a job after its application #2: the opening position on one form,
// then application #3 continues from it (column D, line 7).

test.describe("opening billing: a job onboarded part way", () => {
  test("the opening position entered on one form feeds the next application's column D and line 7", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
    test.setTimeout(90_000);
    const jobNumber = `OPEN-${testInfo.project.name}-${Date.now()}`;
    let session: UserSession | null = null;
    try {
      session = await signedInAs(browser, "finance@demo.test", { baseURL, javaScriptEnabled });
      const page = session.page;
      let projectId = "";

      await test.step("a project with a 100,000.00 contract (10% retainage) and two SOV lines", async () => {
        await page.goto("/projects/new");
        const form = formWithButton(page, "Create project");
        await form.getByLabel("Job number", { exact: true }).fill(jobNumber);
        await form.getByLabel("Project name", { exact: true }).fill(`Onboarded ${jobNumber}`);
        await form.getByLabel("Status", { exact: true }).selectOption({ label: "Active" });
        await form.getByRole("button", { name: "Create project" }).click();
        await expect(flash(page, `Project ${jobNumber} created.`)).toBeVisible();
        projectId = idFromUrl(page, "/projects");
        await page.goto(`/projects/${projectId}/contract`);
        const contract = formWithButton(page, "Create contract");
        await contract.getByLabel("Owner", { exact: true }).fill("Onboarding Owner LLC");
        await contract.getByLabel("Original contract sum", { exact: true }).fill("100,000.00");
        await contract.getByLabel("Retainage (%)", { exact: true }).fill("10");
        await contract.getByRole("button", { name: "Create contract" }).click();
        await expect(flash(page, "Prime contract created.")).toBeVisible();
        for (const [n, description, value] of [
          [1, "Structure", "60,000.00"],
          [2, "Finishes", "40,000.00"],
        ] as const) {
          await page.getByLabel(`New row ${n} description`, { exact: true }).fill(description);
          await page.getByLabel(`New row ${n} scheduled value`, { exact: true }).fill(value);
        }
        await page.getByRole("button", { name: "Save schedule of values" }).click();
        await expect(flash(page, "Schedule of values saved: 2 added, 0 changed, 0 deleted.")).toBeVisible();
      });

      await test.step("the opening position after application #2, on one form (Tab moves along a row)", async () => {
        await page.goto(`/projects/${projectId}/pay-apps`);
        await page.getByTestId("opening-link").click();
        await expect(page).toHaveURL(new RegExp(`/projects/${projectId}/opening-billing$`));
        const form = formWithButton(page, "Save the opening position");
        await form.getByLabel("Number of the last previous application", { exact: true }).fill("2");
        await form.getByLabel("Its period end", { exact: true }).fill(isoDay(-40));
        await form.getByLabel("Its certificate date", { exact: true }).fill(isoDay(-35));
        await form.getByLabel("Previous certificates total", { exact: true }).fill("55,800.00");
        await form.getByLabel("Amount received to date", { exact: true }).fill("40,000.00");
        const completed1 = form.getByLabel("Line 1 work completed from previous applications", { exact: true });
        await completed1.fill("50,000.00");
        await completed1.press("Tab");
        await expect(form.getByLabel("Line 1 materials stored", { exact: true })).toBeFocused();
        await form.getByLabel("Line 1 retainage held to date", { exact: true }).fill("5,000.00");
        await form.getByLabel("Line 2 work completed from previous applications", { exact: true }).fill("10,000.00");
        await form.getByLabel("Line 2 materials stored", { exact: true }).fill("2,000.00");
        await form.getByLabel("Line 2 retainage held to date", { exact: true }).fill("1,200.00");
        await form.getByRole("button", { name: "Save the opening position" }).click();
        await expect(flash(page, "Opening position saved: the next application will be #3.")).toBeVisible();
        await expect(page.getByTestId("data-table")).toContainText("Opening position");
      });

      await test.step("application #3 takes column D per line and line 7 from the opening position", async () => {
        const form = formWithButton(page, "Start the application");
        await form.getByLabel("Period to", { exact: true }).fill(isoDay());
        await form.getByLabel("Application date", { exact: true }).fill(isoDay());
        await form.getByLabel("Payment due", { exact: true }).fill(isoDay(30));
        await form.getByRole("button", { name: "Start the application" }).click();
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^Application #3\s+Draft$/);
        const rows = page.getByTestId("continuation-sheet").locator("tbody tr");
        await expect(rows.nth(0).locator("td").nth(3)).toHaveText("$50,000.00");
        await expect(rows.nth(1).locator("td").nth(3)).toHaveText("$10,000.00");
        await expect(page.getByTestId("g702-line-7")).toContainText("$55,800.00");
        await expect(page.getByTestId("g702-line-5")).toContainText("$6,200.00");
      });
    } finally {
      await session?.close();
    }
  });
});
