import { readFileSync } from "node:fs";
import path from "node:path";
import { randomBytes, randomUUID } from "node:crypto";
import { expect } from "@playwright/test";
import routes from "../../../app/routes";
import { mailLink, waitForMail } from "./mail";
import { DEMO_PASSWORD, HttpClient, newAccount, type FormFields } from "./session";

// Shared by the identity HTTP specs (csrf, identity-forms, access): demo ids, small HTML readers,
// the action routes read from app/routes.ts and a payload for each.

export const SUMMIT = { id: "5a1e0000-0000-4000-8000-000000000001", name: "Summit Builders" };
export const HARBOR = { id: "5a1e0000-0000-4000-8000-000000000002", name: "Harbor Construction" };
export const SUMMIT_DEMO_INVITATION = { id: "5a1e0000-0000-4000-8000-0000000000c1", email: "estimator@demo.test" };

export const randomToken = () => randomBytes(32).toString("base64url"); // 43 chars, like the app's tokens

// ---------------------------------------------------------------------------------------------
// Small HTML readers

/** The value attribute of the input named `name` (first one). */
export function inputValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*name="${name}"[^>]*>`).exec(html)?.[0];
  return tag ? (/value="([^"]*)"/.exec(tag)?.[1] ?? "") : undefined;
}

/** HTML of the table rows with `data-testid=testId` that mention `text`. */
export function rowsMentioning(html: string, testId: "member-row" | "invitation-row", text: string): string[] {
  return html
    .split(/<tr /)
    .filter((chunk) => chunk.includes(`data-testid="${testId}"`))
    .map((chunk) => chunk.slice(0, chunk.indexOf("</tr>")))
    .filter((row) => row.includes(text));
}

export const organizationName = (html: string) => /data-testid="organization-name">([^<]*)</.exec(html)?.[1];

export const switcherOptions = (html: string) =>
  [...(/<select[^>]*id="organization-switcher"[\s\S]*?<\/select>/.exec(html)?.[0] ?? "").matchAll(/<option value="([^"]+)"[^>]*>([^<]+)<\/option>/g)].map(
    (m) => ({ id: m[1], name: m[2] }),
  );

// ---------------------------------------------------------------------------------------------
// The action routes, read from app/routes.ts: every module that exports `action`.

export interface RouteEntry {
  path?: string;
  index?: boolean;
  file: string;
  children?: RouteEntry[];
}

export const ACTION_EXPORT = /export\s+(async\s+function\s+action\b|function\s+action\b|const\s+action\b)/;

export function flattenRoutes(entries: RouteEntry[], parent = ""): { template: string; file: string }[] {
  return entries.flatMap((entry) => {
    const template = entry.index ? parent : [parent, entry.path ?? ""].filter(Boolean).join("/");
    return [{ template, file: entry.file }, ...flattenRoutes(entry.children ?? [], template)];
  });
}

export const ACTION_ROUTES = flattenRoutes(routes as unknown as RouteEntry[]).filter(({ file }) =>
  ACTION_EXPORT.test(readFileSync(path.resolve("app", file), "utf8")),
);

/** "/invite/:token" with params filled from `params`, else a random token / uuid. */
export function urlOf(template: string, params: Record<string, string>): string {
  const segments = template.split("/").map((segment) => {
    if (!segment.startsWith(":")) return segment;
    const name = segment.slice(1).replace(/\?$/, "");
    return params[name] ?? (/id$/i.test(name) ? randomUUID() : randomToken());
  });
  return `/${segments.join("/")}`;
}

/**
 * For each action, a body that WOULD change something if the CSRF check were missing, so
 * "nothing written" below is a real check. Anything not listed gets a generic body.
 */
export interface Payloads {
  signupEmail: string;
  inviteEmail: string;
  forgotEmail: string;
}
export function payloadFor(template: string, p: Payloads): { fields: FormFields; multipart?: boolean } {
  switch (template) {
    case "signup":
      return { fields: { name: "CSRF Probe", email: p.signupEmail, password: "csrf-probe-password", organizationName: "CSRF Probe Org" } };
    case "login":
      return { fields: { email: "owner@demo.test", password: DEMO_PASSWORD, redirectTo: "/" } };
    case "forgot-password":
      return { fields: { email: p.forgotEmail } };
    case "reset-password":
      return { fields: { token: randomToken(), password: "csrf-probe-password", confirm: "csrf-probe-password" } };
    case "settings/password":
      // Same password as now: harmless, but a successful change would sign out the other sessions.
      return { fields: { currentPassword: DEMO_PASSWORD, password: DEMO_PASSWORD, confirm: DEMO_PASSWORD } };
    case "settings/sessions":
      return { fields: { intent: "revoke-others" } };
    case "settings/members":
      return { fields: { intent: "invite", email: p.inviteEmail, role: "viewer" } };
    case "settings/organization":
      return { fields: { intent: "remove-logo" }, multipart: true };
    case "organizations/switch":
      return { fields: { organizationId: SUMMIT.id, redirectTo: "/" } };
    case "invite/:token":
      return { fields: { intent: "create-account", name: "CSRF Probe", password: "csrf-probe-password" } };
    case "verify-email":
      return { fields: { intent: "resend" } };
    case "status":
      return { fields: { intent: "run-check" } };
    default:
      return { fields: { intent: "probe" } };
  }
}

/** Invites `email` to Summit as owner@demo.test and returns the mailed token. */
export async function summitInvitationToken(owner: HttpClient, email: string, role = "viewer"): Promise<string> {
  const invited = await owner.post("/settings/members", { intent: "invite", email, role });
  expect(invited.status(), "invite").toBe(303);
  const mail = await waitForMail({ to: email, subjectIncludes: "invited you to Summit Builders" });
  return mailLink(mail, "/invite/").split("/invite/")[1];
}

/** Signs up a fresh account over HTTP, then signs it in (sign-up itself never does); returns the signed-in client. */
export async function signedUp(label: string) {
  const account = newAccount(label);
  const client = await HttpClient.create();
  const response = await client.signup(account);
  expect(response.status(), `sign-up of ${account.email}`).toBe(303);
  expect((await client.login(account.email, account.password)).status(), `sign-in of ${account.email}`).toBe(303);
  return { account, client };
}

// ---------------------------------------------------------------------------------------------
