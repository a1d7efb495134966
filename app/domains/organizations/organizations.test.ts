import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, DEMO_USERS, seedDemo } from "@db/seed/demo";
import { attemptLogin } from "~/domains/identity/login.server";
import { signUpFromInvitation } from "~/domains/identity/invited-signup.server";
import { findLiveSession } from "~/domains/identity/sessions.server";
import { recordAudit } from "~/utils/audit.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { queryRows, withSystem, withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount, PASSWORD, WHO } from "../../../tests/support/identity-fixtures";
import { acceptInvitation, findInvitationByToken, InvitationRefused, inviteMember } from "./invitations.server";
import { changeMemberRole, listMembers, MemberChangeRefused, removeMember } from "./members.server";
import { getOrganizationSettings } from "./organizations.server";
import { imageType, StaleSettings, updateOrganizationSettings } from "./settings.server";
import type { SqlClient } from "@db/sql-client";
import { opened } from "../../../tests/support/outbox";

let owner: SqlClient;
beforeAll(async () => {
  owner = ownerConnection();
  await seedDemo();
});
afterAll(() => owner.end());

const [summit] = DEMO_ORGANIZATIONS;
const summitOwner = DEMO_USERS[0];

/** An account plus an invitation to its organization; returns the mailed token. */
async function invite(account: { organizationId: string; userId: string }, email: string, role: "field" | "owner" | "admin" = "field", actorRole: "owner" | "admin" = "owner") {
  await withTenant({ organizationId: account.organizationId, userId: account.userId }, (tx) =>
    inviteMember(tx, { email, role, actor: { id: account.userId, name: "Inviter", role: actorRole } }),
  );
  const [mail] = (await owner`select text_body from outbound_emails where "to" = ${email} order by created_at desc limit 1`).map(opened);
  return (mail.text_body as string).match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];
}

const membersOf = (organizationId: string) => withTenant({ organizationId }, listMembers);

describe("invitations", () => {
  it("mails a link, refuses a second open invitation and existing members, and audits", async () => {
    const account = await newAccount("inviter");
    const token = await invite(account, "newbie@example.test");
    expect(token).toHaveLength(43);
    await expect(invite(account, "newbie@example.test")).rejects.toThrow(/pending invitation/);
    await expect(invite(account, account.email)).rejects.toThrow(/already a member/);
    const [audit] = await owner`select action from audit_events where organization_id = ${account.organizationId} and entity_type = 'invitation'`;
    expect(audit.action).toBe("created");
  });

  it("only an owner may invite an owner", async () => {
    const account = await newAccount("admin-invites");
    await expect(invite(account, "boss@example.test", "owner", "admin")).rejects.toThrow(InvitationRefused);
  });

  it("is accepted once, by the invited address only, and not after it expires", async () => {
    const account = await newAccount("accept");
    const invitee = await newAccount("invitee");
    const token = await invite(account, invitee.email);
    const invitation = (await findInvitationByToken(token))!;
    expect(invitation).toMatchObject({ organizationId: account.organizationId, role: "field", state: "open" });
    const stranger = await newAccount("stranger");
    await expect(acceptInvitation(invitation, { id: stranger.userId, email: stranger.email })).rejects.toThrow(/for .*Sign in with that address/);
    await acceptInvitation(invitation, { id: invitee.userId, email: invitee.email });
    expect((await membersOf(account.organizationId)).map((m) => m.email)).toContain(invitee.email);
    await expect(acceptInvitation(invitation, { id: invitee.userId, email: invitee.email })).rejects.toThrow(/already accepted/);
    expect((await findInvitationByToken(token))?.state).toBe("accepted");

    const lateToken = await invite(account, "late@example.test");
    await owner`update invitations set expires_at = now() - interval '1 second' where email = 'late@example.test'`;
    const late = (await findInvitationByToken(lateToken))!;
    expect(late.state).toBe("expired");
    await expect(acceptInvitation(late, { id: stranger.userId, email: "late@example.test" })).rejects.toThrow(/expired/);
  });

  it("a new person signs up from the link: verified email, membership and a session in that organization", async () => {
    const account = await newAccount("host");
    const token = await invite(account, "fresh-face@example.test");
    const result = await signUpFromInvitation((await findInvitationByToken(token))!, { name: "Fresh Face", password: PASSWORD }, WHO);
    if (!result.ok) throw new Error(result.error);
    const session = (await withSystem((tx) => findLiveSession(tx, result.token)))!;
    expect(session.activeOrganizationId).toBe(account.organizationId);
    expect(session.emailVerifiedAt).not.toBeNull();
    const orgs = await withSystem((tx) => queryRows(tx, `select * from app_private.user_organizations('${session.userId}')` as never));
    expect(orgs).toEqual([expect.objectContaining({ organization_id: account.organizationId, role: "field", time_zone: "America/New_York", locale: "en-US" })]);
  });

  it("a user in two organizations sees both through user_organizations", async () => {
    const home = await newAccount("two-orgs");
    const token = await withTenant({ organizationId: summit.id, userId: summitOwner.id }, (tx) =>
      inviteMember(tx, { email: home.email, role: "viewer", actor: { id: summitOwner.id, name: "Olivia", role: "owner" } }),
    ).then(async () => {
      const [mail] = (await owner`select text_body from outbound_emails where "to" = ${home.email} and template = 'invitation'`).map(opened);
      return (mail.text_body as string).match(/\/invite\/([A-Za-z0-9_-]{43})/)![1];
    });
    await acceptInvitation((await findInvitationByToken(token))!, { id: home.userId, email: home.email });
    const rows = await owner`select organization_id, role from app_private.user_organizations(${home.userId}) order by name`;
    expect(rows.map((r) => [r.organization_id, r.role]).sort()).toEqual(
      [
        [summit.id, "viewer"],
        [home.organizationId, "owner"],
      ].sort(),
    );
  });
});

