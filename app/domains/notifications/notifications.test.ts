import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorker } from "@jobs/worker";
import type { SqlClient } from "@db/sql-client";
import { sql } from "drizzle-orm";
import { queryRows, withSystem, withTenant } from "~/utils/db.server";
import { appUrl, resetEnv } from "~/utils/env.server";
import { ownerConnection } from "../../../tests/support/connections";
import { deliverNotificationEmails } from "../../../tests/support/notifications";
import { opened } from "../../../tests/support/outbox";
import { addTypicalMembers, financeOrganization, submittedChangeOrder, tenantOf, type FinanceOrganization, type TestMember } from "../approvals/test-fixtures";
import { deliverNotificationEmail } from "./delivery.server";
import { organizationsAtDigestHour, sendDigests } from "./daily.server";
import { savePreferences } from "./inbox.server";
import { notify, type NotifyInput } from "./notify.server";
import { waitingCount, waitingQueue } from "./waiting.server";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

const rowsFor = async (userId: string, kind?: string) =>
  (
    await owner<{ kind: string; email_status: string; link: string; title: string; read_at: Date | null }>`
      select kind, email_status, link, title, read_at from notifications where recipient_id = ${userId} order by created_at, id`
  ).filter((r) => !kind || r.kind === kind);
const emailJobs = (notificationId: string) =>
  owner`select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
    where t.identifier = 'notifications__email' and j.payload->>'notificationId' = ${notificationId}`;
const outbox = (to: string, template: string) => owner`select "to", subject, text_body from outbound_emails where "to" = ${to} and template = ${template}`.then((r) => r.map(opened));

const about = (org: FinanceOrganization, recipients: TestMember[], title: string): NotifyInput => ({
  kind: "approval_requested",
  recipientIds: recipients.map((m) => m.userId),
  record: { kind: "change_order", id: org.commitmentId, link: `/change-orders/${org.commitmentId}` },
  title,
  lines: ["Something to look at."],
});

describe("created in the writing transaction", () => {
  let org: FinanceOrganization;
  let members: Awaited<ReturnType<typeof addTypicalMembers>>;
  beforeAll(async () => {
    org = await financeOrganization(owner, "ntx");
    members = await addTypicalMembers(org);
  });

  it("a rolled-back change leaves no notification and no email job", async () => {
    let notificationId = "";
    await expect(
      withTenant(tenantOf(org, org.owner), async (tx) => {
        [{ notificationId }] = await notify(tx, about(org, [members.finance], "Rolled back"));
        throw new Error("business rule failed");
      }),
    ).rejects.toThrow("business rule failed");
    expect(notificationId).not.toBe("");
    expect(await owner`select 1 from notifications where id = ${notificationId}`).toHaveLength(0);
    expect(await emailJobs(notificationId)).toHaveLength(0);
  });

  it("submitting a change order notifies its approvers (not the submitter) in the same commit, with an email job each", async () => {
    const { changeOrderId, request } = await submittedChangeOrder(org, members.pm, { lines: [{ amount: "1200.00" }] });
    const rows = await owner`select recipient_id, email_status, id, link, created_at from notifications where record_id = ${changeOrderId}`;
    expect(rows.map((r) => r.recipient_id).sort()).toEqual([org.owner.userId, members.finance.userId, members.admin.userId].sort());
    expect(rows.every((r) => r.email_status === "pending" && r.link === `/change-orders/${changeOrderId}`)).toBe(true);
    for (const r of rows) expect(await emailJobs(r.id)).toHaveLength(1);
    // same transaction: the notification is no newer than the approval request it announces
    const [req] = await owner`select created_at from approval_requests where id = ${request.id}`;
    expect(rows[0].created_at.getTime()).toBe(req.created_at.getTime());
  });
});

