import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { createObservation, createPunchItem, PunchRefused, punchItemsFromSource } from "./punch.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let pm: TestMember;
let field: TestMember;
let vendorId: string;

beforeAll(async () => {
  owner = ownerConnection();
  [org, other] = [await financeOrganization(owner, "punch"), await financeOrganization(owner, "punch-other")];
  [pm, field] = [await org.addMember("project_manager"), await org.addMember("field")];
  [{ id: vendorId }] = await owner`select id from vendors where organization_id = ${org.organizationId} limit 1`;
});
afterAll(() => owner.end());

const as = <T>(member: TestMember, fn: Parameters<typeof withTenant<T>>[1]) => withTenant(tenantOf(org, member), fn);
const events = async (id: string) => (await owner`select action, from_status, to_status, comment from punch_item_events where punch_item_id = ${id} order by at, action`).map((r) => ({ ...r }));
const audits = async (type: string, id: string) => (await owner`select action from audit_events where entity_type = ${type} and entity_id = ${id}`).map((r) => r.action as string).sort();

describe("creating punch items and observations", () => {
  it("numbers items per project, records the source, the history row, the audit row and notifies the assignee", async () => {
    const answerId = randomUUID();
    const first = await as(field, (tx) =>
      createPunchItem(tx, { projectId: org.projectId, title: "Touch up paint at door 204 frame", vendorId, assigneeUserId: pm.userId, location: "Level 2, door 204", source: { kind: "inspection_answer", id: answerId } }),
    );
    const second = await as(field, (tx) => createPunchItem(tx, { projectId: org.projectId, title: "Missing cover plate, room 118" }));
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: "open", priority: "normal", sourceKind: "inspection_answer", sourceId: answerId, createdBy: field.userId, vendorId, version: 1 });
    expect(await events(first.id)).toEqual([{ action: "created", from_status: null, to_status: "open", comment: "" }]);
    expect(await audits("punch_item", first.id)).toEqual(["created"]);
    const notes = await owner`select kind, link from notifications where recipient_id = ${pm.userId} and record_id = ${first.id}`;
    expect(notes).toEqual([{ kind: "punch_item_assigned", link: `/projects/${org.projectId}/punch/${first.id}` }]);
    expect((await as(pm, (tx) => punchItemsFromSource(tx, { kind: "inspection_answer", id: answerId }))).map((i) => i.id)).toEqual([first.id]);
  });

  it("refuses another organization's project, vendor or a non-member assignee", async () => {
    await expect(as(pm, (tx) => createPunchItem(tx, { projectId: other.projectId, title: "Nope" }))).rejects.toThrow(RecordNotFound);
    const [foreignVendor] = await owner`select id from vendors where organization_id = ${other.organizationId} limit 1`;
    await expect(as(pm, (tx) => createPunchItem(tx, { projectId: org.projectId, title: "Nope", vendorId: foreignVendor.id }))).rejects.toThrow(PunchRefused);
    await expect(as(pm, (tx) => createPunchItem(tx, { projectId: org.projectId, title: "Nope", assigneeUserId: other.owner.userId }))).rejects.toThrow(PunchRefused);
    await expect(as(pm, (tx) => createPunchItem(tx, { projectId: org.projectId, title: " " }))).rejects.toThrow(/what needs fixing/);
  });

  it("creates numbered observations with their audit row", async () => {
    const first = await as(field, (tx) => createObservation(tx, { projectId: org.projectId, kind: "safety", severity: "high", description: "Open floor penetration at grid C4, no cover" }));
    const second = await as(field, (tx) => createObservation(tx, { projectId: org.projectId, kind: "housekeeping", description: "Debris in stair 2" }));
    expect(second.number).toBe(first.number + 1);
    expect(first).toMatchObject({ status: "open", kind: "safety", severity: "high", createdBy: field.userId });
    expect(second.severity).toBe("medium");
    expect(await audits("observation", first.id)).toEqual(["created"]);
  });
});