describe("members and the last owner", () => {
  it("never removes or demotes the last owner", async () => {
    const account = await newAccount("solo");
    const [me] = await membersOf(account.organizationId);
    const ctx = { organizationId: account.organizationId, userId: account.userId };
    await expect(withTenant(ctx, (tx) => removeMember(tx, { membershipId: me.id, actorRole: "owner" }))).rejects.toThrow(/at least one owner/);
    await expect(withTenant(ctx, (tx) => changeMemberRole(tx, { membershipId: me.id, role: "admin", version: me.version, actorRole: "owner" }))).rejects.toThrow(
      /at least one owner/,
    );
  });

  it("two owners demoting each other at the same moment leave exactly one owner", async () => {
    const account = await newAccount("duo");
    const partner = await newAccount("partner");
    await acceptInvitation((await findInvitationByToken(await invite(account, partner.email, "owner")))!, { id: partner.userId, email: partner.email });
    const members = await membersOf(account.organizationId);
    expect(members.filter((m) => m.role === "owner")).toHaveLength(2);
    const results = await Promise.allSettled(
      members.map((m) =>
        withTenant({ organizationId: account.organizationId }, (tx) => changeMemberRole(tx, { membershipId: m.id, role: "admin", version: m.version, actorRole: "owner" })),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: expect.any(MemberChangeRefused) });
    expect((await membersOf(account.organizationId)).filter((m) => m.role === "owner")).toHaveLength(1);
  });

  it("an admin cannot change or remove an owner; a stale version is refused", async () => {
    const account = await newAccount("guarded");
    const member = await newAccount("member");
    await acceptInvitation((await findInvitationByToken(await invite(account, member.email, "field")))!, { id: member.userId, email: member.email });
    const members = await membersOf(account.organizationId);
    const ownerRow = members.find((m) => m.role === "owner")!;
    const fieldRow = members.find((m) => m.role === "field")!;
    const ctx = { organizationId: account.organizationId };
    await expect(withTenant(ctx, (tx) => removeMember(tx, { membershipId: ownerRow.id, actorRole: "admin" }))).rejects.toThrow(/Only an owner/);
    await expect(withTenant(ctx, (tx) => changeMemberRole(tx, { membershipId: fieldRow.id, role: "owner", version: fieldRow.version, actorRole: "admin" }))).rejects.toThrow(/Only an owner/);
    await withTenant(ctx, (tx) => changeMemberRole(tx, { membershipId: fieldRow.id, role: "finance", version: fieldRow.version, actorRole: "admin" }));
    await expect(withTenant(ctx, (tx) => changeMemberRole(tx, { membershipId: fieldRow.id, role: "viewer", version: fieldRow.version, actorRole: "admin" }))).rejects.toThrow(/changed this member meanwhile/);
    await withTenant(ctx, (tx) => removeMember(tx, { membershipId: fieldRow.id, actorRole: "admin" }));
    expect((await membersOf(account.organizationId)).map((m) => m.id)).toEqual([ownerRow.id]);
    const actions = await owner`select action from audit_events where organization_id = ${account.organizationId} and entity_id = ${fieldRow.id} order by occurred_at`;
    expect(actions.map((a) => a.action)).toEqual(["created", "role_changed", "removed"]);
  });

  it("a member of another organization cannot touch these rows: they do not exist for it", async () => {
    const other = await newAccount("outsider");
    const [summitMember] = await membersOf(summit.id);
    await expect(withTenant({ organizationId: other.organizationId }, (tx) => removeMember(tx, { membershipId: summitMember.id, actorRole: "owner" }))).rejects.toThrow(RecordNotFound);
    expect((await membersOf(summit.id)).map((m) => m.id)).toContain(summitMember.id);
  });
});

