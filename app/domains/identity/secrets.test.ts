import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "~/utils/db.server";
import { deliverQueuedEmail, pruneDeliveredMail } from "~/utils/mail-delivery.server";
import { appConnection, ownerConnection } from "../../../tests/support/connections";
import { newAccount, WHO } from "../../../tests/support/identity-fixtures";
import { opened } from "../../../tests/support/outbox";
import { requestPasswordReset, resetPassword } from "./passwords.server";

/**
 * What the runtime role (secg_app) can read of identity secrets: no password hash, no session, no
 * mailed token, and no live link in the mail outbox (issue 15 §4).
 */
let owner: postgres.Sql;
let app: postgres.Sql;
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
