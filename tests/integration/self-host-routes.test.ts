import { randomBytes } from "node:crypto";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PlainHttpHint } from "~/components/plain-http-hint";
import * as loginRoute from "~/domains/identity/routes/login";
import * as signupRoute from "~/domains/identity/routes/signup";
import { findUserByEmail } from "~/domains/identity/users.server";
import * as inviteRoute from "~/domains/organizations/routes/invite";
import { inviteMember } from "~/domains/organizations/invitations.server";
import { CSRF_FIELD } from "~/utils/csrf";
import { csrfCookieName, csrfToken } from "~/utils/csrf.server";
import { withSystem, withTenant } from "~/utils/db.server";
import { resetEnv } from "~/utils/env.server";
import { PLAIN_HTTP_REFUSAL } from "~/utils/plain-http.server";
import { resetSessionCookie } from "~/utils/session.server";
import { ownerConnection, type SqlClient } from "../support/connections";
import { newAccount, PASSWORD } from "../support/identity-fixtures";
import { opened } from "../support/outbox";
import { callRoute } from "../support/route-requests";

// Sign-up switched off (SIGNUP=invite-only) and the sign-in page over plain HTTP from another
// machine (issue 18 §6), through the real loaders and actions.

const saved = { SIGNUP: process.env.SIGNUP, COOKIE_SECURE: process.env.COOKIE_SECURE };
function setEnv(values: Partial<Record<keyof typeof saved, string | undefined>>) {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  resetEnv();
  resetSessionCookie();
}
afterEach(() => setEnv(saved));

let owner: SqlClient;
beforeAll(() => void (owner = ownerConnection()));
afterAll(() => owner.end());

/** A browser at `origin` holding the anonymous CSRF cookie server.ts sets; `post` sends a form with its token. */
async function browserAt(origin: string) {
  const cookie = `${csrfCookieName()}=${randomBytes(32).toString("base64url")}`;
  const token = await csrfToken(new Request(`${origin}/`, { headers: { Cookie: cookie } }));
  const headers = (withCookie: boolean): Record<string, string> => ({
    "Content-Type": "application/x-www-form-urlencoded",
    Origin: origin,
    "Sec-Fetch-Site": "same-origin",
    ...(withCookie ? { Cookie: cookie } : {}),
  });
  return {
    get: (path: string) => new Request(`${origin}${path}`, { headers: { Cookie: cookie } }),
    post: (path: string, fields: Record<string, string>, options: { withCookie?: boolean } = {}) =>
      new Request(`${origin}${path}`, { method: "POST", headers: headers(options.withCookie ?? true), body: new URLSearchParams({ [CSRF_FIELD]: token, ...fields }) }),
  };
}

const signupFields = (email: string) => ({ name: "New Person", email, password: "long enough password", organizationName: "New Builders" });

describe("SIGNUP=invite-only", () => {
  it("still lets the very first account of a fresh installation sign up", async () => {
    const [{ count }] = await owner`select count(*)::int as count from users`;
    expect(count).toBe(0);
    setEnv({ SIGNUP: "invite-only", COOKIE_SECURE: "false" });
    const browser = await browserAt("http://localhost");
    expect((await callRoute(signupRoute.loader, browser.get("/signup"))).data).toMatchObject({ open: true });
    const email = "first-owner@example.test";
    const answer = await callRoute(signupRoute.action, browser.post("/signup", signupFields(email)));
    expect(answer.status).toBe(303);
    expect(await withSystem((tx) => findUserByEmail(tx, email))).not.toBeNull();
  });

  it("then explains and refuses public sign-up, creating nothing", async () => {
    setEnv({ SIGNUP: "invite-only", COOKIE_SECURE: "false" });
    const browser = await browserAt("http://localhost");
    expect((await callRoute(signupRoute.loader, browser.get("/signup"))).data).toMatchObject({ open: false });
    const email = "walk-in@example.test";
    const answer = await callRoute(signupRoute.action, browser.post("/signup", signupFields(email)));
    expect(answer.status).toBe(403);
    expect(answer.formErrors).toEqual([expect.stringMatching(/by invitation only/)]);
    expect(await withSystem((tx) => findUserByEmail(tx, email))).toBeNull();
    // The sign-in page no longer offers "Create an account".
    expect((await callRoute(loginRoute.loader, browser.get("/login"))).data).toMatchObject({ signupOpen: false });
    setEnv({ SIGNUP: undefined, COOKIE_SECURE: "false" });
    expect((await callRoute(signupRoute.loader, browser.get("/signup"))).data).toMatchObject({ open: true });
  });

  it("while an invitation link still creates the invited account", async () => {
    setEnv({ SIGNUP: "invite-only", COOKIE_SECURE: "false" });
    const inviter = await newAccount("inviter");
    const email = "invited@example.test";
    await withTenant({ organizationId: inviter.organizationId, userId: inviter.userId }, (tx) =>
      inviteMember(tx, { email, role: "field", actor: { id: inviter.userId, name: "Inviter", role: "owner" } }),
    );
    const [mail] = (await owner`select text_body from outbound_emails where "to" = ${email} order by created_at desc limit 1`).map(opened);
    const token = (mail.text_body as string).match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];
    const browser = await browserAt("http://localhost");
    const answer = await callRoute(inviteRoute.action, browser.post(`/invite/${token}`, { name: "Invited Person", password: PASSWORD }), { token });
    expect(answer.status).toBe(303);
    expect(await withSystem((tx) => findUserByEmail(tx, email))).toMatchObject({ email });
  });
});

describe("sign-in over plain HTTP from another machine with Secure cookies", () => {
  it("the sign-in page explains the secure-cookie setting", async () => {
    setEnv({ COOKIE_SECURE: "true" });
    const lan = await browserAt("http://192.168.1.20:3000");
    const page = await callRoute(loginRoute.loader, lan.get("/login"));
    expect(page.data).toMatchObject({ plainHttp: { origin: "http://192.168.1.20:3000" } });
    const html = renderToStaticMarkup(PlainHttpHint({ origin: "http://192.168.1.20:3000" }));
    expect(html).toContain("http://192.168.1.20:3000");
    expect(html).toContain("COOKIE_SECURE=false");
    expect(html).toContain("APP_URL=https://");
    expect(html).toContain("TRUST_PROXY");
    // The same page on localhost or over https says nothing.
    expect((await callRoute(loginRoute.loader, (await browserAt("http://localhost:3000")).get("/login"))).data).toMatchObject({ plainHttp: null });
    expect((await callRoute(loginRoute.loader, (await browserAt("https://erp.example.com")).get("/login"))).data).toMatchObject({ plainHttp: null });
  });

  it("a sign-in whose cookie the browser dropped gets the explanation, not a bare CSRF 403", async () => {
    setEnv({ COOKIE_SECURE: "true" });
    const account = await newAccount("lan");
    const lan = await browserAt("http://192.168.1.20:3000");
    const answer = await callRoute(loginRoute.action, lan.post("/login", { email: account.email, password: PASSWORD, redirectTo: "/" }, { withCookie: false }));
    expect(answer.status).toBe(400);
    expect(answer.formErrors).toEqual([PLAIN_HTTP_REFUSAL]);
    // On localhost the missing cookie is the plain CSRF refusal it always was.
    const local = await browserAt("http://localhost:3000");
    const refused = await callRoute(loginRoute.action, local.post("/login", { email: account.email, password: PASSWORD, redirectTo: "/" }, { withCookie: false }));
    expect(refused.status).toBe(403);
  });
});
