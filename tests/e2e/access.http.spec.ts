import { expect, request, test } from "@playwright/test";
import { assertNoMail } from "./support/mail";
import { baseURL, HttpClient, setCookies, textOf, uniqueEmail, type FormFields } from "./support/session";
import { SUMMIT, HARBOR, SUMMIT_DEMO_INVITATION, inputValue, rowsMentioning, organizationName, switcherOptions, summitInvitationToken, signedUp } from "./support/identity-http";

test.describe("tenancy: one organization cannot touch another's rows", () => {
  test("Harbor's owner cannot revoke, re-send or remove Summit's invitation and members", async () => {
    const summitOwner = await HttpClient.signedIn("owner@demo.test");
    const membersBefore = await summitOwner.html("/settings/members");
    const [viewerRow] = rowsMentioning(membersBefore, "member-row", "viewer@demo.test");
    const membershipId = inputValue(viewerRow ?? "", "membershipId");
    expect(membershipId, "viewer@demo.test's Summit membership id").toMatch(/^[0-9a-f-]{36}$/);
    const version = inputValue(viewerRow, "version")!;
    expect(rowsMentioning(membersBefore, "invitation-row", SUMMIT_DEMO_INVITATION.email)).toHaveLength(1);

    const harbor = await HttpClient.signedIn("owner@harbor.test");
    expect(organizationName(await harbor.html("/"))).toBe(HARBOR.name);
    const attempts: FormFields[] = [
      { intent: "revoke", invitationId: SUMMIT_DEMO_INVITATION.id },
      { intent: "resend", invitationId: SUMMIT_DEMO_INVITATION.id },
      { intent: "remove", membershipId: membershipId! },
      { intent: "change-role", membershipId: membershipId!, role: "owner", version },
    ];
    for (const fields of attempts) {
      const response = await harbor.post("/settings/members", fields);
      expect([404, 409], `${fields.intent} as Harbor's owner`).toContain(response.status());
    }

    const membersAfter = await summitOwner.html("/settings/members");
    expect(rowsMentioning(membersAfter, "invitation-row", SUMMIT_DEMO_INVITATION.email)).toHaveLength(1);
    const [viewerAfter] = rowsMentioning(membersAfter, "member-row", "viewer@demo.test");
    expect(viewerAfter).toBeTruthy();
    expect(inputValue(viewerAfter, "version")).toBe(version);
    await assertNoMail({ to: SUMMIT_DEMO_INVITATION.email }, 1_500);
  });

  test("Harbor's audit log never shows Summit's rows", async () => {
    const harbor = await HttpClient.signedIn("owner@harbor.test");
    const text = textOf(await harbor.html("/audit?size=200"));
    expect(text).toContain("bookkeeper@harbor.test");
    expect(text).toContain(HARBOR.id);
    for (const summitTrace of [SUMMIT.id, SUMMIT.name, "owner@demo.test", "estimator@demo.test", SUMMIT_DEMO_INVITATION.id])
      expect(text, summitTrace).not.toContain(summitTrace);
  });
});

test.describe("roles: the server refuses what the role may not do", () => {
  test("a field member gets 403 on the audit log, the members page and inviting", async () => {
    const field = await HttpClient.signedIn("field@demo.test");
    expect((await field.get("/audit")).status()).toBe(403);
    expect((await field.get("/settings/members")).status()).toBe(403);
    const email = uniqueEmail("field-invite");
    const invite = await field.post("/settings/members", { intent: "invite", email, role: "viewer" });
    expect(invite.status()).toBe(403);
    await assertNoMail({ to: email }, 1_500);
  });

  test("an owner whose email is not confirmed yet cannot invite (403, nothing sent)", async () => {
    const { client } = await signedUp("unverified");
    const email = uniqueEmail("unverified-invite");
    const response = await client.post("/settings/members", { intent: "invite", email, role: "viewer" });
    expect(response.status()).toBe(403);
    expect(textOf(await response.text())).toContain("Confirm your email address before inviting others.");
    expect(rowsMentioning(await client.html("/settings/members"), "invitation-row", email)).toEqual([]);
    await assertNoMail({ to: email }, 1_500);
  });

  test("an admin cannot grant the owner role by invitation", async () => {
    const admin = await HttpClient.signedIn("admin@demo.test");
    const email = uniqueEmail("admin-owner");
    const response = await admin.post("/settings/members", { intent: "invite", email, role: "owner" });
    expect(response.status()).toBe(400);
    expect(textOf(await response.text())).toContain("Only an owner can invite another owner.");
    expect(rowsMentioning(await admin.html("/settings/members"), "invitation-row", email)).toEqual([]);
    await assertNoMail({ to: email }, 1_500);
  });
});

