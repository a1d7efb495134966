import { expect, test, type Page } from "@playwright/test";
import { flash, formWithButton, idFromUrl, signedInAs, type UserSession } from "./support/finance";
import { isoDay, pasteCells } from "./support/money-cycle";

// Many lines in one post, in both browser projects (JavaScript off: typed cell by cell; on: a block
// pasted from Excel). A fresh project: finance enters a 20-line schedule of values in the grid, pm
// fills the 20 lines of pay application #1 in one post.

const LINES = 20;
/** Line n: n × 1,000.00 + 0.25 → 210,005.00 in all; this period n × 500.00 → 105,000.00. */
const value = (n: number) => `${(n * 1000).toLocaleString("en-US")}.25`;
const thisPeriod = (n: number) => `${(n * 500).toLocaleString("en-US")}.00`;
const rows = Array.from({ length: LINES }, (_, i) => i + 1);

/** The overflow of the page itself and of the grid's scroller at the current viewport. */
const overflow = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluate((table) => ({
    page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    grid: table.parentElement!.scrollWidth - table.parentElement!.clientWidth,
  }));

test("a 20-line schedule of values in one grid post, then pay application #1 filled in one post", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
  test.setTimeout(180_000);
  const tag = `${testInfo.project.name === "js-enabled" ? "js" : "nojs"}-${Date.now().toString(36)}`;
  const sessions: UserSession[] = [];
  const signIn = async (email: string) => {
    const session = await signedInAs(browser, email, { baseURL, javaScriptEnabled });
    sessions.push(session);
    return session.page;
  };
  try {
    const pm = await signIn("pm@demo.test");
    const finance = await signIn("finance@demo.test");
    let projectId = "";

    await test.step("pm creates a project; finance its 210,005.00 prime contract", async () => {
      await pm.goto("/projects/new");
      const form = formWithButton(pm, "Create project");
      await form.getByLabel("Job number", { exact: true }).fill(`GR-${tag}`);
      await form.getByLabel("Project name", { exact: true }).fill(`Grid ${tag}`);
      await form.getByLabel("Client", { exact: true }).fill("Grid Owners LLC");
      await form.getByLabel("Status", { exact: true }).selectOption({ label: "Active" });
      await form.getByLabel("Contract type", { exact: true }).selectOption({ label: "Lump sum" });
      await form.getByRole("button", { name: "Create project" }).click();
      await expect(flash(pm, `Project GR-${tag} created.`)).toBeVisible();
      projectId = idFromUrl(pm, "/projects");

      await finance.goto(`/projects/${projectId}/contract`);
      const contract = formWithButton(finance, "Create contract");
      await contract.getByLabel("Owner", { exact: true }).fill("Grid Owners LLC");
      await contract.getByLabel("Original contract sum", { exact: true }).fill("210,005.00");
      await contract.getByLabel("Retainage (%)", { exact: true }).fill("10");
      await contract.getByRole("button", { name: "Create contract" }).click();
      await expect(flash(finance, "Prime contract created.")).toBeVisible();
    });

    await test.step("finance asks for 10 more blank rows and enters 20 lines; one post saves them all", async () => {
      await finance.getByRole("link", { name: "10 more blank rows" }).click();
      await expect(finance).toHaveURL(/\?rows=20#sov-grid$/);
      await expect(finance.getByTestId("sov-grid").locator("tbody tr")).toHaveCount(LINES);
      // Tab moves along a row: description → cost code → scheduled value
      await finance.getByLabel("New row 1 description").focus();
      await finance.keyboard.press("Tab");
      await expect(finance.getByLabel("New row 1 cost code")).toBeFocused();
      await finance.keyboard.press("Tab");
      await expect(finance.getByLabel("New row 1 scheduled value")).toBeFocused();

      if (javaScriptEnabled) {
        // a block copied from Excel: description, cost code, scheduled value
        await pasteCells(finance.getByLabel("New row 1 description"), rows.map((n) => `Work package ${n}\t03-3000\t${value(n)}`).join("\r\n") + "\r\n");
        await expect(finance.getByLabel("New row 20 scheduled value")).toHaveValue(value(20));
        await expect(finance.getByLabel("New row 7 cost code").locator("option:checked")).toHaveText("03-3000 Cast-in-place concrete");
      } else {
        for (const n of rows) {
          await finance.getByLabel(`New row ${n} description`).fill(`Work package ${n}`);
          await finance.getByLabel(`New row ${n} scheduled value`).fill(value(n));
        }
      }
      // one bad cell: refused as a whole, with the message under it and the input kept
      await finance.getByLabel("New row 5 scheduled value").fill("5,000.255");
      await finance.getByRole("button", { name: "Save schedule of values" }).click();
      await expect(finance.getByTestId("sov-grid")).toContainText("Use two decimals at most");
      await expect(finance.getByLabel("New row 20 description")).toHaveValue("Work package 20");
      await expect(finance.getByTestId("sov-total")).toContainText("$0.00");

      await finance.getByLabel("New row 5 scheduled value").fill(value(5));
      await finance.getByRole("button", { name: "Save schedule of values" }).click();
      await expect(flash(finance, "Schedule of values saved: 20 added, 0 changed, 0 deleted.")).toBeVisible();
      await expect(finance.getByTestId("sov-total")).toContainText("$210,005.00");
      await expect(finance.getByTestId("sov-check")).toContainText("ready for the first pay application");
      await expect(finance.getByLabel("Line 20 scheduled value")).toHaveValue("20,000.25");
    });

    await test.step("on a 390 px phone the grid scrolls inside its box, not the page", async () => {
      await finance.setViewportSize({ width: 390, height: 844 });
      await finance.reload();
      const { page, grid } = await overflow(finance, "sov-grid");
      expect(page).toBe(0);
      expect(grid).toBeGreaterThan(0);
      await expect(finance.getByLabel("Line 1 scheduled value")).toBeVisible();
    });

    await test.step("pm starts pay application #1 and fills its 20 lines in one post", async () => {
      await pm.goto(`/projects/${projectId}/pay-apps`);
      const form = formWithButton(pm, "Start the application");
      await form.getByLabel("Period to", { exact: true }).fill(isoDay());
      await form.getByLabel("Application date", { exact: true }).fill(isoDay());
      await form.getByLabel("Payment due", { exact: true }).fill(isoDay(30));
      await form.getByRole("button", { name: "Start the application" }).click();
      await expect(pm.getByTestId("continuation-sheet").locator("tbody tr")).toHaveCount(LINES);

      if (javaScriptEnabled) {
        // two columns from Excel: work completed this period, materials stored
        await pasteCells(pm.getByLabel("Line 1 work completed this period"), rows.map((n) => `${thisPeriod(n)}\t0.00`).join("\n"));
        await expect(pm.getByLabel("Line 20 work completed this period")).toHaveValue(thisPeriod(20));
      } else {
        for (const n of rows) await pm.getByLabel(`Line ${n} work completed this period`).fill(thisPeriod(n));
      }
      await pm.getByRole("button", { name: "Save continuation sheet" }).click();
      await expect(flash(pm, "Continuation sheet saved: 20 lines changed; the summary is updated.")).toBeVisible();
      await expect(pm.getByTestId("g702-line-4")).toContainText("$105,000.00");
      await expect(pm.getByTestId("g702-line-5")).toContainText("$10,500.00");
      await expect(pm.getByTestId("g702-line-8")).toContainText("$94,500.00");
      await expect(pm.getByTestId("line-20")).toContainText("$10,000.25"); // H = 20,000.25 − 10,000.00
    });
  } finally {
    for (const session of sessions) await session.close();
  }
});
