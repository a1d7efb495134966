import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withSystem } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount, PASSWORD, WHO } from "../../../tests/support/identity-fixtures";
import { opened } from "../../../tests/support/outbox";
import { attemptLogin, LOGIN_LIMITS } from "./login.server";
import { changePassword, requestPasswordReset, resetPassword, verifyEmail } from "./passwords.server";
import { findLiveSession, listLiveSessions, revokeOtherSessions, revokeSession } from "./sessions.server";
import { signUp } from "./signup.server";
import { issueUserToken } from "./tokens.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

const count = async (table: string, where = "true", values: unknown[] = []) => (await owner.unsafe(`select count(*)::int as n from ${table} where ${where}`, values))[0].n as number;
const events = (email: string) => owner<{ event: string }>`select event from auth_events where email = ${email} order by id`;
const live = (token: string) => withSystem((tx) => findLiveSession(tx, token));

describe("sign-up", () => {
  it("creates user, organization, owner membership, audit rows, a verification mail and a session in one go", async () => {
    const account = await newAccount("signup");
    const [user] = await owner`select email, email_verified_at, password_hash from users where id = ${account.userId}`;
    expect(user.email).toBe(account.email);
    expect(user.email_verified_at).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    const [membership] = await owner`select role from memberships where user_id = ${account.userId} and organization_id = ${account.organizationId}`;
    expect(membership.role).toBe("owner");
    // organization created, owner membership created, cost-code template added
    expect(await count("audit_events", "organization_id = $1", [account.organizationId])).toBe(3);
    const [mail] = (await owner`select template, text_body from outbound_emails where "to" = ${account.email}`).map(opened);
    expect(mail.template).toBe("verify_email");
    expect(mail.text_body).toMatch(/\/verify-email\?token=[A-Za-z0-9_-]{43}/);
    const jobs = await owner`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'mail__send'`;
    expect(jobs[0].n).toBeGreaterThan(0);
    expect((await live(account.token))?.userId).toBe(account.userId);
  });

  it("a duplicate email (any case) creates nothing and mails the existing owner instead of saying so", async () => {
    const first = await newAccount("dup");
    const before = { users: await count("users"), orgs: await count("organizations") };
    const again = await signUp({ email: first.email.toUpperCase(), name: "Other", password: PASSWORD, organizationName: "Other Co" }, WHO);
    expect(again).toEqual({ created: null });
    expect({ users: await count("users"), orgs: await count("organizations") }).toEqual(before);
    const mails = await owner`select template from outbound_emails where "to" = ${first.email} order by created_at`;
    expect(mails.map((m) => m.template)).toEqual(["verify_email", "signup_existing_account"]);
  });
});

