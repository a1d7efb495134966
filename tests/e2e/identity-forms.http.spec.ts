import { expect, test } from "@playwright/test";
import { assertNoMail, mailLink, waitForMail } from "./support/mail";
import { HttpClient, newAccount, setCookies, textOf, uniqueEmail, type FormFields } from "./support/session";
import { SUMMIT, inputValue, rowsMentioning, signedUp } from "./support/identity-http";

test.describe("bad input: 400 with a field error, nothing written", () => {
  test("sign-up", async () => {
    const client = await HttpClient.create();
    const account = newAccount("bad-signup");
    const badEmail = await client.signup({ ...account, email: "not-an-email" });
    expect(badEmail.status()).toBe(400);
    expect(textOf(await badEmail.text())).toContain("Enter a valid email address");
    const shortPassword = await client.signup({ ...account, password: "short" });
    expect(shortPassword.status()).toBe(400);
    expect(textOf(await shortPassword.text())).toContain("Use at least 10 characters");
    const noCompany = await client.signup({ ...account, organizationName: "" });
    expect(noCompany.status()).toBe(400);
    expect(textOf(await noCompany.text())).toContain("Enter your company's name");
    for (const response of [badEmail, shortPassword, noCompany]) expect(setCookies(response).join("\n")).not.toContain("__Host-secg_session=");
    // Nothing was created: no mail, and the address is still free.
    await assertNoMail({ to: account.email }, 1_000);
    expect((await client.signup(account)).status()).toBe(303);
  });

  test("sign-in: a malformed email is 400, not a failed attempt", async () => {
    const client = await HttpClient.create();
    const response = await client.login("not-an-email", "whatever-password");
    expect(response.status()).toBe(400);
    expect(textOf(await response.text())).toContain("Enter a valid email address");
    expect(setCookies(response).join("\n")).not.toContain("__Host-secg_session=");
  });

  test("forgot-password", async () => {
    const client = await HttpClient.create();
    const response = await client.post("/forgot-password", { email: "nobody-at-all" });
    expect(response.status()).toBe(400);
    const text = textOf(await response.text());
    expect(text).toContain("Enter a valid email address");
    expect(text).not.toContain("If an account exists for that address");
  });

  test("reset-password: short or mismatched passwords leave the token usable and the password unchanged", async () => {
    const { account } = await signedUp("bad-reset");
    const anonymous = await HttpClient.create();
    expect((await anonymous.post("/forgot-password", { email: account.email })).status()).toBe(200);
    const token = new URL(mailLink(await waitForMail({ to: account.email, subjectIncludes: "Reset your SECG ERP password" }), "/reset-password?token=")).searchParams.get("token")!;

    // The form posts back to its own URL, token included (the loader reads it from there).
    const form = `/reset-password?token=${token}`;
    const short = await anonymous.post(form, { token, password: "short", confirm: "short" });
    expect(short.status()).toBe(400);
    expect(textOf(await short.text())).toContain("Use at least 10 characters");
    const mismatch = await anonymous.post(form, { token, password: "a-new-password-1", confirm: "a-new-password-2" });
    expect(mismatch.status()).toBe(400);
    expect(textOf(await mismatch.text())).toContain("Passwords do not match");

    expect(textOf(await anonymous.html(form))).toContain("Choose a new password");
    expect((await (await HttpClient.create()).login(account.email, account.password)).status()).toBe(303);
  });

  test("settings/password: wrong current password, short or mismatched new one", async () => {
    const { account, client } = await signedUp("bad-password");
    const cases: [FormFields, string][] = [
      [{ currentPassword: "not-my-password", password: "a-new-password-1", confirm: "a-new-password-1" }, "That is not your current password."],
      [{ currentPassword: account.password, password: "short", confirm: "short" }, "Use at least 10 characters"],
      [{ currentPassword: account.password, password: "a-new-password-1", confirm: "a-new-password-2" }, "Passwords do not match"],
    ];
    for (const [fields, message] of cases) {
      const response = await client.post("/settings/password", fields);
      expect(response.status(), message).toBe(400);
      expect(textOf(await response.text())).toContain(message);
    }
    expect((await (await HttpClient.create()).login(account.email, account.password)).status(), "old password still works").toBe(303);
    expect((await (await HttpClient.create()).login(account.email, "a-new-password-1")).status()).toBe(401);
  });

  test("settings/members invite: bad email, bad role", async () => {
    const owner = await HttpClient.signedIn("owner@demo.test");
    const email = uniqueEmail("bad-invite");
    const badEmail = await owner.post("/settings/members", { intent: "invite", email: "not-an-email", role: "viewer" });
    expect(badEmail.status()).toBe(400);
    expect(textOf(await badEmail.text())).toContain("Enter a valid email address");
    const badRole = await owner.post("/settings/members", { intent: "invite", email, role: "superuser" });
    expect(badRole.status()).toBe(400);
    expect(textOf(await badRole.text())).toContain("Choose a role");
    expect(rowsMentioning(await owner.html("/settings/members"), "invitation-row", email)).toEqual([]);
    await assertNoMail({ to: email }, 1_500);
  });

  test("settings/organization: retainage, month and time zone are checked", async () => {
    const owner = await HttpClient.signedIn("owner@demo.test");
    const before = await owner.html("/settings/organization");
    const version = inputValue(before, "version")!;
    const valid = {
      intent: "settings",
      version,
      name: SUMMIT.name,
      address: inputValue(before, "address") ?? "",
      defaultRetainagePercent: "10",
      fiscalYearStartMonth: "1",
      timeZone: "America/Denver",
      currency: "USD",
    };
    const cases: [FormFields, string][] = [
      [{ defaultRetainagePercent: "abc" }, "Enter a percentage such as 10 or 7.5"],
      [{ defaultRetainagePercent: "150" }, "Retainage cannot exceed 100%"],
      [{ fiscalYearStartMonth: "13" }, "Choose a month"],
      [{ fiscalYearStartMonth: "January" }, "Choose a month"],
      [{ timeZone: "Mars/Olympus_Mons" }, "Choose a valid time zone, such as America/New_York"],
    ];
    for (const [bad, message] of cases) {
      const response = await owner.post("/settings/organization", { ...valid, ...bad }, { multipart: true });
      expect(response.status(), JSON.stringify(bad)).toBe(400);
      expect(textOf(await response.text())).toContain(message);
    }
    const after = await owner.html("/settings/organization");
    expect(inputValue(after, "version")).toBe(version);
    expect(inputValue(after, "defaultRetainagePercent")).toBe(inputValue(before, "defaultRetainagePercent"));
    expect(inputValue(after, "timeZone")).toBe(inputValue(before, "timeZone"));
  });
});

