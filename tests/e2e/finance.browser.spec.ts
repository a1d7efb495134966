import { expect, test, type Page } from "@playwright/test";
import {
  budgetFigure,
  budgetRow,
  budgetTotals,
  downloadWorkbook,
  flash,
  formWithButton,
  formWithHeading,
  idFromUrl,
  jobCostFigure,
  jobCostSubtotal,
  rowStartingWith,
  sheetRows,
  signedInAs,
  type UserSession,
} from "./support/finance";
import { HttpClient, textOf } from "./support/session";

// Runs in both browser projects: with JavaScript (fetch navigations, revalidation in place) and
// without it (plain form posts and full page loads). Demo users of Summit Builders: pm creates the
// project, budget, commitment and change order; finance (contracts:manage, commitments:execute,
// change_orders:approve) sets up the contract and approves step 1 of the commitment and of the
// change order; the owner is the member the "$100,000 or more" commitment policy and the "$50,000
// or more" change order policy name for step 2.

const CONCRETE = { code: "03-3000", name: "Cast-in-place concrete", division: "03 Concrete" };
const DRYWALL = { code: "09-2900", name: "Gypsum board", division: "09 Finishes" };
const SUBCONTRACT = "Subcontract";

/** budgets.table.ts FIGURES: the report's figure columns, in order. */
const FIGURE_LABELS = [
  "Original budget",
  "Approved changes",
  "Revised budget",
  "Pending changes",
  "Projected budget",
  "Committed",
  "Direct costs",
  "Opening cost",
  "Actual cost",
  "Pending cost changes",
  "Projected cost",
  "Forecast to complete",
  "Estimate at completion",
  "Cost to complete",
  "Projected over/under",
];

/** The approval panel: the box around its "Approval <status>" heading. */
const approvalPanel = (page: Page) => page.getByRole("heading", { name: /^Approval (Pending|Approved|Rejected|Cancelled)$/ }).locator("..");
const approveButton = (page: Page) => page.getByRole("button", { name: /^Approve step/ });
const queueRow = (page: Page, jobNumber: string) => page.getByTestId("data-table").locator("tbody tr").filter({ hasText: jobNumber });