describe("sign-in", () => {
  it("opens a new session (new id) on every sign-in and records the success", async () => {
    const account = await newAccount("login");
    const one = await attemptLogin(account.email, PASSWORD, WHO);
    const two = await attemptLogin(account.email, PASSWORD, WHO);
    if (!one.ok || !two.ok) throw new Error("login failed");
    expect(one.token).not.toBe(two.token);
    const [a, b] = [await live(one.token), await live(two.token)];
    expect(a?.sessionId).toBeDefined();
    expect(a?.sessionId).not.toBe(b?.sessionId);
    expect(await count("sessions", "token_hash = $1", [one.token])).toBe(0); // only the hash is stored
    expect((await events(account.email)).map((e) => e.event)).toEqual(["signup", "login_success", "login_success"]);
  });

  it("records failures, locks the account after repeated failures, and refuses even the right password while locked", async () => {
    const account = await newAccount("lock");
    const who = { ...WHO, ip: "198.51.100.20" };
    for (let i = 1; i < LOGIN_LIMITS.lockAfterFailures; i++)
      expect(await attemptLogin(account.email, "wrong password!", who)).toMatchObject({ ok: false, reason: "invalid" });
    expect(await attemptLogin(account.email, "wrong password!", who)).toMatchObject({ ok: false, reason: "locked", message: expect.stringMatching(/locked.*15 minutes/) });
    expect(await attemptLogin(account.email, PASSWORD, who)).toMatchObject({ ok: false, reason: "locked" });
    const kinds = (await events(account.email)).map((e) => e.event);
    expect(kinds.filter((k) => k === "login_failure")).toHaveLength(LOGIN_LIMITS.lockAfterFailures);
    expect(kinds).toContain("lockout");
    expect(kinds.at(-1)).toBe("login_throttled");
    await owner`update users set locked_until = now() - interval '1 second' where email = ${account.email}`;
    expect(await attemptLogin(account.email, PASSWORD, who)).toMatchObject({ ok: true });
  });

  it("throttles per IP and per account before checking the password", async () => {
    const account = await newAccount("throttle");
    const ip = "192.0.2.99";
    await owner`insert into auth_events (event, email, ip) select 'login_failure', 'someone-else@example.test', ${ip} from generate_series(1, ${LOGIN_LIMITS.maxFailuresPerIpPerHour})`;
    expect(await attemptLogin(account.email, PASSWORD, { ...WHO, ip })).toMatchObject({ ok: false, reason: "throttled" });
    // The failure counter did not move: the password was never checked.
    expect((await owner`select failed_login_count from users where id = ${account.userId}`)[0].failed_login_count).toBe(0);
    expect(await attemptLogin(account.email, PASSWORD, { ...WHO, ip: "192.0.2.100" })).toMatchObject({ ok: true });

    await owner`insert into auth_events (event, email, ip) select 'login_failure', ${account.email}, '192.0.2.' || g from generate_series(1, ${LOGIN_LIMITS.maxFailuresPerAccountPerHour}) g`;
    expect(await attemptLogin(account.email, PASSWORD, { ...WHO, ip: "192.0.2.101" })).toMatchObject({ ok: false, reason: "throttled" });
  });

  it("answers an unknown email like a wrong password and records it", async () => {
    const email = "nobody-here@example.test";
    expect(await attemptLogin(email, PASSWORD, WHO)).toMatchObject({ ok: false, reason: "invalid", message: expect.stringMatching(/do not match/) });
    expect((await events(email)).map((e) => e.event)).toEqual(["login_failure"]);
  });
});

describe("sessions", () => {
  it("end after the idle timeout and after the absolute lifetime", async () => {
    const idle = await newAccount("idle");
    await owner`update sessions set last_seen_at = now() - interval '31 minutes' where user_id = ${idle.userId}`;
    expect(await live(idle.token)).toBeNull();
    const old = await newAccount("absolute");
    await owner`update sessions set expires_at = now() - interval '1 second' where user_id = ${old.userId}`;
    expect(await live(old.token)).toBeNull();
  });

  it("can be listed and revoked one at a time or all but the current one", async () => {
    const account = await newAccount("revoke");
    const others = await Promise.all([1, 2, 3].map(() => attemptLogin(account.email, PASSWORD, WHO)));
    const current = (await live(account.token))!;
    expect(await withSystem((tx) => listLiveSessions(tx, account.userId))).toHaveLength(4);
    const victim = (await live((others[0] as { token: string }).token))!;
    expect(await withSystem((tx) => revokeSession(tx, account.userId, victim.sessionId, "test"))).toBe(true);
    expect(await live((others[0] as { token: string }).token)).toBeNull();
    expect(await withSystem((tx) => revokeOtherSessions(tx, account.userId, current.sessionId, "test"))).toBe(2);
    expect(await withSystem((tx) => listLiveSessions(tx, account.userId))).toEqual([expect.objectContaining({ id: current.sessionId })]);
  });

  it("a user cannot revoke someone else's session", async () => {
    const [a, b] = [await newAccount("mine"), await newAccount("theirs")];
    const theirs = (await live(b.token))!;
    expect(await withSystem((tx) => revokeSession(tx, a.userId, theirs.sessionId, "test"))).toBe(false);
    expect(await live(b.token)).not.toBeNull();
  });

  it("a password change keeps the current session and revokes the others", async () => {
    const account = await newAccount("change");
    const other = await attemptLogin(account.email, PASSWORD, WHO);
    expect(await changePassword({ email: account.email, sessionToken: account.token, currentPassword: "not it at all", password: "a brand new password" }, WHO)).toEqual({ ok: false });
    expect(await changePassword({ email: account.email, sessionToken: account.token, currentPassword: PASSWORD, password: "a brand new password" }, WHO)).toEqual({ ok: true, revokedSessions: 1 });
    expect(await live(account.token)).not.toBeNull();
    expect(await live((other as { token: string }).token)).toBeNull();
    expect(await attemptLogin(account.email, "a brand new password", WHO)).toMatchObject({ ok: true });
  });
});

