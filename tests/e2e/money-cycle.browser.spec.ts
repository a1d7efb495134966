import { expect, test, type Page } from "@playwright/test";
import { budgetFigure, budgetRow, downloadWorkbook, flash, formWithButton, formWithHeading, idFromUrl, rowStartingWith, sheetRows, signedInAs, type UserSession } from "./support/finance";
import { downloadFile, isoDay, pasteCells, pdfPages } from "./support/money-cycle";
import { HttpClient, textOf } from "./support/session";

// The money cycle of one fresh project, in both browser projects (JavaScript on and off; the two
// runs share the database, so each builds its own project: a project has one open pay application
// at a time). Demo users of Summit Builders: pm (payables:manage, receivables:manage) enters the
// vendor invoice and prepares the pay application; finance (commitments:execute, contracts:manage,
// payables:approve/pay, receivables:certify) executes the subcontract, approves and pays the
// invoice, certifies the application and records the owner's payments. The invoice (17,500.00) is
// under the "$100,000 or more" invoice policy, so one step by anyone who may approve invoices.

const CONCRETE = { code: "03-3000", name: "Cast-in-place concrete" };
const DRYWALL = { code: "09-2900", name: "Gypsum board" };
const SUBCONTRACT = "Subcontract";
const VENDOR = "Rocky Mountain Concrete";

/** The approval panel: the box around its "Approval <status>" heading. */
const approvalPanel = (page: Page) => page.getByRole("heading", { name: /^Approval (Pending|Approved|Rejected|Cancelled)$/ }).locator("..");
const heading = (page: Page) => page.getByRole("heading", { level: 1 });

/** Pay application #1 of the project: G702 lines 1–9 (10% retainage, nothing certified before). */
const G702 = {
  "1": "$200,000.00",
  "2": "$0.00",
  "3": "$200,000.00",
  "4": "$54,000.00",
  "5a": "$5,000.00",
  "5b": "$400.00",
  "5": "$5,400.00",
  "6": "$48,600.00",
  "7": "$0.00",
  "8": "$48,600.00",
  "9": "$151,400.00",
} as const;

