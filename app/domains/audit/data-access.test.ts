import { randomUUID } from "node:crypto";
import type { SqlClient } from "@db/sql-client";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { loader as apAgingExport } from "~/domains/payables/routes/payables-aging-export";
import { loader as payablesExport } from "~/domains/payables/routes/payables-export";
import { loader as apAging } from "~/domains/payables/routes/payables-aging";
import { loader as wip } from "~/domains/wip/routes/wip";
import { recordDataAccess, recordedBatches } from "~/utils/data-access.server";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { requestScope } from "~/utils/logger.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { loader as accessLog } from "./routes/audit-access";
import { loader as accessLogExport } from "./routes/audit-access-export";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let finance: TestMember;
let user: SignedIn;
let outsider: SignedIn;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "data-access");
  other = await financeOrganization(owner, "data-access-other");
  finance = await org.addMember("finance");
  user = await signIn(finance.email, { organizationId: org.organizationId });
  outsider = await signIn(other.owner.email, { organizationId: other.organizationId });
});
afterAll(() => owner.end());

const eventsOf = (requestId: string) =>
  owner`select organization_id, actor_user_id, view, format, filters, row_count, request_id, ip from data_access_events where request_id = ${requestId}`;

/** Calls a loader inside a request scope (as server.ts does), so its request id reaches the event. */
async function inRequest(requestId: string, call: () => Promise<{ status: number; data: unknown }>) {
  const out = await requestScope.run({ requestId, ip: "198.51.100.9" }, call);
  if (out.data instanceof Response && out.data.body) await out.data.arrayBuffer(); // a download ends when it is read
  return out;
}

describe("the logs' newest-first order", () => {
  it("is read from an index, not by sorting every event of the organization", async () => {
    for (const table of ["data_access_events", "audit_events"]) {
      const plan = await withTenant({ organizationId: org.organizationId }, async (tx) => {
        await tx.execute(sql`set local enable_sort = off`);
        const rows = await queryRows<{ "QUERY PLAN": string }>(
          tx,
          sql.raw(`explain select id from ${table} order by occurred_at desc nulls last, id desc limit 51`),
        );
        return rows.map((r) => r["QUERY PLAN"]).join("\n");
      });
      expect(plan, table).toMatch(/Index (Only )?Scan/);
      expect(plan, table).not.toMatch(/Sort/);
    }
  });
});

describe("recordDataAccess", () => {
  it("lets a read commit without waiting for the WAL flush, but not a transaction that wrote before it", async () => {
    const setting = (tx: Tx) => queryRows<{ value: string }>(tx, sql`select current_setting('synchronous_commit') as value`).then(([row]) => row.value);
    const access = { view: "wip", format: "page", rowCount: 1 } as const;
    const tenant = { organizationId: org.organizationId, userId: finance.userId };
    const read = await withTenant(tenant, async (tx) => {
      await recordDataAccess(tx, access);
      return setting(tx);
    });
    expect(read).toBe("off");
    const wrote = await withTenant(tenant, async (tx) => {
      await tx.execute(sql`update organizations set name = name where id = ${org.organizationId}`);
      await recordDataAccess(tx, access);
      return setting(tx);
    });
    expect(wrote).toBe("on");
  });

  it("writes exactly one event with actor, view, filters, row count and request id from the transaction", async () => {
    const requestId = `req-da-${randomUUID()}`;
    await withTenant({ organizationId: org.organizationId, userId: finance.userId, requestId }, (tx) =>
      recordDataAccess(tx, { view: "ap_aging", format: "xlsx", filters: { asOf: "2025-06-30", party: "Acme\u0000 Co", empty: "" }, rowCount: 12 }),
    );
    expect(await eventsOf(requestId)).toEqual([
      {
        organization_id: org.organizationId,
        actor_user_id: finance.userId,
        view: "ap_aging",
        format: "xlsx",
        filters: { asOf: "2025-06-30", party: "Acme Co" },
        row_count: 12,
        request_id: requestId,
        ip: null,
      },
    ]);
  });

  it("is append-only for the app role: update and delete are refused (42501)", async () => {
    const ctx = { organizationId: org.organizationId, userId: finance.userId };
    const denied = { cause: { code: "42501" } };
    await expect(withTenant(ctx, (tx) => queryRows(tx, sql`update data_access_events set row_count = 0 returning id`))).rejects.toMatchObject(denied);
    await expect(withTenant(ctx, (tx) => queryRows(tx, sql`delete from data_access_events returning id`))).rejects.toMatchObject(denied);
  });

  it("a streamed download records the rows handed out, also when the client stops early", async () => {
    const requestId = `req-da-${randomUUID()}`;
    const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: org.organizationId, userId: finance.userId, requestId }, fn);
    async function* threeBatches() {
      for (let i = 0; i < 3; i++) yield [{ n: i }, { n: i }];
    }
    for await (const batch of recordedBatches(run, { view: "payables", format: "xlsx" }, threeBatches())) if (batch[0].n === 1) break;
    expect((await eventsOf(requestId)).map((e) => e.row_count)).toEqual([4]);
  });
});