test.describe("session cookie", () => {
  test("sign-in sets __Host-secg_session HttpOnly, Secure, SameSite=Lax, Path=/", async () => {
    const client = await HttpClient.create();
    const response = await client.login("owner@demo.test");
    expect(response.status()).toBe(303);
    const cookie = setCookies(response).find((c) => c.startsWith("__Host-secg_session="));
    expect(cookie, setCookies(response).join("\n")).toBeTruthy();
    const attributes = cookie!.split(";").map((a) => a.trim().toLowerCase());
    expect(attributes).toContain("httponly");
    expect(attributes).toContain("secure");
    expect(attributes).toContain("samesite=lax");
    expect(attributes).toContain("path=/");
    expect(attributes.some((a) => a.startsWith("domain="))).toBe(false);
  });

  test("sign-out revokes the session: the old cookie no longer works", async () => {
    const client = await HttpClient.signedIn("owner@demo.test");
    const session = await client.cookie("__Host-secg_session");
    expect(session).toBeTruthy();
    const replay = async () => {
      const api = await request.newContext({ baseURL: baseURL() });
      const response = await api.get("/settings/sessions", { headers: { Cookie: `__Host-secg_session=${session}` }, maxRedirects: 0 });
      await api.dispose();
      return response;
    };
    expect((await replay()).status(), "the cookie works before sign-out").toBe(200);

    const out = await client.logout();
    expect(out.status()).toBe(303);
    expect(out.headers().location).toBe("/login");
    expect(setCookies(out).find((c) => c.startsWith("__Host-secg_session="))).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);

    const after = await replay();
    expect(after.status()).toBe(303);
    expect(after.headers().location).toMatch(/^\/login\?redirectTo=%2Fsettings%2Fsessions$/);
  });
});

test.describe("organization switching", () => {
  test("a member of two organizations switches between them; never into one they are not in", async () => {
    const { account, client } = await signedUp("switcher");
    const owner = await HttpClient.signedIn("owner@demo.test");
    const token = await summitInvitationToken(owner, account.email, "admin");

    const accepted = await client.post(`/invite/${token}`, { intent: "accept" });
    expect(accepted.status()).toBe(303);
    const home = await client.html("/");
    expect(organizationName(home)).toBe(SUMMIT.name);
    const options = switcherOptions(home);
    expect(options.map((o) => o.name).sort()).toEqual([account.organizationName, SUMMIT.name].sort());
    const own = options.find((o) => o.name === account.organizationName)!;

    const summitMembers = textOf(await client.html("/settings/members"));
    expect(summitMembers).toContain("owner@demo.test");
    expect(summitMembers).toContain(account.email);

    const toOwn = await client.post("/organizations/switch", { organizationId: own.id, redirectTo: "/settings/members" });
    expect(toOwn.status()).toBe(303);
    expect(toOwn.headers().location).toBe("/settings/members");
    const ownMembersHtml = await client.html("/settings/members");
    expect(organizationName(ownMembersHtml)).toBe(account.organizationName);
    const ownMembers = textOf(ownMembersHtml);
    expect(ownMembers).toContain(`Members of ${account.organizationName}`);
    expect(ownMembers).toContain(account.email);
    expect(ownMembers).not.toContain("owner@demo.test");

    const toHarbor = await client.post("/organizations/switch", { organizationId: HARBOR.id, redirectTo: "/" });
    expect(toHarbor.status()).toBe(403);
    expect(organizationName(await client.html("/"))).toBe(account.organizationName);

    const back = await client.post("/organizations/switch", { organizationId: SUMMIT.id, redirectTo: "/" });
    expect(back.status()).toBe(303);
    expect(organizationName(await client.html("/"))).toBe(SUMMIT.name);
  });
});

test.describe("audit export", () => {
  test("an owner downloads an .xlsx; a field member gets 403", async () => {
    const owner = await HttpClient.signedIn("owner@demo.test");
    const response = await owner.get("/audit/export.xlsx");
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers()["content-disposition"]).toMatch(/attachment; filename="?audit-log-\d{4}-\d{2}-\d{2}\.xlsx/);
    const body = await response.body();
    expect(body.subarray(0, 4).toString("latin1")).toBe("PK\u0003\u0004");

    const field = await HttpClient.signedIn("field@demo.test");
    expect((await field.get("/audit/export.xlsx")).status()).toBe(403);
  });
});
