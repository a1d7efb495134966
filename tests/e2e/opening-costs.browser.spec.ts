import { expect, test } from "@playwright/test";
import { budgetFigure, budgetRow, flash, formWithButton, idFromUrl, jobCostFigure, jobCostTable, signedInAs } from "./support/finance";

// Runs with JavaScript and without it: a job under way gets its opening cost to date on one grid
// (one post), and the budget and the job cost report count it as actual cost, marked Opening.

test("opening cost entered on a project shows as actual cost in the budget and the job cost report", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(60_000);
  const tag = `${testInfo.project.name}-${Date.now()}`;
  const jobNumber = `OPEN-${tag}`;
  const session = await signedInAs(browser, "pm@demo.test", { baseURL, javaScriptEnabled });
  const pm = session.page;
  try {
    await pm.goto("/projects/new");
    const project = formWithButton(pm, "Create project");
    await project.getByLabel("Job number", { exact: true }).fill(jobNumber);
    await project.getByLabel("Project name", { exact: true }).fill(`Job under way ${tag}`);
    await project.getByLabel("Status", { exact: true }).selectOption({ label: "Active" });
    await project.getByRole("button", { name: "Create project" }).click();
    await expect(pm).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
    const projectId = idFromUrl(pm, "/projects");

    await pm.goto(`/projects/${projectId}/opening-costs`);
    const grid = formWithButton(pm, "Save opening costs");
    await grid.getByLabel("Row 1 cost code").selectOption({ label: "03-3000 Cast-in-place concrete" });
    await grid.getByLabel("Row 1 cost type").selectOption({ label: "Subcontract" });
    await grid.getByLabel("Row 1 opening cost").fill("12,345.67");
    await grid.getByLabel("Row 1 as of").fill("2026-01-31");
    await grid.getByLabel("Row 1 note").fill("Old ledger at cut-over");
    await grid.getByRole("button", { name: "Save opening costs" }).click();
    await expect(flash(pm, "Opening costs saved.")).toBeVisible();
    const entries = pm.getByTestId("data-table");
    await expect(entries.locator("tbody tr")).toHaveCount(1);
    await expect(entries.locator("tbody tr")).toContainText("Opening");
    await expect(entries.locator("tbody tr")).toContainText("$12,345.67");

    await pm.goto(`/projects/${projectId}/budget`);
    const row = budgetRow(pm, "03-3000", "Subcontract");
    await expect(await budgetFigure(pm, row, "Opening cost")).toHaveText("$12,345.67");
    await expect(await budgetFigure(pm, row, "Actual cost")).toHaveText("$12,345.67");
    await expect(await budgetFigure(pm, row, "Committed")).toHaveText("$0.00");

    await pm.goto(`/projects/${projectId}/job-cost`);
    const total = jobCostTable(pm).getByTestId("job-cost-total");
    await expect(await jobCostFigure(pm, total, "Actual cost")).toHaveText("$12,345.67");
    // The opening cost figure drills down to the entries it sums.
    await (await jobCostFigure(pm, total, "Opening cost")).getByRole("link").click();
    await expect(pm).toHaveURL(new RegExp(`/projects/${projectId}/opening-costs`));
    await expect(pm.getByTestId("data-table").locator("tbody tr")).toContainText("Old ledger at cut-over");
  } finally {
    await session.close();
  }
});
