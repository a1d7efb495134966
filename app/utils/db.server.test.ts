import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { organizations } from "@db/schema";
import { withSystem, withTenant } from "./db.server";
import { requestScope } from "./logger.server";
import { queryRows } from "~/utils/db.server";

const [summit, harbor] = DEMO_ORGANIZATIONS;
const settings = sql`select current_setting('app.organization_id', true) as org,
  current_setting('app.user_id', true) as "user", current_setting('app.request_id', true) as request, current_user as role`;

describe("withTenant", () => {
  it("sets organization, user and request id for its transaction only, as the app role", async () => {
    const userId = "00000000-0000-4000-8000-00000000abcd";
    const [inside] = await withTenant({ organizationId: summit.id, userId, requestId: "req-123" }, (tx) => queryRows(tx, settings));
    expect(inside).toEqual({ org: summit.id, user: userId, request: "req-123", role: "secg_app" });
    const [after] = await withSystem((tx) => queryRows(tx, settings));
    expect(after.org ?? "").toBe("");
    expect(after.user ?? "").toBe("");
  });

  it("takes the request id from the request scope when none is given", async () => {
    const [row] = await requestScope.run({ requestId: "req-from-scope" }, () =>
      withTenant({ organizationId: summit.id }, (tx) => queryRows(tx, settings)),
    );
    expect(row.request).toBe("req-from-scope");
  });

  it("sets a request id with quotes and backslashes verbatim (the settings travel as literals with BEGIN)", async () => {
    const requestId = String.raw`req'); select pg_sleep(1); --\'$$`;
    const [row] = await withTenant({ organizationId: summit.id, requestId }, (tx) => queryRows(tx, settings));
    expect(row.request).toBe(requestId);
    expect(row.org).toBe(summit.id);
  });

  it("shows each tenant only its own organization row", async () => {
    await seedDemo();
    const seen = await withTenant({ organizationId: harbor.id }, (tx) => tx.select({ id: organizations.id }).from(organizations));
    expect(seen).toEqual([{ id: harbor.id }]);
    expect(await withSystem((tx) => tx.select().from(organizations))).toEqual([]);
  });

  it("refuses a malformed tenant id before touching the database", async () => {
    await expect(withTenant({ organizationId: "1 or 1=1" }, async () => "ran")).rejects.toThrow(/organizationId/i);
  });

  it("rolls back everything when the callback throws", async () => {
    const slug = `rollback-${Date.now()}`;
    const id = "00000000-0000-4000-8000-00000000beef";
    await expect(
      withTenant({ organizationId: id }, async (tx) => {
        await tx.insert(organizations).values({ id, name: "Temp", slug });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const rows = await withTenant({ organizationId: id }, (tx) => tx.select().from(organizations));
    expect(rows).toEqual([]);
  });
});
