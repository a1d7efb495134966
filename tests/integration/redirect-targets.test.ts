import { describe, expect, it } from "vitest";
import * as loginRoute from "~/domains/identity/routes/login";
import * as switchRoute from "~/domains/organizations/routes/switch-organization";
import { anonymousBrowser, REDIRECT_PAYLOADS } from "../support/hostile-payloads";
import { newAccount, PASSWORD } from "../support/identity-fixtures";
import { callRoute, signIn, useDevelopmentCookies } from "../support/route-requests";

/**
 * A `redirectTo` that a URL parser reads as another site (a tab or newline dropped from "/\t/x"
 * leaves "//x"), or that cannot be a Location header, sends the user home after signing in and
 * after switching organization: never off-site, never a 500 once the session was written.
 */

const ORIGIN = "http://localhost";
const staysOnSite = (location: string | null) => location !== null && new URL(location, ORIGIN).origin === ORIGIN;

useDevelopmentCookies();

describe("redirectTo after sign-in and organization switch", () => {
  it.each(REDIRECT_PAYLOADS)("sign-in with redirectTo %j lands on this site", async (target) => {
    const account = await newAccount("redirect");
    const browser = await anonymousBrowser();
    const answer = await callRoute(loginRoute.action, browser.post("/login", [["email", account.email], ["password", PASSWORD], ["redirectTo", target]]));
    expect(answer.status).toBe(303);
    expect(staysOnSite(answer.location), answer.location ?? "").toBe(true);
  });

  it.each(REDIRECT_PAYLOADS)("organization switch with redirectTo %j lands on this site", async (target) => {
    const account = await newAccount("switch");
    const session = await signIn(account.email);
    const answer = await callRoute(switchRoute.action, session.post("/organizations/switch", { organizationId: account.organizationId, redirectTo: target }));
    expect(answer.status).toBe(303);
    expect(staysOnSite(answer.location), answer.location ?? "").toBe(true);
  });

  it("a local path is kept", async () => {
    const account = await newAccount("local");
    const browser = await anonymousBrowser();
    const answer = await callRoute(loginRoute.action, browser.post("/login", [["email", account.email], ["password", PASSWORD], ["redirectTo", "/projects?status=active"]]));
    expect(answer.location).toBe("/projects?status=active");
  });
});
