import type { SqlClient } from "@db/sql-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { CSRF_FIELD } from "~/utils/csrf";
import { csrfCookieName, csrfToken } from "~/utils/csrf.server";
import { withSystem } from "~/utils/db.server";
import { deliverQueuedEmail, pruneDeliveredMail } from "~/utils/mail-delivery.server";
import { appConnection, ownerConnection } from "../../../tests/support/connections";
import { newAccount, WHO } from "../../../tests/support/identity-fixtures";
import { opened } from "../../../tests/support/outbox";
import { callRoute, useDevelopmentCookies } from "../../../tests/support/route-requests";
import { requestPasswordReset, resetPassword } from "./passwords.server";
import { action as signupAction } from "./routes/signup";

/**
 * What the runtime role (secg_app) can read of identity secrets: no password hash, no session, no
 * mailed token, and no live link in the mail outbox (issue 15 §4).
 */
let owner: SqlClient;
let app: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
  app = appConnection();
});
afterAll(async () => {
  await app.end();
  await owner.end();
});

const PERMISSION_DENIED = { code: "42501" };

describe("the runtime role", () => {
  it("cannot read password hashes, sessions or mailed tokens, nor set a password", async () => {
    const account = await newAccount("reader");
    await expect(app`select password_hash from users`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`select * from users`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`select token_hash from sessions`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`select user_id from sessions`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`select token_hash from user_tokens`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`update users set password_hash = 'x' where id = ${account.userId}`).rejects.toMatchObject(PERMISSION_DENIED);
    await expect(app`delete from sessions`).rejects.toMatchObject(PERMISSION_DENIED);
    // What other domains need of a user stays readable.
    expect(await app`select email, name from users where id = ${account.userId}`).toEqual([{ email: account.email, name: "Test reader" }]);
  });

  it("finds in the outbox no link that works: bodies are sealed, and emptied once sent", async () => {
    const account = await newAccount("outbox");
    await requestPasswordReset(account.email, WHO);
    const rows = await app`select id, text_body, html_body from outbound_emails where "to" = ${account.email} and template = 'reset_password'`;
    expect(rows).toHaveLength(1);
    for (const body of [rows[0].text_body, rows[0].html_body] as string[]) {
      expect(body).toMatch(/^sealed:v1:/);
      expect(body).not.toMatch(/token=|reset-password|\/\//);
    }
    const token = (opened(rows[0]).text_body as string).match(/token=([A-Za-z0-9_-]{43})/)![1];

    expect(await withSystem((tx) => deliverQueuedEmail(tx, rows[0].id as string))).toBe("sent");
    expect(await app`select text_body, html_body from outbound_emails where id = ${rows[0].id}`).toEqual([{ text_body: "", html_body: "" }]);
    expect(await resetPassword(token, "a password from the mailbox", WHO)).toBe(true);
  });
});

describe("delivered mail", () => {
  it("is pruned after 30 days; recent and unsent messages stay (and a second run prunes nothing)", async () => {
    const account = await newAccount("prune");
    await requestPasswordReset(account.email, WHO);
    const all = (await owner`select id from outbound_emails where "to" = ${account.email} order by created_at`).map((r) => r.id as string);
    expect(all).toHaveLength(2);
    const [old, recent] = all;
    await owner`update outbound_emails set sent_at = now() - interval '31 days' where id = ${old}`;
    await owner`update outbound_emails set sent_at = now() - interval '29 days' where id = ${recent}`;
    await requestPasswordReset(account.email, WHO);
    expect(await withSystem(pruneDeliveredMail)).toBeGreaterThanOrEqual(1);
    expect(await withSystem(pruneDeliveredMail)).toBe(0);
    const left = await owner`select id, sent_at from outbound_emails where "to" = ${account.email}`;
    expect(left.map((r) => r.id)).not.toContain(old);
    expect(left.map((r) => r.id)).toContain(recent);
    expect(left.filter((r) => r.sent_at === null)).toHaveLength(1);
  });
});

describe("/signup", () => {
  useDevelopmentCookies();

  /** An anonymous browser's sign-up post, with its CSRF cookie and token. */
  async function postSignup(email: string) {
    const cookie = `${csrfCookieName()}=${randomBytes(32).toString("base64url")}`;
    const token = await csrfToken(new Request("http://localhost/signup", { headers: { Cookie: cookie } }));
    const body = new URLSearchParams({ name: "Someone", email, password: "a long enough password", organizationName: "Some Co", [CSRF_FIELD]: token });
    const request = new Request("http://localhost/signup", {
      method: "POST",
      body,
      headers: { Cookie: cookie, Origin: "http://localhost", "Sec-Fetch-Site": "same-origin", "Content-Type": "application/x-www-form-urlencoded" },
    });
    const reply = await callRoute(signupAction, request);
    const response = reply.data as Response;
    return { status: reply.status, location: reply.location, cookies: response.headers.getSetCookie().map((c) => c.split("=")[0]) };
  }

  it("answers an address that has an account exactly as a new one, and mails that account's owner", async () => {
    const existing = await newAccount("taken");
    const fresh = `fresh-${existing.userId.slice(0, 8)}@example.test`;
    const [taken, created] = [await postSignup(existing.email), await postSignup(fresh)];
    expect(taken).toEqual({ status: 303, location: "/login", cookies: ["__flash"] });
    expect(created).toEqual({ ...taken });
    const mailed = await owner`select template from outbound_emails where "to" = ${existing.email} order by created_at`;
    expect(mailed.map((m) => m.template)).toEqual(["verify_email", "signup_existing_account"]);
  });
});