describe("password reset and email verification tokens", () => {
  const latestToken = async (email: string, path: string) => {
    const mails = (await owner`select text_body from outbound_emails where "to" = ${email} order by created_at desc`).map(opened);
    const mail = mails.find((m) => (m.text_body as string).includes(path));
    return mail ? (mail.text_body as string).match(/token=([A-Za-z0-9_-]{43})/)![1] : null;
  };

  it("known and unknown addresses do the same kinds of work; only the account's mail carries a link", async () => {
    const account = await newAccount("reset");
    const ghost = `ghost-${account.userId.slice(0, 8)}@example.test`;
    const work = async (email: string) => ({
      events: await count("auth_events", "email = $1 and event = 'password_reset_requested'", [email]),
      mails: await count("outbound_emails", "\"to\" = $1 and template like 'reset_password%'", [email]),
      jobs: (await owner`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'mail__send'`)[0].n as number,
    });
    const done = async (email: string) => {
      const before = await work(email);
      await requestPasswordReset(email, WHO);
      const after = await work(email);
      return { events: after.events - before.events, mails: after.mails - before.mails, jobs: after.jobs - before.jobs };
    };
    expect(await done(ghost)).toEqual({ events: 1, mails: 1, jobs: 1 });
    expect(await done(account.email)).toEqual({ events: 1, mails: 1, jobs: 1 });
    expect(await latestToken(account.email, "/reset-password")).not.toBeNull();
    expect(await latestToken(ghost, "/reset-password")).toBeNull();
  });

  it("reset tokens are single use, expire, sign every session out and unlock the account", async () => {
    const account = await newAccount("reset-once");
    await owner`update users set locked_until = now() + interval '10 minutes' where id = ${account.userId}`;
    await requestPasswordReset(account.email, WHO);
    const token = (await latestToken(account.email, "/reset-password"))!;
    expect((await owner`select token_hash from user_tokens where token_hash = ${token}`).length).toBe(0);
    expect(await resetPassword(token, "my new reset password", WHO)).toBe(true);
    expect(await resetPassword(token, "another new password", WHO)).toBe(false);
    expect(await live(account.token)).toBeNull();
    expect(await attemptLogin(account.email, "my new reset password", WHO)).toMatchObject({ ok: true });

    await requestPasswordReset(account.email, WHO);
    const late = (await latestToken(account.email, "/reset-password"))!;
    await owner`update user_tokens set expires_at = now() - interval '1 second' where user_id = ${account.userId} and purpose = 'reset_password'`;
    expect(await resetPassword(late, "too late password", WHO)).toBe(false);
    const [limit] = await owner`select extract(epoch from expires_at - created_at)::int as s from user_tokens where user_id = ${account.userId} and purpose = 'reset_password' order by created_at desc limit 1`;
    expect(limit.s).toBeLessThanOrEqual(3600);
  });

  it("a newer reset link retires the older one", async () => {
    const account = await newAccount("reset-newer");
    const first = await withSystem((tx) => issueUserToken(tx, account.userId, "reset_password"));
    const second = await withSystem((tx) => issueUserToken(tx, account.userId, "reset_password"));
    expect(await resetPassword(first, "first link password", WHO)).toBe(false);
    expect(await resetPassword(second, "second link password", WHO)).toBe(true);
  });

  it("verification tokens are single use and expire", async () => {
    const account = await newAccount("verify");
    const token = (await latestToken(account.email, "/verify-email"))!;
    expect(await verifyEmail(token, WHO)).toBe(true);
    expect(await verifyEmail(token, WHO)).toBe(false);
    expect((await owner`select email_verified_at from users where id = ${account.userId}`)[0].email_verified_at).not.toBeNull();
    const other = await newAccount("verify-late");
    const late = (await latestToken(other.email, "/verify-email"))!;
    await owner`update user_tokens set expires_at = now() - interval '1 second' where user_id = ${other.userId}`;
    expect(await verifyEmail(late, WHO)).toBe(false);
  });
});