describe("organization settings", () => {
  it("saves with a version check and audits before and after", async () => {
    const account = await newAccount("settings");
    const ctx = { organizationId: account.organizationId, userId: account.userId };
    const before = await withTenant(ctx, getOrganizationSettings);
    const input = { name: "Renamed Co", address: "1 Main St", defaultRetainagePercent: "7.5", fiscalYearStartMonth: 7, timeZone: "America/Chicago", locale: "en-GB" as const, currency: "CAD", version: before.version };
    await withTenant(ctx, (tx) => updateOrganizationSettings(tx, input));
    const after = await withTenant(ctx, getOrganizationSettings);
    expect(after).toMatchObject({ name: "Renamed Co", defaultRetainageRate: "0.075000", fiscalYearStartMonth: 7, timeZone: "America/Chicago", locale: "en-GB", currency: "CAD", version: before.version + 1 });
    await expect(withTenant(ctx, (tx) => updateOrganizationSettings(tx, input))).rejects.toThrow(StaleSettings);
    const [audit] = await owner`select actor_user_id, before->>'name' as was, after->>'name' as now from audit_events where organization_id = ${account.organizationId} and action = 'settings_updated'`;
    expect(audit).toEqual({ actor_user_id: account.userId, was: "settings Builders", now: "Renamed Co" });
  });

  it("recognises logo images by their bytes, not their name", () => {
    expect(imageType(Buffer.from("89504e470d0a1a0a0000", "hex"))).toBe("image/png");
    expect(imageType(Buffer.from("ffd8ffe000", "hex"))).toBe("image/jpeg");
    expect(imageType(Buffer.from("RIFF\0\0\0\0WEBPVP8 "))).toBe("image/webp");
    expect(imageType(Buffer.from("<svg onload=alert(1)>"))).toBeNull();
  });
});

describe("audit trail", () => {
  it("is written in the mutation's transaction: a rolled-back change leaves no audit row", async () => {
    const account = await newAccount("rollback");
    const before = (await owner`select count(*)::int as n from audit_events where organization_id = ${account.organizationId}`)[0].n;
    await expect(
      withTenant({ organizationId: account.organizationId, userId: account.userId }, async (tx) => {
        await recordAudit(tx, { entityType: "organization", entityId: account.organizationId, action: "test", after: { password: "x", name: "y" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect((await owner`select count(*)::int as n from audit_events where organization_id = ${account.organizationId}`)[0].n).toBe(before);
  });

  it("never stores secrets and records actor and request id from the transaction", async () => {
    const account = await newAccount("secrets");
    await withTenant({ organizationId: account.organizationId, userId: account.userId, requestId: "req-audit-1" }, (tx) =>
      recordAudit(tx, { entityType: "thing", entityId: "1", action: "made", after: { passwordHash: "h", tokenHash: "t", name: "ok", logo: Buffer.from("x") } }),
    );
    const [row] = await owner`select actor_user_id, request_id, after from audit_events where organization_id = ${account.organizationId} and action = 'made'`;
    expect(row).toEqual({ actor_user_id: account.userId, request_id: "req-audit-1", after: { name: "ok" } });
  });

  it("is append-only for the app role: no update, no delete (audit_events and auth_events)", async () => {
    const account = await newAccount("append-only");
    const denied = /permission denied/;
    await expect(withTenant({ organizationId: account.organizationId }, (tx) => queryRows(tx, "update audit_events set action = 'forged'" as never))).rejects.toMatchObject({ cause: { message: expect.stringMatching(denied) } });
    await expect(withTenant({ organizationId: account.organizationId }, (tx) => queryRows(tx, "delete from audit_events" as never))).rejects.toMatchObject({ cause: { message: expect.stringMatching(denied) } });
    await expect(withSystem((tx) => queryRows(tx, "delete from auth_events" as never))).rejects.toMatchObject({ cause: { message: expect.stringMatching(denied) } });
    await expect(withSystem((tx) => queryRows(tx, "update auth_events set event = 'logout'" as never))).rejects.toMatchObject({ cause: { message: expect.stringMatching(denied) } });
  });
});

it("the demo seed is idempotent and never re-adds a member removed in the demo", async () => {
  const counts = async () => (await owner`select (select count(*) from memberships)::int as m, (select count(*) from invitations)::int as i, (select count(*) from audit_events)::int as a`)[0];
  await seedDemo();
  const before = await counts();
  const viewer = (await membersOf(summit.id)).find((m) => m.email === "viewer@demo.test")!;
  await withTenant({ organizationId: summit.id }, (tx) => removeMember(tx, { membershipId: viewer.id, actorRole: "owner" }));
  await seedDemo();
  expect(await counts()).toEqual({ ...before, m: before.m - 1, a: before.a + 1 });
  expect((await membersOf(summit.id)).map((m) => m.email)).not.toContain("viewer@demo.test");
});

it("demo users sign in with the demo password", async () => {
  expect(await attemptLogin("owner@harbor.test", "demo-password", WHO)).toMatchObject({ ok: true });
});