describe("reads of financial views are recorded", () => {
  it("viewing the WIP schedule records one page event with the sort and its row count", async () => {
    const requestId = `req-da-${randomUUID()}`;
    const out = await inRequest(requestId, () => callRoute(wip, user.get("/wip?sort=project&dir=asc")));
    expect(out.status).toBe(200);
    const rows = (out.data as { rows: unknown[] }).rows;
    expect(rows.length).toBeGreaterThan(0);
    expect(await eventsOf(requestId)).toEqual([
      expect.objectContaining({ organization_id: org.organizationId, actor_user_id: finance.userId, view: "wip", format: "page", filters: { sort: "project asc" }, row_count: rows.length, ip: "198.51.100.9" }),
    ]);
  });

  it("viewing AP aging and downloading it record one event each with the as-of date", async () => {
    const viewed = `req-da-${randomUUID()}`;
    expect((await inRequest(viewed, () => callRoute(apAging, user.get("/payables/aging?asOf=2025-06-30")))).status).toBe(200);
    expect(await eventsOf(viewed)).toEqual([expect.objectContaining({ view: "ap_aging", format: "page", filters: { asOf: "2025-06-30" }, row_count: 0 })]);
    const downloaded = `req-da-${randomUUID()}`;
    expect((await inRequest(downloaded, () => callRoute(apAgingExport, user.get("/payables/aging/export.xlsx?asOf=2025-06-30")))).status).toBe(200);
    expect(await eventsOf(downloaded)).toEqual([expect.objectContaining({ view: "ap_aging", format: "xlsx", filters: { asOf: "2025-06-30" } })]);
  });

  it("a streamed Excel export records one event with its filters once the download has been read", async () => {
    const requestId = `req-da-${randomUUID()}`;
    const out = await inRequest(requestId, () => callRoute(payablesExport, user.get("/payables/export.xlsx?f.vendor=concrete")));
    expect(out.status).toBe(200);
    expect(await eventsOf(requestId)).toEqual([
      expect.objectContaining({ view: "payables", format: "xlsx", filters: { vendor: "concrete", sort: "invoiceDate desc" }, row_count: 0, actor_user_id: finance.userId }),
    ]);
  });
});

describe("the data access log", () => {
  it("lists the organization's events to members with the audit permission, and exports them", async () => {
    const requestId = `req-da-${randomUUID()}`;
    await inRequest(requestId, () => callRoute(wip, user.get("/wip")));
    const out = await callRoute(accessLog, user.get(`/audit/access?f.requestId=${requestId}`));
    expect(out.status).toBe(200);
    const rows = (out.data as { page: { rows: Record<string, unknown>[] } }).page.rows;
    expect(rows).toEqual([expect.objectContaining({ view: "wip", format: "page", actor: expect.stringContaining(finance.email), requestId })]);
    const exported = await callRoute(accessLogExport, user.get(`/audit/access/export.xlsx?f.requestId=${requestId}`));
    expect(exported.status).toBe(200);
    expect((exported.data as Response).headers.get("Content-Type")).toContain("spreadsheetml");
  });

  it("a member of another organization never sees them; a member without the audit permission is refused", async () => {
    const requestId = `req-da-${randomUUID()}`;
    await inRequest(requestId, () => callRoute(wip, user.get("/wip")));
    const seen = async (who: SignedIn) => {
      const out = await callRoute(accessLog, who.get(`/audit/access?f.requestId=${requestId}`));
      expect(out.status).toBe(200);
      return (out.data as { page: { rows: unknown[] } }).page.rows.length;
    };
    expect(await seen(user)).toBe(1);
    expect(await seen(outsider)).toBe(0);
    const viewer = await org.addMember("viewer");
    const signedIn = await signIn(viewer.email, { organizationId: org.organizationId });
    expect((await callRoute(accessLog, signedIn.get("/audit/access"))).status).toBe(403);
  });
});
