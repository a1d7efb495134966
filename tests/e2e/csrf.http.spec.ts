import { expect, test } from "@playwright/test";
import { assertNoMail, findMail } from "./support/mail";
import { HttpClient, setCookies, textOf, uniqueEmail } from "./support/session";
import { randomToken, inputValue, rowsMentioning, ACTION_ROUTES, urlOf, Payloads, payloadFor, summitInvitationToken } from "./support/identity-http";

test.describe("CSRF: every action refuses a POST without a valid token", () => {
  test("the action routes are read from app/routes.ts", () => {
    const templates = ACTION_ROUTES.map((r) => r.template);
    for (const known of ["signup", "login", "logout", "forgot-password", "reset-password", "settings/password", "settings/members", "settings/organization", "organizations/switch", "invite/:token"])
      expect(templates).toContain(known);
  });

  for (const who of ["anonymous", "signed in as owner@demo.test"] as const) {
    test(`${who}: no token, a forged token or a cross-site Origin → 403, and nothing is written`, async () => {
      const owner = await HttpClient.signedIn("owner@demo.test");
      const otherOwnerSession = await HttpClient.signedIn("owner@demo.test");
      const client = who === "anonymous" ? await HttpClient.create() : await HttpClient.signedIn("owner@demo.test");
      // A token that is valid, but for another browser (anonymous) or another session (signed in).
      const stranger = who === "anonymous" ? await HttpClient.create() : otherOwnerSession;
      const foreignToken = await stranger.csrf();

      const payloads: Payloads = { signupEmail: uniqueEmail("csrf-signup"), inviteEmail: uniqueEmail("csrf-invite"), forgotEmail: "finance@demo.test" };
      const inviteToken = await summitInvitationToken(owner, uniqueEmail("csrf-invitee"));
      const summitVersionBefore = inputValue(await owner.html("/settings/organization"), "version");
      const forgotMailsBefore = findMail({ to: payloads.forgotEmail }).length;

      const notRefused: string[] = [];
      for (const route of ACTION_ROUTES) {
        const url = urlOf(route.template, { token: inviteToken });
        const { fields, multipart } = payloadFor(route.template, payloads);
        const attempts: { label: string; csrf: string | null | undefined; headers: Record<string, string> }[] = [
          { label: "no token", csrf: null, headers: {} },
          { label: "random token", csrf: randomToken(), headers: {} },
          { label: "another session's token", csrf: foreignToken, headers: {} },
          { label: "valid token, cross-site Origin", csrf: undefined, headers: { Origin: "https://evil.example", "Sec-Fetch-Site": "cross-site" } },
        ];
        for (const attempt of attempts) {
          const response = await client.post(url, fields, { csrf: attempt.csrf, multipart, headers: attempt.headers });
          const location = response.headers().location;
          // A visitor is sent to sign in before a members-only upload form's body is read: refused too.
          const toSignIn = who === "anonymous" && response.status() === 303 && location?.startsWith("/login?");
          if (response.status() !== 403 && !toSignIn) notRefused.push(`POST ${url} (${attempt.label}) → ${response.status()}${location ? ` ${location}` : ""}`);
          if (setCookies(response).some((c) => /^__Host-secg_session=[^;]+/.test(c))) notRefused.push(`POST ${url} (${attempt.label}) started a session`);
        }
      }

      // Nothing was written: each payload above would have left one of these traces.
      expect(await owner.get("/settings/sessions").then((r) => r.status()), "the owner's session is alive (logout, revoke, password)").toBe(200);
      expect(await otherOwnerSession.get("/settings/sessions").then((r) => r.status()), "other sessions are alive").toBe(200);
      const members = await owner.html("/settings/members");
      expect(rowsMentioning(members, "invitation-row", payloads.inviteEmail), "no invitation was created").toEqual([]);
      expect(inputValue(await owner.html("/settings/organization"), "version"), "organization settings unchanged").toBe(summitVersionBefore);
      const probe = await HttpClient.create();
      expect((await probe.login(payloads.signupEmail, "csrf-probe-password")).status(), "no account was signed up").toBe(401);
      const invitation = await probe.get(`/invite/${inviteToken}`);
      expect(textOf(await invitation.text()), "the invitation is still open").toContain("Create account and join");
      await assertNoMail({ to: payloads.inviteEmail }, 1_500);
      await assertNoMail({ to: payloads.signupEmail }, 0);
      expect(findMail({ to: payloads.forgotEmail }).length, "no reset mail").toBe(forgotMailsBefore);

      expect(notRefused, `every action must answer 403 to a POST ${who} without a valid same-origin token`).toEqual([]);
    });
  }

  test("an accepted-looking POST to a real invitation without a token is refused and the invitation stays open", async () => {
    const owner = await HttpClient.signedIn("owner@demo.test");
    const email = uniqueEmail("csrf-accept");
    const token = await summitInvitationToken(owner, email);
    const anonymous = await HttpClient.create();
    const refused = await anonymous.post(`/invite/${token}`, { intent: "create-account", name: "Nobody", password: "long-enough-password" }, { csrf: null });
    expect(refused.status()).toBe(403);
    expect(textOf(await (await anonymous.get(`/invite/${token}`)).text())).toContain("Create account and join");
    expect(rowsMentioning(await owner.html("/settings/members"), "invitation-row", email)).toHaveLength(1);
  });
});
