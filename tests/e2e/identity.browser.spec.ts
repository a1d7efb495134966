import { expect, test, type Page } from "@playwright/test";
import { mailLink, pathOf, waitForMail } from "./support/mail";
import { newAccount, signInUI, signOutUI, submitSignupUI, uniqueEmail } from "./support/session";

// Runs in both browser projects: with JavaScript (client validation, fetch navigations) and
// without it (plain form posts and full page loads), so every step must work both ways.

const banner = (page: Page) => page.getByTestId("verify-email-banner");
const mainNav = (page: Page) => page.getByRole("navigation", { name: "Main" });

test.describe("sign-up → verify → invite → accept → roles", () => {
  test("a new organization's owner invites a field member who joins and is kept out of the audit log", async ({
    page,
    browser,
    baseURL,
    javaScriptEnabled,
  }) => {
    const owner = newAccount("owner");
    const memberEmail = uniqueEmail("member");
    const memberName = `Member ${memberEmail.split("@")[0].slice(-8)}`;

    await test.step("sign up: lands on sign-in with the same reply any address gets, then signs in to / with the verify banner", async () => {
      await page.goto("/signup");
      await submitSignupUI(page, owner);
      await expect(page).toHaveURL(/\/login$/);
      await expect(page.getByRole("status")).toContainText(`We sent a message to ${owner.email}.`);
      await signInUI(page, owner.email, owner.password);
      await expect(page).toHaveURL(/\/$/);
      await expect(page.getByTestId("organization-name")).toHaveText(owner.organizationName);
      await expect(page.getByTestId("user-name")).toHaveText(owner.name);
      await expect(banner(page)).toBeVisible();
      await expect(banner(page)).toContainText(owner.email);
    });

    await test.step("the verification mail's link confirms the address and the banner goes", async () => {
      const mail = await waitForMail({ to: owner.email, subjectIncludes: "Confirm your email address" });
      const link = mailLink(mail, "/verify-email?token=");
      await page.goto(pathOf(link));
      await expect(page.getByRole("heading", { name: "Email address confirmed" })).toBeVisible();
      await expect(banner(page), "the confirmation page itself must not still ask to confirm the address").toHaveCount(0);
      await page.getByRole("link", { name: "Continue" }).click();
      await expect(page).toHaveURL(/\/$/);
      await expect(banner(page)).toHaveCount(0);
    });

    await test.step("invite a field member: the invitation row appears", async () => {
      await mainNav(page).getByRole("link", { name: "Members" }).click();
      await expect(page).toHaveURL(/\/settings\/members$/);
      await expect(page.getByRole("heading", { name: `Members of ${owner.organizationName}` })).toBeVisible();
      await page.getByLabel("Email").fill(memberEmail);
      await page.getByLabel("Role", { exact: true }).selectOption("field");
      await page.getByRole("button", { name: "Send invitation" }).click();
      await expect(page.getByRole("status")).toContainText(`Invitation sent to ${memberEmail}.`);
      const row = page.getByTestId("invitation-row").filter({ hasText: memberEmail });
      await expect(row).toHaveCount(1);
      await expect(row).toContainText("Field");
    });

    const invitation = await waitForMail({ to: memberEmail, subjectIncludes: `invited you to ${owner.organizationName}` });
    const invitePath = pathOf(mailLink(invitation, "/invite/"));

    const memberContext = await browser.newContext({ baseURL, javaScriptEnabled });
    const member = await memberContext.newPage();
    try {
      await test.step("a new browser opens the invitation, creates the account and is in the organization", async () => {
        await member.goto(invitePath);
        await expect(member.getByRole("heading", { name: `Join ${owner.organizationName}` })).toBeVisible();
        await expect(member.getByText(`Invitation for ${memberEmail} as Field.`)).toBeVisible();
        await member.getByLabel("Your name").fill(memberName);
        await member.getByLabel("Choose a password").fill("member-password-123");
        await member.getByRole("button", { name: "Create account and join" }).click();
        await expect(member).toHaveURL(/\/$/);
        await expect(member.getByRole("status")).toContainText(`Welcome to ${owner.organizationName}.`);
        await expect(member.getByTestId("organization-name")).toHaveText(owner.organizationName);
        await expect(member.getByTestId("home-organization")).toHaveText(`${owner.organizationName} · Field`);
        // The invitation proved the address: no banner.
        await expect(banner(member)).toHaveCount(0);
      });

      await test.step("sign out, then sign in again as the member on /login", async () => {
        await signOutUI(member);
        await expect(member.getByTestId("user-name")).toHaveCount(0);
        await signInUI(member, memberEmail, "member-password-123");
        await expect(member).toHaveURL(/\/$/);
        await expect(member.getByTestId("organization-name")).toHaveText(owner.organizationName);
      });

      await test.step("the field member gets 403 on /audit and no Audit log in the navigation", async () => {
        await expect(mainNav(member).getByRole("link", { name: "Audit log" })).toHaveCount(0);
        await expect(mainNav(member).getByRole("link", { name: "Members" })).toHaveCount(0);
        const response = await member.goto("/audit");
        expect(response?.status()).toBe(403);
        await expect(member.getByRole("heading", { name: "Not allowed" })).toBeVisible();
        await expect(member.getByText("403", { exact: true })).toBeVisible();
        await expect(mainNav(member)).toBeVisible();
        await expect(mainNav(member).getByRole("link", { name: "Audit log" })).toHaveCount(0);
      });
    } finally {
      await memberContext.close();
    }

    await test.step("the owner's audit log shows the accepted invitation and the new membership", async () => {
      await mainNav(page).getByRole("link", { name: "Audit log" }).click();
      await expect(page).toHaveURL(/\/audit$/);
      await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
      const table = page.getByTestId("data-table");
      const cell = (text: string) => page.getByRole("cell", { name: text, exact: true });
      const rows = (action: string, entityType: string) =>
        table.locator("tbody tr").filter({ has: cell(action) }).filter({ has: cell(entityType) });
      await expect(rows("Created", "invitation")).toHaveCount(1);
      await expect(rows("Created", "invitation")).toContainText(memberEmail);
      await expect(rows("Accepted", "invitation")).toHaveCount(1);
      await expect(rows("Accepted", "invitation")).toContainText(`${memberName} <${memberEmail}>`);
      const joined = rows("Created", "membership").filter({ hasText: `${memberName} <${memberEmail}>` });
      await expect(joined).toHaveCount(1);
      await expect(joined).toContainText("role: ∅ → field");
    });
  });
});