test.describe("forgot-password does not reveal which addresses have accounts", () => {
  test("same reply for an existing and an unknown address; only the existing one gets a reset link", async () => {
    const { account } = await signedUp("forgot");
    const unknown = uniqueEmail("no-such-user");
    const client = await HttpClient.create();
    const forUnknown = await client.post("/forgot-password", { email: unknown });
    const forExisting = await client.post("/forgot-password", { email: account.email });
    expect(forUnknown.status()).toBe(200);
    expect(forExisting.status()).toBe(200);
    const unknownText = textOf(await forUnknown.text());
    expect(unknownText).toContain("If an account exists for that address, we sent it a link to choose a new password.");
    expect(textOf(await forExisting.text())).toBe(unknownText);

    const mail = await waitForMail({ to: account.email, subjectIncludes: "Reset your SECG ERP password" });
    expect(mailLink(mail, "/reset-password?token=")).toMatch(/token=[A-Za-z0-9_-]{43}$/);
    // The unknown address is mailed too (the same work either way), but with no way into any account.
    const noAccount = await waitForMail({ to: unknown, subjectIncludes: "Reset your SECG ERP password" });
    expect(noAccount.text).toContain("this address has no account");
    expect(noAccount.text).not.toContain("/reset-password");
  });
});

test.describe("sign-in lockout", () => {
  test("10 wrong passwords lock the account, even for the right password; another account still signs in", async () => {
    const { account } = await signedUp("lockout");
    const client = await HttpClient.create();
    for (let attempt = 1; attempt <= 9; attempt++) {
      const response = await client.login(account.email, `wrong-password-${attempt}`);
      expect(response.status(), `attempt ${attempt}`).toBe(401);
      expect(textOf(await response.text())).toContain("That email and password do not match an account.");
    }
    const tenth = await client.login(account.email, "wrong-password-10");
    expect([401, 429], "the 10th wrong password").toContain(tenth.status());

    const locked = await client.login(account.email, account.password);
    expect(locked.status()).toBe(429);
    expect(textOf(await locked.text())).toContain("This account is locked after repeated failed sign-ins.");
    expect(setCookies(locked).join("\n")).not.toContain("__Host-secg_session=");

    const other = await client.login("pm@demo.test");
    expect(other.status()).toBe(303);
    expect(other.headers().location).toBe("/");
  });
});