test.describe("project finance: budget → two-step commitment approval → two-step change order → job cost", () => {
  test("a new project's budget, executed subcontract and approved prime change order flow into the job cost report and its exports", async ({
    browser,
    baseURL,
    javaScriptEnabled,
  }, testInfo) => {
    test.setTimeout(120_000);
    const tag = `${testInfo.project.name}-${Date.now()}`;
    const jobNumber = `E2E-${tag}`;
    const projectName = `E2E Clinic ${tag}`;
    const coTitle = `Upgraded partitions ${tag}`;
    const coLabel = `CO #1 · ${coTitle}`;

    const sessions: UserSession[] = [];
    const signIn = async (email: string) => {
      const session = await signedInAs(browser, email, { baseURL, javaScriptEnabled });
      sessions.push(session);
      return session.page;
    };

    try {
      const pm = await signIn("pm@demo.test");
      let projectId = "";

      await test.step("pm creates an active lump-sum project and lands on it", async () => {
        await pm.goto("/projects/new");
        const form = formWithButton(pm, "Create project");
        await form.getByLabel("Job number", { exact: true }).fill(jobNumber);
        await form.getByLabel("Project name", { exact: true }).fill(projectName);
        await form.getByLabel("Client", { exact: true }).fill("E2E Health Partners");
        await form.getByLabel("Status", { exact: true }).selectOption({ label: "Active" });
        await form.getByLabel("Contract type", { exact: true }).selectOption({ label: "Lump sum" });
        await form.getByLabel("Start date", { exact: true }).fill("2026-01-05");
        await form.getByLabel("End date", { exact: true }).fill("2026-12-18");
        await form.getByRole("button", { name: "Create project" }).click();
        await expect(pm).toHaveURL(/\/projects\/[0-9a-f-]{36}$/);
        await expect(flash(pm, `Project ${jobNumber} created.`)).toBeVisible();
        await expect(pm.getByRole("heading", { level: 1 })).toHaveText(`${jobNumber} · ${projectName}`);
        projectId = idFromUrl(pm, "/projects");
      });

      const budgetPath = `/projects/${projectId}/budget`;
      const jobCostPath = `/projects/${projectId}/job-cost`;
      const figure = (page: Page, costCode: string, label: string) => budgetFigure(page, budgetRow(page, costCode, SUBCONTRACT), label);
      const total = (page: Page, label: string) => budgetFigure(page, budgetTotals(page), label);

      await test.step("pm budgets 03-3000 and 09-2900 as subcontract work: 200,000.00 original in total", async () => {
        await pm.goto(budgetPath);
        await expect(pm.getByRole("heading", { name: "Budget", exact: true })).toBeVisible();
        // The form (with every active cost code) opens on demand and stays open after each line.
        await expect(formWithButton(pm, "Add budget line")).toHaveCount(0);
        await pm.getByRole("link", { name: "Add a budget line…" }).click();
        for (const [line, amount] of [
          [CONCRETE, "120,000.00"],
          [DRYWALL, "80,000.00"],
        ] as const) {
          // The filter form above the table has "Cost code" / "Cost type" boxes too.
          const form = formWithButton(pm, "Add budget line");
          await form.getByLabel("Cost code", { exact: true }).selectOption({ label: `${line.code} ${line.name}` });
          await form.getByLabel("Cost type", { exact: true }).selectOption({ label: SUBCONTRACT });
          await form.getByLabel("Original amount", { exact: true }).fill(amount);
          await form.getByRole("button", { name: "Add budget line" }).click();
          await expect(budgetRow(pm, line.code, SUBCONTRACT)).toHaveCount(1);
          await expect(budgetRow(pm, line.code, SUBCONTRACT)).toContainText(line.name);
        }
        await expect(flash(pm, "Budget line added.")).toBeVisible();
        await expect(await figure(pm, CONCRETE.code, "Original budget")).toHaveText("$120,000.00");
        await expect(await figure(pm, DRYWALL.code, "Original budget")).toHaveText("$80,000.00");
        await expect(budgetTotals(pm).getByRole("rowheader")).toHaveText("Total");
        await expect(await total(pm, "Original budget")).toHaveText("$200,000.00");
        await expect(await total(pm, "Revised budget")).toHaveText("$200,000.00");
      });

      const finance = await signIn("finance@demo.test");

      await test.step("finance creates the prime contract: 260,000.00 with 10% retainage", async () => {
        await finance.goto(`/projects/${projectId}/contract`);
        await expect(finance.getByRole("heading", { name: "Create the prime contract" })).toBeVisible();
        const form = formWithButton(finance, "Create contract");
        await form.getByLabel("Owner", { exact: true }).fill("E2E Health Partners");
        await form.getByLabel("Contract title", { exact: true }).fill(`Clinic ${jobNumber}`);
        // typed without separators, shown back grouped
        await form.getByLabel("Original contract sum", { exact: true }).fill("260000");
        await form.getByLabel("Retainage (%)", { exact: true }).fill("10");
        await form.getByRole("button", { name: "Create contract" }).click();
        await expect(flash(finance, "Prime contract created.")).toBeVisible();
        await expect(finance.getByTestId("original-sum")).toHaveText("$260,000.00");
        await expect(finance.getByTestId("contract-sum-to-date")).toHaveText("$260,000.00");
        await expect(finance.getByLabel("Retainage (%)", { exact: true })).toHaveValue(/^10(\.0+)?$/);
        await expect(finance.getByLabel("Original contract sum", { exact: true })).toHaveValue("260,000.00");
      });

      let commitmentId = "";

      await test.step("pm drafts subcontract SC-E2E with Rocky Mountain Concrete: one 03-3000 line of 110,000.00", async () => {
        await pm.goto(`/projects/${projectId}/commitments/new`);
        const form = formWithButton(pm, "Create commitment");
        await form.getByLabel("Vendor", { exact: true }).selectOption({ label: "Rocky Mountain Concrete" });
        await form.getByLabel("Type", { exact: true }).selectOption({ label: "Subcontract" });
        await form.getByLabel("Number", { exact: true }).fill("SC-E2E");
        await form.getByLabel("Title", { exact: true }).fill("Concrete package");
        await form.getByRole("button", { name: "Create commitment" }).click();
        await expect(pm).toHaveURL(/\/commitments\/[0-9a-f-]{36}$/);
        await expect(flash(pm, "Commitment SC-E2E created. Add its lines next.")).toBeVisible();
        commitmentId = idFromUrl(pm, "/commitments");

        // The header form of the draft has Title/Number too: the line form is the one headed "Add a line".
        const line = formWithHeading(pm, "Add a line");
        await line.getByLabel("Cost code", { exact: true }).selectOption({ label: `${CONCRETE.code} ${CONCRETE.name}` });
        await line.getByLabel("Cost type", { exact: true }).selectOption({ label: SUBCONTRACT });
        await line.getByLabel("Description", { exact: true }).fill("Foundations and slabs");
        await line.getByLabel("Amount", { exact: true }).fill("110,000.00");
        await line.getByRole("button", { name: "Add line" }).click();
        await expect(flash(pm, "Line 1 added.")).toBeVisible();
        await expect(pm.getByTestId("commitment-lines").locator("tbody tr")).toHaveCount(1);
        await expect(pm.getByTestId("lines-total")).toHaveText("$110,000.00");
        await expect(pm.getByRole("heading", { level: 1 })).toHaveText("SC-E2E · Concrete package Draft");
        // A project manager may draft but not execute; at 110,000.00 the "$100,000 or more" commitment policy applies anyway.
        await expect(pm.getByRole("button", { name: "Execute", exact: true })).toHaveCount(0);
        await expect(pm.getByText("falls under the approval policy “Commitments of $100,000 or more”")).toBeVisible();
      });

      await test.step("direct execution under the policy is refused: 403 for the pm, 409 for finance; bad input is 400", async () => {
        const path = `/commitments/${commitmentId}`;
        const version = await formWithButton(pm, "Submit for approval").locator('input[name="version"]').inputValue();
        const pmClient = await HttpClient.signedIn("pm@demo.test");
        const financeClient = await HttpClient.signedIn("finance@demo.test");
        try {
          expect((await pmClient.post(path, { intent: "transition", to: "execute", version })).status()).toBe(403);
          const refused = await financeClient.post(path, { intent: "transition", to: "execute", version });
          expect(refused.status()).toBe(409);
          expect(textOf(await refused.text())).toContain("submit it for approval instead of executing it directly");
          expect((await financeClient.post(path, { intent: "transition", to: "approve-all", version })).status()).toBe(400);
          expect((await financeClient.post(path, { intent: "reject", requestId: commitmentId, version: "1", stepNumber: "1", reason: "" })).status()).toBe(400);
        } finally {
          await pmClient.dispose();
          await financeClient.dispose();
        }
      });

      await test.step("pm submits SC-E2E for approval: two steps, read-only, not yet committed", async () => {
        await pm.reload();
        await pm.getByRole("button", { name: "Submit for approval" }).click();
        await expect(flash(pm, "Commitment SC-E2E submitted for approval; the approvers were notified.")).toBeVisible();
        await expect(pm.getByRole("heading", { level: 1 })).toHaveText("SC-E2E · Concrete package Pending approval");
        await expect(pm.getByRole("button", { name: "Withdraw from approval" })).toBeVisible();
        await expect(formWithHeading(pm, "Add a line")).toHaveCount(0);
        const steps = approvalPanel(pm).getByRole("listitem");
        await expect(steps).toHaveCount(2);
        await expect(steps.nth(0)).toContainText("Anyone who may: Execute, close or void commitments");
        await expect(steps.nth(0)).toContainText("waiting");
        await expect(steps.nth(1)).toContainText("Olivia Owens only");
        await expect(approveButton(pm)).toHaveCount(0);

        await pm.goto(budgetPath);
        await expect(await figure(pm, CONCRETE.code, "Committed")).toHaveText("$0.00");
      });

      await test.step("step 1: finance approves on the commitment page (no direct Execute under the policy)", async () => {
        await finance.goto("/approvals");
        const row = queueRow(finance, jobNumber);
        await expect(row).toHaveCount(1);
        await expect(row).toContainText("SC-E2E · Concrete package");
        await row.getByRole("link", { name: "SC-E2E · Concrete package" }).click();
        await expect(finance).toHaveURL(new RegExp(`/commitments/${commitmentId}$`));
        await expect(finance.getByRole("button", { name: "Execute", exact: true })).toHaveCount(0);
        await approvalPanel(finance).getByRole("button", { name: "Approve step 1" }).click();
        await expect(flash(finance, "Step approved; the next approvers were notified.")).toBeVisible();
        await expect(finance.getByRole("heading", { level: 1 })).toHaveText("SC-E2E · Concrete package Pending approval");
        await expect(approvalPanel(finance).getByRole("listitem").nth(0)).toContainText("Approved by Fiona Finch");
        await expect(approveButton(finance)).toHaveCount(0);
      });

      const owner = await signIn("owner@demo.test");

      await test.step("step 2: the owner approves: SC-E2E is executed and the budget shows 110,000.00 committed on 03-3000", async () => {
        await owner.goto(`/commitments/${commitmentId}`);
        await approvalPanel(owner).getByRole("button", { name: "Approve step 2" }).click();
        await expect(flash(owner, "Approved: the commitment is executed.")).toBeVisible();
        await expect(owner.getByRole("heading", { level: 1 })).toHaveText("SC-E2E · Concrete package Executed");
        await expect(approvalPanel(owner).getByRole("heading")).toHaveText("Approval Approved");
        await expect(owner.getByTestId("original-value")).toHaveText("$110,000.00");

        await pm.goto(budgetPath);
        await expect(await figure(pm, CONCRETE.code, "Committed")).toHaveText("$110,000.00");
        await expect(await figure(pm, DRYWALL.code, "Committed")).toHaveText("$0.00");
        await expect(await total(pm, "Committed")).toHaveText("$110,000.00");
      });

      let changeOrderPath = "";

      await test.step("pm submits a prime change order of 60,000.00 (budget 52,000.00 on 09-2900): two approval steps", async () => {
        await pm.goto(`/projects/${projectId}/change-orders/new`);
        const form = formWithButton(pm, "Create change order");
        await form.getByLabel("Kind", { exact: true }).selectOption({ label: "Prime" });
        await form.getByLabel("Stage", { exact: true }).selectOption({ label: "Change order" });
        await form.getByLabel("Title", { exact: true }).fill(coTitle);
        await form.getByLabel("Description", { exact: true }).fill("Owner-requested sound-rated partitions on level 2.");
        await form.getByRole("button", { name: "Create change order" }).click();
        await expect(pm).toHaveURL(/\/change-orders\/[0-9a-f-]{36}$/);
        await expect(flash(pm, "Change order #1 created. Add its lines next.")).toBeVisible();
        changeOrderPath = new URL(pm.url()).pathname;

        // "Title and description" below has its own Description box: use the form headed "Add a line".
        const line = formWithHeading(pm, "Add a line");
        await line.getByLabel("Cost code", { exact: true }).selectOption({ label: `${DRYWALL.code} · ${DRYWALL.name}` });
        await line.getByLabel("Cost type", { exact: true }).selectOption({ label: SUBCONTRACT });
        await line.getByLabel("Description", { exact: true }).fill("Level 2 partitions");
        await line.getByLabel("Amount (contract sum change)", { exact: true }).fill("60,000.00");
        await line.getByLabel("Budget amount (cost side)", { exact: true }).fill("52,000.00");
        await line.getByRole("button", { name: "Add line" }).click();
        await expect(flash(pm, "Line 1 added.")).toBeVisible();
        const lines = pm.getByRole("table", { name: "Change order lines" });
        await expect(lines.locator("tbody tr")).toHaveCount(1);
        await expect(lines.locator("tfoot tr")).toHaveText(/Total\s*\$60,000\.00\s*\$52,000\.00/);

        await pm.getByRole("button", { name: "Submit for approval" }).click();
        await expect(flash(pm, "Submitted for approval: 2 steps.")).toBeVisible();
        await expect(pm.getByRole("heading", { level: 1 })).toHaveText(`${coLabel} Pending approval`);
        const steps = approvalPanel(pm).getByRole("listitem");
        await expect(steps).toHaveCount(2);
        await expect(steps.nth(0)).toContainText("Step 1");
        await expect(steps.nth(0)).toContainText("Anyone who may: Approve or reject change orders (approval steps)");
        await expect(steps.nth(0)).toContainText("waiting");
        await expect(steps.nth(1)).toContainText("Step 2");
        await expect(steps.nth(1)).toContainText("Olivia Owens only");
        // The submitter's role cannot approve.
        await expect(approveButton(pm)).toHaveCount(0);

        await pm.goto(budgetPath);
        await expect(await figure(pm, DRYWALL.code, "Pending changes")).toHaveText("$52,000.00");
        await expect(await figure(pm, DRYWALL.code, "Approved changes")).toHaveText("$0.00");
      });

      await test.step("step 1: finance approves from the approvals queue; step 2 is not theirs", async () => {
        await finance.goto("/approvals");
        const row = queueRow(finance, jobNumber);
        await expect(row).toHaveCount(1);
        await expect(row).toContainText(coLabel);
        await expect(row).toContainText("$60,000.00");
        await row.getByRole("link", { name: "Step 1 of 2 · review" }).click();
        await expect(finance).toHaveURL(/\/approvals\?request=[0-9a-f-]{36}$/);
        await approvalPanel(finance).getByRole("button", { name: "Approve step 1" }).click();
        await expect(flash(finance, `${coLabel} (${jobNumber} ${projectName}): Step approved; the next approvers were notified.`)).toBeVisible();
        await expect(queueRow(finance, jobNumber)).toHaveCount(0);

        await finance.goto(changeOrderPath);
        await expect(finance.getByRole("heading", { level: 1 })).toHaveText(`${coLabel} Pending approval`);
        const steps = approvalPanel(finance).getByRole("listitem");
        await expect(steps.nth(0)).toContainText("Approved by Fiona Finch");
        await expect(steps.nth(1)).toContainText("waiting");
        await expect(approveButton(finance)).toHaveCount(0);
      });

      const replay: Record<string, string> = {};

      await test.step("step 2: the owner, the member the policy names, approves: the change order is approved", async () => {
        await owner.goto("/approvals");
        const row = queueRow(owner, jobNumber);
        await expect(row).toHaveCount(1);
        await row.getByRole("link", { name: "Step 2 of 2 · review" }).click();
        const approve = approvalPanel(owner).getByRole("button", { name: "Approve step 2" });
        await expect(approve).toBeVisible();
        // Keep the decision's fields to replay the post once it is decided.
        const form = formWithButton(owner, "Approve step 2");
        for (const name of ["requestId", "version", "stepNumber"]) replay[name] = await form.locator(`input[name="${name}"]`).inputValue();
        await approve.click();
        await expect(flash(owner, `${coLabel} (${jobNumber} ${projectName}): Approved.`)).toBeVisible();
        await expect(queueRow(owner, jobNumber)).toHaveCount(0);

        await owner.goto(changeOrderPath);
        await expect(owner.getByRole("heading", { level: 1 })).toHaveText(`${coLabel} Approved`);
        await expect(owner.getByText("Approved change orders cannot be changed.")).toBeVisible();
        await expect(approvalPanel(owner).getByRole("heading")).toHaveText("Approval Approved");
        const steps = approvalPanel(owner).getByRole("listitem");
        await expect(steps).toHaveCount(2);
        await expect(steps.nth(0)).toContainText("Step 1");
        await expect(steps.nth(0)).toContainText("Approved by Fiona Finch");
        await expect(steps.nth(1)).toContainText("Step 2");
        await expect(steps.nth(1)).toContainText("Approved by Olivia Owens");
        await expect(approvalPanel(owner)).not.toContainText("waiting");
        // No second approval is offered, to the owner or to finance.
        await expect(approveButton(owner)).toHaveCount(0);
        await finance.goto(changeOrderPath);
        await expect(finance.getByRole("heading", { level: 1 })).toHaveText(`${coLabel} Approved`);
        await expect(approveButton(finance)).toHaveCount(0);
      });

      await test.step("replaying the owner's step-2 approval is refused with 409", async () => {
        const client = await HttpClient.signedIn("owner@demo.test");
        try {
          const response = await client.post(changeOrderPath, { intent: "approve", ...replay });
          expect(response.status()).toBe(409);
          expect(textOf(await response.text())).toContain("This approval is already approved.");
        } finally {
          await client.dispose();
        }
      });

      await test.step("budget: 09-2900 has 52,000.00 approved changes and 132,000.00 revised; the contract grows by 60,000.00", async () => {
        await pm.goto(budgetPath);
        await expect(await figure(pm, DRYWALL.code, "Original budget")).toHaveText("$80,000.00");
        await expect(await figure(pm, DRYWALL.code, "Approved changes")).toHaveText("$52,000.00");
        await expect(await figure(pm, DRYWALL.code, "Revised budget")).toHaveText("$132,000.00");
        await expect(await figure(pm, DRYWALL.code, "Pending changes")).toHaveText("$0.00");
        await expect(await figure(pm, CONCRETE.code, "Revised budget")).toHaveText("$120,000.00");
        await expect(await figure(pm, CONCRETE.code, "Committed")).toHaveText("$110,000.00");
        await expect(await total(pm, "Original budget")).toHaveText("$200,000.00");
        await expect(await total(pm, "Approved changes")).toHaveText("$52,000.00");
        await expect(await total(pm, "Revised budget")).toHaveText("$252,000.00");
        await expect(await total(pm, "Committed")).toHaveText("$110,000.00");

        await finance.goto(`/projects/${projectId}/contract`);
        await expect(finance.getByTestId("approved-changes")).toHaveText("$60,000.00");
        await expect(finance.getByTestId("contract-sum-to-date")).toHaveText("$320,000.00");
      });

      await test.step("job cost report: division subtotals and the grand total include the change", async () => {
        await pm.getByRole("link", { name: "Job cost report" }).click();
        await expect(pm).toHaveURL(new RegExp(`${jobCostPath}$`));
        await expect(pm.getByRole("heading", { name: "Job cost report" })).toBeVisible();
        await expect(pm.getByRole("rowheader", { name: CONCRETE.division, exact: true })).toBeVisible();
        await expect(pm.getByRole("rowheader", { name: DRYWALL.division, exact: true })).toBeVisible();

        const concrete = jobCostSubtotal(pm, CONCRETE.division);
        const drywall = jobCostSubtotal(pm, DRYWALL.division);
        const grand = pm.getByTestId("job-cost-total");
        const expected: [typeof grand, string, string][] = [
          [concrete, "Original budget", "$120,000.00"],
          [concrete, "Approved changes", "$0.00"],
          [concrete, "Revised budget", "$120,000.00"],
          [concrete, "Committed", "$110,000.00"],
          [drywall, "Original budget", "$80,000.00"],
          [drywall, "Approved changes", "$52,000.00"],
          [drywall, "Revised budget", "$132,000.00"],
          [drywall, "Committed", "$0.00"],
          [grand, "Original budget", "$200,000.00"],
          [grand, "Approved changes", "$52,000.00"],
          [grand, "Revised budget", "$252,000.00"],
          [grand, "Committed", "$110,000.00"],
        ];
        await expect(concrete).toHaveCount(1);
        await expect(drywall).toHaveCount(1);
        for (const [row, label, value] of expected) await expect(await jobCostFigure(pm, row, label), `${label}`).toHaveText(value);
      });

      await test.step("the job cost export: header, division subtotals and a 252,000 revised grand total", async () => {
        const { filename, workbook } = await downloadWorkbook(pm, pm.getByRole("link", { name: "Export to Excel" }));
        expect(filename).toMatch(new RegExp(`^job-cost-${jobNumber}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
        const sheet = workbook.getWorksheet("Job cost");
        expect(sheet, "a 'Job cost' worksheet").toBeTruthy();
        const rows = sheetRows(sheet!);
        expect(String(rows[0][0])).toContain(`Job cost report · ${jobNumber} ${projectName}`);
        // The job cost report adds the daily logs' crew hours beside the actual cost.
        const labels = FIGURE_LABELS.flatMap((l) => (l === "Actual cost" ? [l, "Crew hours"] : [l]));
        expect(rows[1]).toEqual(["Cost code", "Cost type", "Description", ...labels]);
        const col = (label: string) => 3 + labels.indexOf(label);

        rowStartingWith(rows, CONCRETE.division);
        rowStartingWith(rows, DRYWALL.division);
        const drywallLine = rows.filter((r) => r[0] === DRYWALL.code && r[1] === SUBCONTRACT);
        expect(drywallLine).toHaveLength(1);
        expect(drywallLine[0][col("Revised budget")]).toBe(132000);

        const concrete = rowStartingWith(rows, `Subtotal ${CONCRETE.division}`);
        expect(concrete[col("Revised budget")]).toBe(120000);
        expect(concrete[col("Committed")]).toBe(110000);
        const drywall = rowStartingWith(rows, `Subtotal ${DRYWALL.division}`);
        expect(drywall[col("Original budget")]).toBe(80000);
        expect(drywall[col("Approved changes")]).toBe(52000);
        expect(drywall[col("Revised budget")]).toBe(132000);

        const grand = rowStartingWith(rows, "Total");
        // the report ends at its grand total; the owner billing the page shows follows it
        const end = rows.indexOf(grand);
        expect(rows.slice(end + 2).map((r) => r[0])).toEqual([
          "Owner billing",
          "No certified pay application yet.",
          "Billed to date",
          "Received",
          "Retainage held",
          "AR outstanding",
        ]);
        expect(rowStartingWith(rows, "Billed to date")[3]).toBe(0);
        expect(grand[col("Original budget")]).toBe(200000);
        expect(grand[col("Approved changes")]).toBe(52000);
        expect(grand[col("Revised budget")]).toBe(252000);
        expect(grand[col("Committed")]).toBe(110000);
      });

      await test.step("the budget export: header, both lines and a 252,000 revised total", async () => {
        await pm.goto(budgetPath);
        const { filename, workbook } = await downloadWorkbook(pm, pm.getByRole("link", { name: "Export to Excel" }));
        expect(filename).toMatch(new RegExp(`^budget-${jobNumber}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
        const rows = sheetRows(workbook.worksheets[0]);
        // the decision columns first (revised, committed, actual, projected, EAC, over/under), then the rest
        expect(rows[0]).toEqual([
          "Cost code",
          "Cost type",
          "Description",
          "Revised budget",
          "Committed",
          "Actual cost",
          "Projected cost",
          "Estimate at completion",
          "Projected over/under",
          ...FIGURE_LABELS.filter((l) => !["Revised budget", "Committed", "Actual cost", "Projected cost", "Estimate at completion", "Projected over/under"].includes(l)),
          "Division",
          "FTC",
        ]);
        const col = (label: string) => rows[0].indexOf(label);
        const identity = (row: unknown[]) => ["Division", "Cost code", "Cost type", "Description"].map((label) => row[col(label)]);

        const line = (code: string) => {
          const found = rows.filter((r) => r[col("Cost code")] === code && r[col("Cost type")] === SUBCONTRACT);
          expect(found, `one ${code} row`).toHaveLength(1);
          return found[0];
        };
        expect(identity(line(CONCRETE.code))).toEqual([CONCRETE.division, CONCRETE.code, SUBCONTRACT, CONCRETE.name]);
        expect(line(CONCRETE.code)[col("Committed")]).toBe(110000);
        expect(identity(line(DRYWALL.code))).toEqual([DRYWALL.division, DRYWALL.code, SUBCONTRACT, DRYWALL.name]);
        expect(line(DRYWALL.code)[col("Approved changes")]).toBe(52000);
        expect(line(DRYWALL.code)[col("Revised budget")]).toBe(132000);

        const totals = rowStartingWith(rows, "Total");
        expect(rows.indexOf(totals)).toBe(rows.length - 1);
        expect(totals[col("Original budget")]).toBe(200000);
        expect(totals[col("Approved changes")]).toBe(52000);
        expect(totals[col("Revised budget")]).toBe(252000);
        expect(totals[col("Committed")]).toBe(110000);
      });

      await test.step("a field member gets 403 on the budget, the job cost report and the exports", async () => {
        const field = await signIn("field@demo.test");
        const response = await field.goto(budgetPath);
        expect(response?.status()).toBe(403);
        await expect(field.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        expect((await field.goto(jobCostPath))?.status()).toBe(403);
        // The context's cookies, without following the download.
        for (const path of [`${budgetPath}/export.xlsx`, `${jobCostPath}/export.xlsx`])
          expect((await field.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
      });
    } finally {
      for (const session of sessions) await session.close();
    }
  });
});