test.describe("sign-up refuses bad input", () => {
  test("an invalid email and a short password show field errors and create nothing", async ({ page }) => {
    const account = newAccount("badinput");
    await page.goto("/signup");
    await submitSignupUI(page, { ...account, email: "not-an-email", password: "short" });
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    await expect(page.getByText("Use at least 10 characters")).toBeVisible();
    await expect(page.getByLabel("Work email")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");

    // A valid address with a short password: still refused, still nothing created…
    await submitSignupUI(page, { ...account, password: "short" });
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByText("Use at least 10 characters")).toBeVisible();
    await expect(page.getByTestId("user-name")).toHaveCount(0);

    // …so the same address signs up fine afterwards: its password signs in.
    await submitSignupUI(page, account);
    await expect(page).toHaveURL(/\/login$/);
    await signInUI(page, account.email, account.password);
    await expect(page.getByTestId("organization-name")).toHaveText(account.organizationName);
  });

  test("an email that already has an account gets the reply a new one gets; its owner gets a mail", async ({ page }) => {
    const account = { ...newAccount("dup"), email: "owner@demo.test" };
    await page.goto("/signup");
    await submitSignupUI(page, account);
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole("status")).toContainText("We sent a message to owner@demo.test.");
    await expect(page.getByText("already exists")).toHaveCount(0);
    await expect(page.getByTestId("user-name")).toHaveCount(0);
    await waitForMail({ to: "owner@demo.test", subjectIncludes: "Someone tried to sign up with your address" });
  });
});

test.describe("sign-in refuses a wrong password", () => {
  test("shows the error and stays signed out", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill("viewer@demo.test");
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert")).toContainText("That email and password do not match an account.");
    await expect(page).toHaveURL(/\/login/);
    await expect(page.getByTestId("user-name")).toHaveCount(0);
    await expect(page.getByLabel("Email")).toHaveValue("viewer@demo.test");
  });
});
