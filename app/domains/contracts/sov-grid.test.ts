import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { costCodes } from "@db/schema";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, useDevelopmentCookies, type SignedIn } from "../../../tests/support/route-requests";
import { billingProject } from "../receivables/billing-test-fixtures";
import { createPayApplication } from "../receivables/pay-app-workflow.server";
import { findContract } from "./contracts.server";
import * as contractRoute from "./routes/contract";
import { listSovLines } from "./sov.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: Awaited<ReturnType<typeof billingProject>>;
let boss: SignedIn;
let costCodeId: string;

useDevelopmentCookies();
beforeAll(async () => {
  owner = ownerConnection();
  org = await billingProject("sov-grid");
  boss = await signIn(org.email);
  costCodeId = await org.run(async (tx) => (await tx.insert(costCodes).values({ organizationId: org.organizationId, code: "97-1000", name: "Grid sitework" }).returning())[0].id);
}, 60_000);
afterAll(() => owner.end());

const path = () => `/projects/${org.projectId}/contract`;
const lines = () => org.run(async (tx) => (await listSovLines(tx, (await findContract(tx, org.projectId))!.id)).map((l) => [l.lineNumber, l.description, l.scheduledValue]));
const version = () => org.run(async (tx) => (await findContract(tx, org.projectId))!.version);

/** The grid as the page posts it: `rows` in order, each a map of cells. */
async function postGrid(rows: Record<string, string>[], at?: number) {
  const fields: Record<string, string> = { intent: "save-sov", version: String(at ?? (await version())) };
  rows.forEach((row, i) => Object.entries(row).forEach(([key, value]) => (fields[`lines[${i}].${key}`] = value)));
  return callRoute(contractRoute.action, boss.post(path(), fields), { projectId: org.projectId });
}
const lineIds = () => org.run(async (tx) => (await listSovLines(tx, (await findContract(tx, org.projectId))!.id)).map((l) => l.id));

describe("schedule of values grid", () => {
  it("saves edits, new lines and blank rows in one post, with audit rows", async () => {
    const [structure, finishes] = await lineIds();
    const before = await version();
    const saved = await postGrid([
      { lineId: structure, description: "Structure and frame", scheduledValue: "55,000.00" },
      { lineId: finishes, description: "Finishes", scheduledValue: "40,000.00" },
      { description: "Sitework", costCodeId, scheduledValue: "4,999.99" },
      { description: "Cleanup", scheduledValue: "0.01" },
      {},
      { description: "", scheduledValue: "" },
    ]);
    expect(saved.status).toBe(303);
    expect(await lines()).toEqual([
      [1, "Structure and frame", "55000.00"],
      [2, "Finishes", "40000.00"],
      [3, "Sitework", "4999.99"],
      [4, "Cleanup", "0.01"],
    ]);
    expect(await version()).toBe(before + 1);
    const audits = await owner`select action from audit_events where organization_id = ${org.organizationId} and entity_type = 'sov_line' and action in ('updated', 'created') order by occurred_at, id`;
    // two lines from the fixture, then this post: one update (Finishes unchanged) and two new lines
    expect(audits.map((a) => a.action).sort()).toEqual(["created", "created", "created", "created", "updated"]);
  });

  it("one bad cell refuses the whole post with its message under that cell: nothing is saved", async () => {
    const [structure, finishes, sitework, cleanup] = await lineIds();
    const before = { lines: await lines(), version: await version() };
    const refused = await postGrid([
      { lineId: structure, description: "Structure", scheduledValue: "60,000.00" },
      { lineId: finishes, description: "Finishes", scheduledValue: "12.345" },
      { lineId: sitework, description: "Sitework", costCodeId, scheduledValue: "4,999.99" },
      { lineId: cleanup, description: "", scheduledValue: "9.00" },
    ]);
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors).toEqual({
      "lines[1].scheduledValue": [expect.stringContaining("two decimals")],
      "lines[3].description": ["Enter a description"],
    });

    // valid as typed, but the service finds an inactive cost code: refused under that cell, the other edit not saved either
    await owner`update cost_codes set active = false where id = ${costCodeId}`;
    const inactive = await postGrid([
      { lineId: structure, description: "Structure", scheduledValue: "60,000.00" },
      { lineId: sitework, description: "Sitework", costCodeId, scheduledValue: "4,999.99" },
    ]);
    await owner`update cost_codes set active = true where id = ${costCodeId}`;
    expect(inactive.status).toBe(400);
    expect(inactive.fieldErrors).toEqual({ "lines[1].costCodeId": ["Choose an active cost code."] });
    expect({ lines: await lines(), version: await version() }).toEqual(before);
  });

  it("a post from a stale page is refused with 409 and changes nothing", async () => {
    const [structure] = await lineIds();
    const before = await lines();
    const stale = await postGrid([{ lineId: structure, description: "Structure", scheduledValue: "1.00" }], (await version()) - 1);
    expect(stale.status).toBe(409);
    expect(stale.formErrors.join(" ")).toContain("Someone else changed this contract");
    expect(await lines()).toEqual(before);
  });

  it("deletes a line ticked or cleared; a line on a pay application stays, refused under its Delete box", async () => {
    const [structure, finishes, sitework, cleanup] = await lineIds();
    const deleted = await postGrid([
      { lineId: structure, description: "Structure", scheduledValue: "55,000.00" },
      { lineId: finishes, description: "Finishes", scheduledValue: "40,000.00" },
      { lineId: sitework, description: "Sitework", scheduledValue: "4,999.99", remove: "on" },
      { lineId: cleanup },
      { description: "Sitework", scheduledValue: "5,000.00" },
    ]);
    expect(deleted.status).toBe(303);
    expect(await lines()).toEqual([
      [1, "Structure", "55000.00"],
      [2, "Finishes", "40000.00"],
      [3, "Sitework", "5000.00"],
    ]);

    await org.run((tx) => createPayApplication(tx, org.projectId, { periodEnd: "2026-01-31", applicationDate: "2026-01-31", dueDate: "2026-02-28", createdBy: org.userId }));
    const [, billedFinishes] = await lineIds();
    const refused = await postGrid([{ lineId: billedFinishes, description: "Finishes", scheduledValue: "40,000.00", remove: "on" }]);
    expect(refused.status).toBe(400);
    expect(refused.fieldErrors).toEqual({ "lines[0].remove": ["Line 2 is on a pay application: it can no longer be deleted."] });
    expect((await lines()).length).toBe(3);
  });
});
