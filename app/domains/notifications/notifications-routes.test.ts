import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlClient } from "@db/sql-client";
import { withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, useDevelopmentCookies } from "../../../tests/support/route-requests";
import { addTypicalMembers, financeOrganization, submittedChangeOrder, tenantOf } from "../approvals/test-fixtures";
import { unreadCount } from "./inbox.server";
import * as inbox from "./routes/notifications";
import * as settings from "./routes/settings-notifications";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());
useDevelopmentCookies();

describe("inbox and preferences routes", () => {
  it("lists, marks one read (and follows it), refuses others' items and bad input, marks all read; preferences validate", async () => {
    const org = await financeOrganization(owner, "nroutes");
    const { pm, finance, admin } = await addTypicalMembers(org);
    const first = await submittedChangeOrder(org, pm, { lines: [{ amount: "10.00" }] });
    await submittedChangeOrder(org, pm, { lines: [{ amount: "20.00" }] });
    const user = await signIn(finance.email, { organizationId: org.organizationId });

    const listed = await callRoute(inbox.loader, user.get("/notifications"));
    const data = listed.data as Awaited<ReturnType<typeof inbox.loader>>;
    expect(data.unread).toBe(2);
    expect(data.items.map((i) => i.read)).toEqual([false, false]);
    const older = data.items[1];
    expect(older.link).toBe(`/change-orders/${first.changeOrderId}`);

    const opened = await callRoute(inbox.action, user.post("/notifications", { intent: "open", id: older.id }));
    expect(opened).toMatchObject({ status: 303, location: `/change-orders/${first.changeOrderId}` });
    expect(await withTenant(tenantOf(org, finance), (tx) => unreadCount(tx, finance.userId))).toBe(1);

    const [adminsItem] = await owner`select id from notifications where recipient_id = ${admin.userId} limit 1`;
    expect((await callRoute(inbox.action, user.post("/notifications", { intent: "read", id: adminsItem.id }))).status).toBe(404);
    expect((await owner`select read_at from notifications where id = ${adminsItem.id}`)[0].read_at).toBeNull();
    expect((await callRoute(inbox.action, user.post("/notifications", { intent: "read", id: "not-a-uuid" }))).status).toBe(400);
    expect((await callRoute(inbox.loader, user.get("/notifications?before=yesterday&beforeId=x"))).status).toBe(400);

    expect((await callRoute(inbox.action, user.post("/notifications", { intent: "read-all" }))).status).toBe(303);
    expect(await withTenant(tenantOf(org, finance), (tx) => unreadCount(tx, finance.userId))).toBe(0);

    const prefs = (await callRoute(settings.loader, user.get("/settings/notifications"))).data as Awaited<ReturnType<typeof settings.loader>>;
    const fields = Object.fromEntries(prefs.preferences.map((p) => [p.kind, p.channel]));
    expect(fields.approval_requested).toBe("email_now");
    const bad = await callRoute(settings.action, user.post("/settings/notifications", { ...fields, approval_requested: "sometimes" }));
    expect(bad.status).toBe(400);
    expect((bad.data as { errors: Record<string, string[]> }).errors.approval_requested).toEqual(["Choose how to be told of this event"]);
    const saved = await callRoute(settings.action, user.post("/settings/notifications", { ...fields, approval_requested: "digest" }));
    expect(saved.status).toBe(303);
    const [row] = await owner`select channel from notification_preferences where user_id = ${finance.userId} and kind = 'approval_requested'`;
    expect(row.channel).toBe("digest");
  });
});