describe("preferences and who may see the record", () => {
  let org: FinanceOrganization;
  let members: Awaited<ReturnType<typeof addTypicalMembers>>;
  let field: TestMember;
  beforeAll(async () => {
    org = await financeOrganization(owner, "nprefs");
    members = await addTypicalMembers(org);
    field = await org.addMember("field");
  });

  it("off creates nothing, in_app an inbox row only, digest waits for the digest, email_now queues an email", async () => {
    await withTenant(tenantOf(org, members.finance), (tx) => savePreferences(tx, members.finance.userId, { approval_requested: "off" }));
    await withTenant(tenantOf(org, members.admin), (tx) => savePreferences(tx, members.admin.userId, { approval_requested: "in_app" }));
    await withTenant(tenantOf(org, members.viewer), (tx) => savePreferences(tx, members.viewer.userId, { approval_requested: "digest" }));
    const notified = await withTenant(tenantOf(org, org.owner), (tx) =>
      notify(tx, about(org, [members.finance, members.admin, members.viewer, org.owner], "Preference check")),
    );
    expect(Object.fromEntries(notified.map((n) => [n.userId, n.channel]))).toEqual({
      [members.admin.userId]: "in_app",
      [members.viewer.userId]: "digest",
      [org.owner.userId]: "email_now",
    });
    expect(await rowsFor(members.finance.userId)).toEqual([]);
    expect((await rowsFor(members.admin.userId)).map((r) => r.email_status)).toEqual(["none"]);
    expect((await rowsFor(members.viewer.userId)).map((r) => r.email_status)).toEqual(["digest"]);
    expect((await rowsFor(org.owner.userId)).map((r) => r.email_status)).toEqual(["pending"]);
    await deliverNotificationEmails(owner);
    expect((await outbox(org.owner.email, "approval_requested")).map((m) => m.subject)).toEqual(["Preference check"]);
    expect(await outbox(members.admin.email, "approval_requested")).toEqual([]);
    expect(await outbox(members.viewer.email, "approval_requested")).toEqual([]);
  });

  it("a member whose role may not see the record is never notified; a non-member neither", async () => {
    const stranger = (await financeOrganization(owner, "nstranger")).owner;
    const notified = await withTenant(tenantOf(org, org.owner), (tx) => notify(tx, about(org, [field, stranger], "Hidden")));
    expect(notified).toEqual([]);
    expect(await rowsFor(field.userId)).toEqual([]);
    expect(await rowsFor(stranger.userId)).toEqual([]);
  });

  it("at send time the permission is checked again: a member demoted meanwhile gets no email", async () => {
    const pm = await org.addMember("project_manager");
    const [n] = await withTenant(tenantOf(org, org.owner), (tx) => notify(tx, about(org, [pm], "Demoted before sending")));
    expect(n.channel).toBe("email_now");
    await owner`update memberships set role = 'field' where user_id = ${pm.userId} and organization_id = ${org.organizationId}`;
    expect(await withTenant({ organizationId: org.organizationId }, (tx) => deliverNotificationEmail(tx, n.notificationId))).toBe("skipped");
    expect(await outbox(pm.email, "approval_requested")).toEqual([]);
    expect((await rowsFor(pm.userId)).map((r) => r.email_status)).toEqual(["skipped"]);
  });
});

describe("delivery by the worker", () => {
  let mailDir: string;
  let worker: Awaited<ReturnType<typeof startWorker>>;
  beforeAll(async () => {
    mailDir = await mkdtemp(path.join(tmpdir(), "secg-notify-mail-"));
    process.env.MAIL_DIR = mailDir;
    resetEnv();
    worker = await startWorker({ concurrency: 2, pollInterval: 200 });
  });
  afterAll(async () => {
    await worker.stop();
    delete process.env.MAIL_DIR;
    resetEnv();
    await rm(mailDir, { recursive: true, force: true });
  });

  it("the notifications__email job writes the email to the mail directory; the inbox row stays", async () => {
    const org = await financeOrganization(owner, "nworker");
    const { finance, pm } = await addTypicalMembers(org);
    const { changeOrderId } = await submittedChangeOrder(org, pm, { lines: [{ amount: "300.00" }] });
    const link = `${appUrl()}/change-orders/${changeOrderId}`;
    const deadline = Date.now() + 20_000;
    let eml = "";
    while (!eml && Date.now() < deadline) {
      for (const file of await readdir(mailDir)) {
        const text = (await readFile(path.join(mailDir, file), "utf8")).replace(/=\r?\n/g, ""); // quoted-printable soft breaks
        if (text.includes(finance.email) && text.includes(changeOrderId)) eml = text;
      }
      if (!eml) await new Promise((r) => setTimeout(r, 200));
    }
    expect(eml).toContain("is waiting for your approval: step 1 of 1.");
    expect(eml).toContain(link);
    const [row] = await rowsFor(finance.userId, "approval_requested");
    expect(row).toMatchObject({ email_status: "sent", read_at: null, link: `/change-orders/${changeOrderId}` });
  });
});

