import { beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { setActiveOrganization } from "~/domains/identity/sessions.server";
import { newAccount } from "../../tests/support/identity-fixtures";
import { answer, signIn, useDevelopmentCookies } from "../../tests/support/route-requests";
import { getIdentity, requireMember, safeRedirectPath } from "./auth.server";
import { csrfRefusal, csrfToken, ensureAnonCookie, verifyCsrf } from "./csrf.server";
import { withSystem } from "./db.server";
import { env } from "./env.server";
import { requestScope } from "./logger.server";
import { readSessionToken } from "./session.server";

// The production (__Host-) cookie names are covered end to end.
useDevelopmentCookies();
beforeAll(() => seedDemo());

const demoUser = async (email: string) => (await signIn(email, { password: env().DEMO_PASSWORD })).get;

describe("requireMember", () => {
  it("sends the signed-out to /login with a way back", async () => {
    const response = await answer(() => requireMember(new Request("http://localhost/audit?sort=actor"), "audit:read"));
    expect(response.status).toBe(303);
    expect(response.location).toBe("/login?redirectTo=%2Faudit%3Fsort%3Dactor");
  });

  it("refuses a key the role lacks with 403 and grants one it has", async () => {
    const field = await demoUser("field@demo.test");
    expect((await answer(() => requireMember(field(), "audit:read"))).status).toBe(403);
    const member = await requireMember(field(), "organization:read");
    expect(member.tenant).toEqual({ organizationId: DEMO_ORGANIZATIONS[0].id, userId: member.user.id });
  });

  it("looks a GET's session up once for all its loaders (each gets its own Request), a POST's again after the action", async () => {
    const account = await newAccount("lookups");
    const { get, post } = await signIn(account.email);
    const scope = (work: () => Promise<unknown>) => requestScope.run({ requestId: "req-lookups" }, work);
    await scope(async () => {
      const [root, route] = [getIdentity(get()), getIdentity(get("/settings/password"))];
      expect(root).toBe(route);
      expect((await root)?.user.email).toBe(account.email);
    });
    await scope(async () => {
      const [action, loader] = [getIdentity(post("/logout", {})), getIdentity(post("/logout", {}))];
      expect(action).not.toBe(loader);
      expect((await loader)?.user.email).toBe(account.email);
    });
    // Outside a request scope (scripts, tests) each Request is its own lookup.
    expect(getIdentity(get())).not.toBe(getIdentity(get()));
  });

  it("follows the session's active organization, and only among the user's own", async () => {
    const account = await newAccount("switcher");
    const request = (await signIn(account.email)).get;
    const identity = (await getIdentity(request()))!;
    expect(identity.active?.id).toBe(account.organizationId);
    // An organization the user does not belong to is never made active, even if the row says so.
    await withSystem((tx) => setActiveOrganization(tx, identity.sessionId, DEMO_ORGANIZATIONS[1].id));
    expect((await getIdentity(request()))?.active?.id).toBe(account.organizationId);
  });

  it("ignores malformed and unknown session cookies", async () => {
    for (const cookie of ["secg_session=abc", "secg_session=" + "A".repeat(43), "secg_session=%00%27"]) {
      const request = new Request("http://localhost/", { headers: { Cookie: cookie } });
      expect(await readSessionToken(request).then((t) => t === null || t.length === 43)).toBe(true);
      expect(await getIdentity(request)).toBeNull();
    }
  });

  it("accepts only local redirect targets", () => {
    expect(safeRedirectPath("/audit?x=1")).toBe("/audit?x=1");
    for (const bad of ["https://evil.test", "//evil.test", "/\\evil.test", "javascript:alert(1)", null]) expect(safeRedirectPath(bad)).toBe("/");
  });

  it("refuses targets that leave the origin once parsed, or that carry control characters", () => {
    // URL parsing drops tab and newlines: "/\t/evil.test" is "//evil.test", off-site.
    for (const bad of ["/\t/evil.test", "/\n/evil.test", "/\r\n/evil.test", "/projects\nSet-Cookie: x=1", "/\v/evil.test", "/\u0000", "/\u007f", "/\\\\evil.test", "/\t\\evil.test"]) {
      expect(safeRedirectPath(bad), JSON.stringify(bad)).toBe("/");
    }
  });

  it("keeps local paths as their URL serialisation, a valid Location either way", () => {
    expect(safeRedirectPath("/%09/evil.test")).toBe("/%09/evil.test");
    expect(safeRedirectPath("/projects/../audit?q=a b#top")).toBe("/audit?q=a%20b#top");
    expect(safeRedirectPath("/søk")).toBe("/s%C3%B8k");
    expect(() => new Headers({ Location: safeRedirectPath("/søk?x=é") })).not.toThrow();
  });
});

describe("CSRF tokens", () => {
  const form = (token?: string) => {
    const body = new FormData();
    if (token !== undefined) body.set("csrf", token);
    return body;
  };

  it("bind to the session: the right token passes; missing, forged or another session's token gets 403", async () => {
    const mine = await demoUser("admin@demo.test");
    const theirs = await demoUser("finance@demo.test");
    const token = await csrfToken(mine());
    await expect(verifyCsrf(mine(), form(token))).resolves.toBeUndefined();
    for (const bad of [undefined, "", "forged-token", await csrfToken(theirs())]) {
      const refusal = await answer(() => verifyCsrf(mine(), form(bad)));
      expect(refusal.status).toBe(403);
    }
  });

  it("bind anonymous forms to the random cookie server.ts sets", async () => {
    const fresh = ensureAnonCookie(undefined)!;
    expect(fresh.setCookie).toMatch(/^secg_csrf=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(ensureAnonCookie(fresh.cookieHeader)).toBeNull();
    const request = new Request("http://localhost/login", { headers: { Cookie: fresh.cookieHeader } });
    const token = await csrfToken(request);
    await expect(verifyCsrf(request, form(token))).resolves.toBeUndefined();
    const other = new Request("http://localhost/login", { headers: { Cookie: ensureAnonCookie(undefined)!.cookieHeader } });
    expect((await answer(() => verifyCsrf(other, form(token)))).status).toBe(403);
    expect((await answer(() => verifyCsrf(new Request("http://localhost/login"), form(token)))).status).toBe(403);
  });

  it("explains the refusal in words", async () => {
    expect(await csrfRefusal().text()).toMatch(/expired or did not come from this site/);
  });
});