test.describe("money cycle: vendor invoice against a subcontract, approved and paid; pay application submitted, certified, paid and printed", () => {
  test("AP invoice → approval → partial and final payment; pay application → certify → payments → G702 PDF and xlsx", async ({ browser, baseURL, javaScriptEnabled }, testInfo) => {
    test.setTimeout(240_000);
    const tag = `${testInfo.project.name === "js-enabled" ? "js" : "nojs"}-${Date.now().toString(36)}`;
    const jobNumber = `MC-${tag}`;
    const projectName = `Money Cycle ${tag}`;
    const commitmentNumber = "SC-100";
    const invoiceNumber = `RMC-${tag}`;

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

      await test.step("pm creates an active lump-sum project", async () => {
        await pm.goto("/projects/new");
        const form = formWithButton(pm, "Create project");
        await form.getByLabel("Job number", { exact: true }).fill(jobNumber);
        await form.getByLabel("Project name", { exact: true }).fill(projectName);
        await form.getByLabel("Client", { exact: true }).fill("Money Cycle Owners LLC");
        await form.getByLabel("Status", { exact: true }).selectOption({ label: "Active" });
        await form.getByLabel("Contract type", { exact: true }).selectOption({ label: "Lump sum" });
        await form.getByLabel("Start date", { exact: true }).fill("2026-01-05");
        await form.getByLabel("End date", { exact: true }).fill("2026-12-18");
        await form.getByRole("button", { name: "Create project" }).click();
        await expect(flash(pm, `Project ${jobNumber} created.`)).toBeVisible();
        projectId = idFromUrl(pm, "/projects");
      });

      await test.step("finance creates the prime contract (200,000.00, 10% retainage) and its schedule of values", async () => {
        await finance.goto(`/projects/${projectId}/contract`);
        const form = formWithButton(finance, "Create contract");
        await form.getByLabel("Owner", { exact: true }).fill("Money Cycle Owners LLC");
        await form.getByLabel("Contract title", { exact: true }).fill(`Prime ${jobNumber}`);
        await form.getByLabel("Original contract sum", { exact: true }).fill("200,000.00");
        await form.getByLabel("Retainage (%)", { exact: true }).fill("10");
        await form.getByRole("button", { name: "Create contract" }).click();
        await expect(flash(finance, "Prime contract created.")).toBeVisible();
        await expect(finance.getByTestId("contract-sum-to-date")).toHaveText("$200,000.00");

        for (const [n, description, value] of [
          [1, "Sitework and foundations", "120,000.00"],
          [2, "Interior finishes", "80,000.00"],
        ] as const) {
          await finance.getByLabel(`New row ${n} description`, { exact: true }).fill(description);
          await finance.getByLabel(`New row ${n} scheduled value`, { exact: true }).fill(value);
        }
        await finance.getByRole("button", { name: "Save schedule of values" }).click();
        await expect(flash(finance, "Schedule of values saved: 2 added, 0 changed, 0 deleted.")).toBeVisible();
      });

      let commitmentId = "";

      await test.step("pm drafts a 5% retainage subcontract with two lines (60,000.00 + 20,000.00); finance executes it", async () => {
        await pm.goto(`/projects/${projectId}/commitments/new`);
        const form = formWithButton(pm, "Create commitment");
        await form.getByLabel("Vendor", { exact: true }).selectOption({ label: VENDOR });
        await form.getByLabel("Type", { exact: true }).selectOption({ label: "Subcontract" });
        await form.getByLabel("Number", { exact: true }).fill(commitmentNumber);
        await form.getByLabel("Title", { exact: true }).fill("Concrete and drywall");
        await form.getByLabel("Retainage (%)", { exact: true }).fill("5");
        await form.getByRole("button", { name: "Create commitment" }).click();
        await expect(flash(pm, `Commitment ${commitmentNumber} created. Add its lines next.`)).toBeVisible();
        commitmentId = idFromUrl(pm, "/commitments");

        for (const [n, code, description, amount] of [
          [1, CONCRETE, "Foundations and slabs", "60,000.00"],
          [2, DRYWALL, "Partitions", "20,000.00"],
        ] as const) {
          const line = formWithHeading(pm, "Add a line");
          await line.getByLabel("Cost code", { exact: true }).selectOption({ label: `${code.code} ${code.name}` });
          await line.getByLabel("Cost type", { exact: true }).selectOption({ label: SUBCONTRACT });
          await line.getByLabel("Description", { exact: true }).fill(description);
          await line.getByLabel("Amount", { exact: true }).fill(amount);
          await line.getByRole("button", { name: "Add line" }).click();
          await expect(flash(pm, `Line ${n} added.`)).toBeVisible();
        }
        await expect(pm.getByTestId("lines-total")).toHaveText("$80,000.00");

        // Under the $100,000 commitment policy: executed directly by someone who may.
        await finance.goto(`/commitments/${commitmentId}`);
        await finance.getByRole("button", { name: "Execute", exact: true }).click();
        await expect(flash(finance, `Commitment ${commitmentNumber} executed.`)).toBeVisible();
        await expect(heading(finance)).toContainText("Executed");
      });

      let invoicePath = "";

      await test.step("pm enters the vendor's invoice against the executed subcontract", async () => {
        await pm.goto("/payables/new");
        await pm.getByLabel("1. Project").selectOption(projectId);
        await pm.getByRole("button", { name: "Continue" }).click();
        await expect(pm).toHaveURL(new RegExp(`/payables/new\\?projectId=${projectId}$`));
        await expect(pm.getByRole("heading", { name: "2. Against a commitment" })).toBeVisible();

        const form = formWithButton(pm, "Enter invoice against the commitment");
        const commitment = form.getByLabel("Commitment", { exact: true });
        const option = commitment.locator("option", { hasText: `${commitmentNumber} · Concrete and drywall · ${VENDOR}` });
        await expect(option).toHaveText(/\(retainage 5(\.0+)?%\)$/);
        await commitment.selectOption((await option.getAttribute("value"))!);
        await form.getByLabel("Vendor's invoice number", { exact: true }).fill(invoiceNumber);
        await expect(form.getByLabel("Invoice date", { exact: true })).toHaveValue(isoDay());
        await form.getByLabel("Description", { exact: true }).fill("Progress billing: foundations");
        await form.getByRole("button", { name: "Enter invoice against the commitment" }).click();
        await expect(pm).toHaveURL(/\/payables\/[0-9a-f-]{36}$/);
        await expect(flash(pm, `Invoice ${invoiceNumber} entered as a draft. Enter its lines next.`)).toBeVisible();
        await expect(heading(pm)).toHaveText(`Invoice ${invoiceNumber} · ${VENDOR} Draft`);
        invoicePath = new URL(pm.url()).pathname;
        await expect(pm.getByTestId("billing-sheet").locator("tbody tr")).toHaveCount(2);
      });

      const sheetRow = (page: Page, n: number) => page.getByTestId("billing-sheet").locator("tbody tr").nth(n - 1);

      await test.step("overbilling line 1 past its 60,000.00 is refused with a clear message; nothing is saved", async () => {
        await pm.getByLabel("Line 1 this period").fill("58,000.00");
        await pm.getByLabel("Line 1 stored materials").fill("5,000.00");
        await pm.getByRole("button", { name: "Save continuation sheet" }).click();
        await expect(
          pm.getByText(
            "Line 1 (03-3000 Foundations and slabs) would be billed $63,000.00 to date, $3,000.00 over its ceiling of $60,000.00 (line value plus approved change orders).",
          ),
        ).toBeVisible();
        await expect(pm.getByTestId("invoice-total")).toHaveText("$0.00");
      });

      await test.step("this period 15,000.00 + stored 2,500.00 on line 1: 875.00 retainage held at 5%, 16,625.00 due", async () => {
        if (test.info().project.name === "js-enabled") {
          // a row of two cells copied from Excel, pasted into the first: it fills both (and clears line 2's this period)
          await pasteCells(pm.getByLabel("Line 1 this period"), "15,000.00\t2,500.00\r\n0.00\r\n");
          await expect(pm.getByLabel("Line 1 stored materials")).toHaveValue("2,500.00");
          await expect(pm.getByLabel("Line 2 this period")).toHaveValue("0.00");
        } else {
          await pm.getByLabel("Line 1 this period").fill("15,000.00");
          await pm.getByLabel("Line 1 stored materials").fill("2,500.00");
        }
        await pm.getByRole("button", { name: "Save continuation sheet" }).click();
        await expect(flash(pm, "Continuation sheet saved: $17,500.00 billed, $875.00 retainage held.")).toBeVisible();
        await expect(pm.getByTestId("invoice-total")).toHaveText("$17,500.00");
        await expect(pm.getByTestId("invoice-retainage")).toHaveText("$875.00");
        await expect(pm.getByTestId("invoice-amount-due")).toHaveText("$16,625.00");
        await expect(pm.getByTestId("invoice-balance")).toHaveText("$16,625.00");
        // Billed to date, %, retainage and balance of the line; line 2 bills nothing.
        await expect(sheetRow(pm, 1)).toContainText("$17,500.00");
        await expect(sheetRow(pm, 1)).toContainText("29.2%");
        await expect(sheetRow(pm, 1)).toContainText("$875.00");
        await expect(sheetRow(pm, 1)).toContainText("$42,500.00");
        await expect(pm.getByText(/Retainage is held at the commitment's 5(\.0+)?% on each line/)).toBeVisible();
      });

      await test.step("pm submits it for approval: one step, read-only, not the pm's to approve", async () => {
        await pm.getByRole("button", { name: "Submit for approval" }).click();
        await expect(flash(pm, `Invoice ${invoiceNumber} submitted for approval; the approvers were notified.`)).toBeVisible();
        await expect(heading(pm)).toHaveText(`Invoice ${invoiceNumber} · ${VENDOR} Pending approval`);
        await expect(pm.getByRole("button", { name: "Save continuation sheet" })).toHaveCount(0);
        await expect(approvalPanel(pm).getByRole("listitem")).toHaveCount(1);
        await expect(approvalPanel(pm).getByRole("button", { name: /^Approve step/ })).toHaveCount(0);
      });

      await test.step("finance approves it on the invoice page: it becomes actual cost on the budget", async () => {
        await finance.goto(invoicePath);
        await approvalPanel(finance).getByRole("button", { name: "Approve step 1" }).click();
        await expect(flash(finance, "Approved: the invoice is actual cost and can be paid.")).toBeVisible();
        await expect(heading(finance)).toHaveText(`Invoice ${invoiceNumber} · ${VENDOR} Approved`);
        await expect(approvalPanel(finance).getByRole("heading")).toHaveText("Approval Approved");

        await pm.goto(`/projects/${projectId}/budget`);
        const row = budgetRow(pm, CONCRETE.code, SUBCONTRACT);
        await expect(await budgetFigure(pm, row, "Committed")).toHaveText("$60,000.00");
        await expect(await budgetFigure(pm, row, "Actual cost")).toHaveText("$17,500.00");
        await expect(await budgetFigure(pm, budgetRow(pm, DRYWALL.code, SUBCONTRACT), "Actual cost")).toHaveText("$0.00");
      });

      await test.step("finance pays 10,000.00, then the remaining 6,625.00: the invoice is paid", async () => {
        await finance.getByRole("link", { name: "Payments of this invoice →" }).click();
        await expect(finance).toHaveURL(new RegExp(`${invoicePath}/payments$`));
        await expect(finance.getByTestId("open-balance")).toHaveText("open $16,625.00");

        const pay = async (amount: string, method: string, reference: string) => {
          const form = formWithButton(finance, "Record payment");
          await form.getByLabel("Amount", { exact: true }).fill(amount);
          await form.getByLabel("Method", { exact: true }).selectOption({ label: method });
          await form.getByLabel("Reference", { exact: true }).fill(reference);
          await form.getByRole("button", { name: "Record payment" }).click();
        };
        await pay("10,000.00", "Check", "CHK-1001");
        await expect(flash(finance, "Payment of $10,000.00 recorded; $6,625.00 is still open.")).toBeVisible();
        await expect(finance.getByTestId("open-balance")).toHaveText("open $6,625.00");
        await expect(heading(finance)).toContainText("Approved");

        await pay("6,625.00", "ACH", "ACH-2002");
        await expect(flash(finance, "Payment of $6,625.00 recorded; the invoice is paid in full.")).toBeVisible();
        await expect(heading(finance)).toHaveText(`Payments · invoice ${invoiceNumber} · ${VENDOR} Paid`);
        await expect(finance.getByTestId("open-balance")).toHaveText("open $0.00");
        await expect(finance.getByTestId("payments").locator("tbody tr")).toHaveCount(2);
        await expect(finance.getByTestId("payments").locator("tfoot")).toContainText("$16,625.00");
        await expect(formWithButton(finance, "Record payment")).toHaveCount(0);

        await finance.goto(invoicePath);
        await expect(heading(finance)).toHaveText(`Invoice ${invoiceNumber} · ${VENDOR} Paid`);
        await expect(finance.getByTestId("invoice-paid")).toHaveText("$16,625.00");
        await expect(finance.getByTestId("invoice-balance")).toHaveText("$0.00");
      });

      let payAppId = "";
      let line1Id = "";

      await test.step("pm starts pay application #1 for the project", async () => {
        await pm.goto(`/projects/${projectId}/pay-apps`);
        const form = formWithButton(pm, "Start the application");
        await form.getByLabel("Period to", { exact: true }).fill(isoDay());
        await form.getByLabel("Application date", { exact: true }).fill(isoDay());
        await form.getByLabel("Payment due", { exact: true }).fill(isoDay(30));
        await form.getByRole("button", { name: "Start the application" }).click();
        await expect(pm).toHaveURL(/\/pay-apps\/[0-9a-f-]{36}$/);
        await expect(flash(pm, "Application #1 started: enter this period’s work on the continuation sheet below.")).toBeVisible();
        await expect(heading(pm)).toHaveText(/^Application #1\s+Draft$/);
        payAppId = idFromUrl(pm, "/pay-apps");
        await expect(pm.getByTestId("continuation-sheet").locator("tbody tr")).toHaveCount(2);
        await expect(pm.getByTestId("g702-line-3")).toContainText(G702["3"]);
        await expect(pm.getByTestId("g702-line-8")).toContainText("$0.00");
      });

      await test.step("line 1: 30,000.00 this period; line 2: 25% complete to date plus 4,000.00 stored", async () => {
        await pm.getByRole("link", { name: "Edit line 1" }).click();
        await expect(pm).toHaveURL(/\?line=[0-9a-f-]{36}#line-form$/);
        line1Id = new URL(pm.url()).searchParams.get("line") ?? "";
        expect(line1Id).toMatch(/^[0-9a-f-]{36}$/);
        let form = formWithButton(pm, "Save line 1");
        await form.getByLabel("Work completed this period", { exact: true }).fill("30,000.00");
        await form.getByRole("button", { name: "Save line 1" }).click();
        await expect(flash(pm, "Line saved; the summary is updated.")).toBeVisible();
        await expect(pm.getByTestId("line-1")).toContainText("$30,000.00");

        await pm.getByRole("link", { name: "Edit line 2" }).click();
        form = formWithButton(pm, "Save line 2");
        await form.getByLabel("Work completed this period", { exact: true }).fill("");
        await form.getByLabel("Or: % complete to date", { exact: true }).fill("25");
        await form.getByLabel("Materials presently stored", { exact: true }).fill("4,000.00");
        await form.getByRole("button", { name: "Save line 2" }).click();
        await expect(flash(pm, "Line saved; the summary is updated.")).toBeVisible();
        const line2 = pm.getByTestId("line-2");
        await expect(pm.getByLabel("Line 2 work completed this period")).toHaveValue("20,000.00");
        await expect(pm.getByLabel("Line 2 materials presently stored")).toHaveValue("4,000.00");
        for (const figure of ["$24,000.00", "30.00%", "$56,000.00", "$2,400.00"]) await expect(line2).toContainText(figure);
      });

      await test.step("the G702 summary on the page: lines 1–9", async () => {
        for (const [line, value] of Object.entries(G702)) await expect(pm.getByTestId(`g702-line-${line}`), `line ${line}`).toContainText(value);
      });

      await test.step("pm submits it to the owner; finance certifies it", async () => {
        await pm.getByRole("button", { name: "Submit to the owner" }).click();
        await expect(flash(pm, "Application #1 submitted to the owner.")).toBeVisible();
        await expect(heading(pm)).toHaveText(/^Application #1\s+Submitted$/);
        await expect(pm.getByRole("button", { name: "Certify" })).toHaveCount(0);
        await expect(pm.getByRole("link", { name: "Edit line 1" })).toHaveCount(0);

        await finance.goto(`/pay-apps/${payAppId}`);
        await finance.getByRole("button", { name: "Certify" }).click();
        await expect(flash(finance, "Application #1 certified; it can no longer change.")).toBeVisible();
        await expect(heading(finance)).toHaveText(/^Application #1\s+Certified$/);
        await expect(finance.getByText("Certified applications are read-only.")).toBeVisible();
        for (const [line, value] of Object.entries(G702)) await expect(finance.getByTestId(`g702-line-${line}`), `line ${line}`).toContainText(value);
      });

      await test.step("an edit after certification is refused: no line form on the page, 400 from the route", async () => {
        await pm.goto(`/pay-apps/${payAppId}?line=${line1Id}`);
        await expect(heading(pm)).toHaveText(/^Application #1\s+Certified$/);
        await expect(formWithButton(pm, "Save line 1")).toHaveCount(0);
        const version = /version (\d+)/.exec((await pm.getByTestId("pay-app-facts").textContent()) ?? "")?.[1];
        expect(version).toBeTruthy();

        const client = await HttpClient.signedIn("pm@demo.test");
        try {
          const response = await client.post(`/pay-apps/${payAppId}`, { intent: "update-line", lineId: line1Id, version: version!, thisPeriod: "35000.00", storedNow: "0.00" });
          expect(response.status()).toBe(400);
          expect(textOf(await response.text())).toContain("Application #1 is certified: only a draft can be changed.");
        } finally {
          await client.dispose();
        }
        await pm.reload();
        await expect(pm.getByTestId("line-1")).toContainText("$30,000.00");
        await expect(pm.getByTestId("g702-line-8")).toContainText(G702["8"]);
      });

      await test.step("finance records the owner's payments: 20,000.00, then the remaining 28,600.00", async () => {
        const receive = async (amount: string, method: string, reference: string) => {
          const form = formWithButton(finance, "Record payment");
          await form.getByLabel("Amount", { exact: true }).fill(amount);
          await form.getByLabel("Method", { exact: true }).selectOption({ label: method });
          await form.getByLabel("Reference", { exact: true }).fill(reference);
          await form.getByRole("button", { name: "Record payment" }).click();
        };
        await expect(finance.getByTestId("outstanding")).toHaveText("$48,600.00");
        await receive("20,000.00", "Wire", "WIRE-1");
        await expect(flash(finance, "Payment recorded.")).toBeVisible();
        await expect(finance.getByTestId("received")).toHaveText("$20,000.00");
        await expect(finance.getByTestId("outstanding")).toHaveText("$28,600.00");
        await expect(heading(finance)).toHaveText(/^Application #1\s+Certified$/);

        await receive("28,600.00", "Check", "CHK-77");
        await expect(flash(finance, "Payment recorded: application #1 is paid in full.")).toBeVisible();
        await expect(heading(finance)).toHaveText(/^Application #1\s+Paid$/);
        await expect(finance.getByTestId("payments-received").locator("tbody tr")).toHaveCount(2);
        await expect(finance.getByTestId("outstanding")).toHaveText("$0.00");

        await pm.goto(`/projects/${projectId}`);
        const billing = pm.getByTestId("project-billing");
        for (const figure of ["$54,000.00", "$48,600.00", "$5,400.00"]) await expect(billing).toContainText(figure);
      });

      await test.step("the G702 PDF: a summary page and a continuation sheet, with the project and the amounts", async () => {
        await finance.goto(`/pay-apps/${payAppId}`);
        const { filename, bytes } = await downloadFile(finance, finance.getByRole("link", { name: "Summary and continuation sheet (PDF)" }));
        expect(filename).toBe(`pay-app-${jobNumber}-1.pdf`);
        expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
        const { totalPages, pages } = await pdfPages(bytes);
        expect(totalPages).toBe(2);
        const [summary, continuation] = pages;
        expect(summary).toContain("Application for Payment");
        expect(summary).toContain(projectName);
        for (const line of ["3", "4", "5", "6", "8", "9"] as const) expect(summary, `line ${line}`).toContain(G702[line]);
        expect(summary).toContain("Page 1 of 2");
        expect(continuation).toContain("Sitework and foundations");
        expect(continuation).toContain("Interior finishes");
        expect(continuation).toContain("Totals");
        for (const amount of ["30,000.00", "24,000.00", "54,000.00", "146,000.00", "5,400.00"]) expect(continuation).toContain(amount);
        expect(continuation).toContain("Page 2 of 2");
      });

      await test.step("the G702 xlsx: summary lines and continuation rows as plain values", async () => {
        const { filename, workbook } = await downloadWorkbook(finance, finance.getByRole("link", { name: "Same as Excel (.xlsx)" }));
        expect(filename).toBe(`pay-app-${jobNumber}-1.xlsx`);
        const summarySheet = workbook.getWorksheet("Summary");
        expect(summarySheet, "a Summary sheet").toBeTruthy();
        const summary = sheetRows(summarySheet!);
        expect(rowStartingWith(summary, "Project")[1]).toBe(`${jobNumber} · ${projectName}`);
        expect(String(rowStartingWith(summary, "Status")[1])).toMatch(/^Paid \(certified on \d{4}-\d{2}-\d{2} by Fiona Finch\)$/);
        const amounts = Object.fromEntries(Object.keys(G702).map((line) => [line, rowStartingWith(summary, line)[2]]));
        expect(amounts).toEqual({ "1": 200000, "2": 0, "3": 200000, "4": 54000, "5a": 5000, "5b": 400, "5": 5400, "6": 48600, "7": 0, "8": 48600, "9": 151400 });

        const continuationSheet = workbook.getWorksheet("Continuation");
        expect(continuationSheet, "a Continuation sheet").toBeTruthy();
        const rows = sheetRows(continuationSheet!);
        expect(rows).toHaveLength(5);
        expect(rows[0].slice(0, 3)).toEqual(["A", "B", "C"]);
        expect(rows[1].slice(0, 4)).toEqual(["Item no.", "Description of work", "Scheduled value", "From previous application (D + E)"]);
        expect(rows[2]).toEqual([1, "Sitework and foundations", 120000, 0, 30000, 0, 30000, 0.25, 90000, 3000]);
        expect(rows[3]).toEqual([2, "Interior finishes", 80000, 0, 20000, 4000, 24000, 0.3, 56000, 2400]);
        expect(rows[4]).toEqual([null, "Totals", 200000, 0, 50000, 4000, 54000, 0.27, 146000, 5400]);
      });

      await test.step("a field member may not read the documents: 403", async () => {
        const field = await signIn("field@demo.test");
        for (const path of [`/pay-apps/${payAppId}/g702.pdf`, `/pay-apps/${payAppId}/g702.xlsx`])
          expect((await field.request.get(path, { maxRedirects: 0 })).status(), path).toBe(403);
      });
    } finally {
      for (const session of sessions) await session.close();
    }
  });
});