describe("daily digest", () => {
  let org: FinanceOrganization;
  let members: Awaited<ReturnType<typeof addTypicalMembers>>;
  beforeAll(async () => {
    org = await financeOrganization(owner, "ndigest");
    members = await addTypicalMembers(org);
  });

  it("one email per member with their digest items and their waiting queue; not again the same local day", async () => {
    const { finance, pm, viewer } = members;
    await withTenant(tenantOf(org, finance), (tx) => savePreferences(tx, finance.userId, { approval_requested: "digest" }));
    const first = await submittedChangeOrder(org, pm, { title: "Digest footing", lines: [{ amount: "100.00" }] });
    const second = await submittedChangeOrder(org, pm, { title: "Digest slab", lines: [{ amount: "200.00" }] });
    expect((await rowsFor(finance.userId, "approval_requested")).map((r) => r.email_status)).toEqual(["digest", "digest"]);
    const actor = { userId: finance.userId, role: finance.role };
    expect(await withTenant(tenantOf(org, finance), (tx) => waitingCount(tx, actor))).toBe(2);

    const mailed = await withTenant({ organizationId: org.organizationId }, (tx) => sendDigests(tx, "2026-12-07"));
    expect(mailed).toBeGreaterThanOrEqual(1);
    const digests = await outbox(finance.email, "notification_digest");
    expect(digests).toHaveLength(1);
    expect(digests[0].subject).toBe("Your daily summary: 2 waiting on you");
    for (const id of [first.changeOrderId, second.changeOrderId]) expect(digests[0].text_body).toContain(`${appUrl()}/change-orders/${id}`);
    expect(digests[0].text_body).toContain("Change orders to approve: 2");
    expect((await rowsFor(finance.userId, "approval_requested")).map((r) => r.email_status)).toEqual(["digested", "digested"]);
    // nothing waits on the viewer and nothing was set to the digest: no email for them
    expect(await outbox(viewer.email, "notification_digest")).toEqual([]);

    expect(await withTenant({ organizationId: org.organizationId }, (tx) => sendDigests(tx, "2026-12-07"))).toBe(0);
    expect(await outbox(finance.email, "notification_digest")).toHaveLength(1);
    const [run] = await owner`select notification_count, waiting_count, emailed from notification_digest_runs where user_id = ${finance.userId} and local_date = '2026-12-07'`;
    expect(run).toEqual({ notification_count: 2, waiting_count: 2, emailed: "yes" });
    // the next local day the queue is listed again (it still waits), the items already digested are not
    await withTenant({ organizationId: org.organizationId }, (tx) => sendDigests(tx, "2026-12-08"));
    const next = await outbox(finance.email, "notification_digest");
    expect(next).toHaveLength(2);
    expect(next[1].text_body).not.toContain("Since your last digest");
  });

  it("the waiting queue lists only what the member may decide now", async () => {
    const { pm, viewer, finance } = members;
    const sections = await withTenant(tenantOf(org, finance), (tx) => waitingQueue(tx, { userId: finance.userId, role: "finance" }));
    expect(sections.map((s) => s.label)).toEqual(["Change orders to approve"]);
    expect(sections[0].items[0].href).toMatch(/^\/change-orders\//);
    for (const m of [pm, viewer]) expect(await withTenant(tenantOf(org, m), (tx) => waitingCount(tx, { userId: m.userId, role: m.role }))).toBe(0);
  });

  it("the scan finds organizations past the digest hour in their own time zone, none before", async () => {
    const all = await withSystem((tx) => organizationsAtDigestHour(tx, 0));
    const mine = all.find((o) => o.organizationId === org.organizationId);
    const [tz] = await owner`select to_char(now() at time zone time_zone, 'YYYY-MM-DD') as d from organizations where id = ${org.organizationId}`;
    expect(mine?.localDate).toBe(tz.d);
    expect(await withSystem((tx) => organizationsAtDigestHour(tx, 24))).toEqual([]);
  });
});

describe("tenant isolation of the notification tables", () => {
  it("another organization reads and changes none of them", async () => {
    const a = await financeOrganization(owner, "niso-a");
    const b = await financeOrganization(owner, "niso-b");
    const { finance } = await addTypicalMembers(a);
    await submittedChangeOrder(a, finance, { lines: [{ amount: "50.00" }] });
    await withTenant(tenantOf(a, finance), (tx) => savePreferences(tx, finance.userId, { import_failed: "off" }));
    await withTenant({ organizationId: a.organizationId }, (tx) => sendDigests(tx, "2026-12-07"));
    for (const table of ["notifications", "notification_preferences", "notification_digest_runs"]) {
      const [inA] = await owner.unsafe(`select count(*)::int as n from ${table} where organization_id = $1`, [a.organizationId]);
      expect(inA.n, table).toBeGreaterThan(0);
      const [seen] = await withTenant({ organizationId: b.organizationId }, (tx) => queryRows<{ n: number }>(tx, sql.raw(`select count(*)::int as n from ${table}`)));
      expect(seen.n, table).toBe(0);
    }
  });
});
