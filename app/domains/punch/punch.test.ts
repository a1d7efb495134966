import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { extractText, getDocumentProxy } from "unpdf";
import { parseTableQuery } from "~/utils/data-table";
import { closeObservation, convertObservation } from "./observations.server";
import { openPunchForVendor } from "./punch-detail.server";
import { vendorPunchDocument } from "./punch-pdf-document.server";
import { renderVendorPunchPdf } from "./punch-pdf.server";
import { listPunchItems, listVendorPunchItems } from "./punch-list.server";
import { bulkAssignPunchItems, transitionPunchItem, updatePunchItem } from "./punch-workflow.server";
import { createObservation, createPunchItem, PunchConflict, PunchRefused, punchItemsFromSource, type PunchItem } from "./punch.server";
import { punchItemsTable, vendorPunchTable } from "./punch.table";

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

const newItem = (title: string, extra: Record<string, unknown> = {}) => as(field, (tx) => createPunchItem(tx, { projectId: org.projectId, title, vendorId, ...extra }));
const move = (member: TestMember, item: { id: string; version: number }, intent: "submit" | "close" | "not_accept" | "reopen", comment = "") =>
  as(member, (tx) => transitionPunchItem(tx, { itemId: item.id, version: item.version, intent, comment }));

describe("the punch item lifecycle", () => {
  it("open → ready → not accepted (with the reason) → ready → closed → reopened, with history and audit rows", async () => {
    const item = await newItem("Patch drywall around sprinkler head");
    const ready = await move(field, item, "submit", "Done, please check.");
    expect(ready).toMatchObject({ status: "ready_for_review", version: 2 });
    const back = await move(pm, ready, "not_accept", "Still visible under the light");
    expect(back).toMatchObject({ status: "open", notAcceptedCount: 1, version: 3 });
    const again = await move(field, back, "submit");
    const closed = await move(pm, again, "close");
    expect(closed).toMatchObject({ status: "closed", closedBy: pm.userId });
    expect(closed.closedAt).toBeInstanceOf(Date);
    const reopened = await move(pm, closed, "reopen", "Paint cracked again");
    expect(reopened).toMatchObject({ status: "open", closedBy: null, closedAt: null, notAcceptedCount: 1 });
    expect((await events(item.id)).map((e) => [e.action, e.from_status, e.to_status, e.comment])).toEqual([
      ["created", null, "open", ""],
      ["submitted", "open", "ready_for_review", "Done, please check."],
      ["not_accepted", "ready_for_review", "open", "Still visible under the light"],
      ["submitted", "open", "ready_for_review", ""],
      ["closed", "ready_for_review", "closed", ""],
      ["reopened", "closed", "open", "Paint cracked again"],
    ]);
    expect(await audits("punch_item", item.id)).toEqual(["closed", "created", "not_accepted", "reopened", "submitted", "submitted"]);
  });

  it("refuses the steps the status does not allow, with clear messages, and writes nothing", async () => {
    const item = await newItem("Missing cover plate, room 118");
    await expect(move(pm, item, "close")).rejects.toThrow(/not ready for review yet/);
    await expect(move(pm, item, "not_accept", "nope")).rejects.toThrow(/only an item waiting for review/);
    await expect(move(pm, item, "reopen", "why")).rejects.toThrow(/only a closed item can be reopened/);
    const ready = await move(field, item, "submit");
    await expect(move(field, ready, "submit")).rejects.toThrow(/already waiting for review/);
    const closed = await move(pm, ready, "close");
    await expect(move(field, closed, "submit")).rejects.toThrow(/closed: reopen it first/);
    await expect(move(pm, closed, "close")).rejects.toThrow(PunchConflict);
    await expect(as(field, (tx) => updatePunchItem(tx, { ...closed, itemId: closed.id, vendorId: undefined, assigneeUserId: undefined, dueDate: undefined }))).rejects.toThrow(/reopen it before changing/);
    expect((await events(item.id)).map((e) => e.action)).toEqual(["created", "submitted", "closed"]);
  });

  it("not accepted and reopen need a comment", async () => {
    const ready = await move(field, await newItem("Ceiling tile stained"), "submit");
    await expect(move(pm, ready, "not_accept", "  ")).rejects.toThrow(PunchRefused);
    const closed = await move(pm, ready, "close");
    await expect(move(pm, closed, "reopen")).rejects.toThrow(/Say why the item is reopened/);
  });

  it("refuses a stale version (two people acting on the same item: one wins)", async () => {
    const item = await newItem("Thermostat cover missing");
    const results = await Promise.allSettled([move(field, item, "submit"), move(pm, item, "submit")]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const failed = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(failed.reason)).toMatch(/already waiting for review|Someone else changed/);
    const edited = { title: "Thermostat cover", description: "", location: "", drawingRef: "", trade: "", priority: "normal" as const };
    await expect(as(field, (tx) => updatePunchItem(tx, { ...edited, itemId: item.id, version: item.version }))).rejects.toThrow(/Someone else changed this item/);
  });

  it("an edit that changes the assignee records an assignment and notifies the new assignee", async () => {
    const item = await newItem("Caulk gap at window sill");
    const edit = { itemId: item.id, version: item.version, title: item.title, description: "", location: "Level 3, room 310", drawingRef: "A-301", trade: "Sealants", priority: "high" as const };
    const after = await as(field, (tx) => updatePunchItem(tx, { ...edit, vendorId, assigneeUserId: pm.userId, dueDate: "2026-12-24" }));
    expect(after).toMatchObject({ version: 2, assigneeUserId: pm.userId, dueDate: "2026-12-24", priority: "high" });
    const history = await events(item.id);
    expect(history.at(-1)).toMatchObject({ action: "assigned", from_status: "open", to_status: "open" });
    expect(history.at(-1)!.comment).toMatch(/^Assigned to .+ · punch Concrete Co · due 2026-12-24$/);
    expect(await owner`select id from notifications where record_id = ${item.id} and recipient_id = ${pm.userId}`).toHaveLength(1);
  });
});

describe("bulk assignment", () => {
  let items: PunchItem[];
  beforeAll(async () => {
    items = [await newItem("Bulk one"), await newItem("Bulk two"), await newItem("Bulk three")];
  });

  it("assigns every ticked item in one transaction, audited and notified per item", async () => {
    const done = await as(field, (tx) => bulkAssignPunchItems(tx, { projectId: org.projectId, itemIds: items.slice(0, 2).map((i) => i.id), assigneeUserId: pm.userId, dueDate: "2026-12-31" }));
    expect(done.map((i) => [i.assigneeUserId, i.dueDate, i.vendorId, i.version])).toEqual([
      [pm.userId, "2026-12-31", vendorId, 2],
      [pm.userId, "2026-12-31", vendorId, 2],
    ]);
    for (const i of items.slice(0, 2)) expect(await audits("punch_item", i.id)).toEqual(["assigned", "created"]);
    expect(await owner`select id from notifications where record_id = any(${items.slice(0, 2).map((i) => i.id)}) and kind = 'punch_item_assigned'`).toHaveLength(2);
  });

  it("one unknown, foreign or closed item refuses them all and changes nothing", async () => {
    const [foreign] = await owner`insert into punch_items (organization_id, project_id, number, title) values (${other.organizationId}, ${other.projectId}, 1, 'Theirs') returning id`;
    for (const bad of [randomUUID(), foreign.id as string]) {
      await expect(as(field, (tx) => bulkAssignPunchItems(tx, { projectId: org.projectId, itemIds: [items[2].id, bad], assigneeUserId: field.userId }))).rejects.toThrow(PunchRefused);
    }
    const closed = await move(pm, await move(field, await newItem("Bulk closed"), "submit"), "close");
    await expect(as(field, (tx) => bulkAssignPunchItems(tx, { projectId: org.projectId, itemIds: [items[2].id, closed.id], assigneeUserId: field.userId }))).rejects.toThrow(/closed: reopen before assigning/);
    const [untouched] = await owner`select version, assignee_user_id from punch_items where id = ${items[2].id}`;
    expect(untouched).toEqual({ version: 1, assignee_user_id: null });
  });
});

describe("lists, the vendor's open items, the PDF and the export", () => {
  it("filters by status, vendor, overdue; the vendor list spans projects and leaves closed items out", async () => {
    await newItem("Overdue grout", { location: "Level 1, room 112", dueDate: "2020-01-02" });
    const query = (params: string) => parseTableQuery(punchItemsTable, new URLSearchParams(params));
    const overdue = await as(pm, (tx) => listPunchItems(tx, org.projectId, query("f.overdue=yes")));
    expect(overdue.rows.map((r) => r.title)).toEqual(["Overdue grout"]);
    const closed = await as(pm, (tx) => listPunchItems(tx, org.projectId, query("f.status=closed")));
    expect(closed.rows.every((r) => r.status === "closed")).toBe(true);
    const vendorList = await as(pm, (tx) => listVendorPunchItems(tx, vendorId, parseTableQuery(vendorPunchTable, new URLSearchParams())));
    expect(vendorList.rows.length).toBeGreaterThan(0);
    expect(vendorList.rows.some((r) => r.status === "closed")).toBe(false);
  });

  it("the retainage release warning counts the vendor's items still open on the project and links the filtered list", async () => {
    const warning = await as(pm, (tx) => openPunchForVendor(tx, org.projectId, vendorId));
    const [{ n }] = await owner`select count(*)::int as n from punch_items where project_id = ${org.projectId} and vendor_id = ${vendorId} and status <> 'closed'`;
    expect(warning.count).toBe(n);
    expect(warning.href).toBe(`/projects/${org.projectId}/punch?f.status=not_closed&f.vendor=punch%20Concrete%20Co`);
    expect(await as(pm, (tx) => openPunchForVendor(tx, other.projectId, vendorId))).toEqual({ count: 0, href: `/projects/${other.projectId}/punch?f.status=not_closed&f.vendor=punch%20Concrete%20Co` });
  });

  it("the PDF lists the vendor's open items grouped by location, with the letterhead and a signature line", async () => {
    const doc = await as(pm, (tx) => vendorPunchDocument(tx, org.projectId, vendorId));
    const pdf = await renderVendorPunchPdf(doc);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = (await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true })).text.replace(/\s+/g, " ");
    for (const words of ["Punch list", "punch Concrete Co", "Level 1, room 112", "Overdue grout", "(overdue)", "Subcontractor sign-off", "Signature", "Page 1 of"]) expect(text).toContain(words);
    expect(text).not.toContain("Bulk closed");
  });
});

describe("observations", () => {
  it("close needs the version; convert makes one punch item with the observation as source, once", async () => {
    const o = await as(field, (tx) => createObservation(tx, { projectId: org.projectId, kind: "quality", severity: "critical", description: "Conduit not supported near box\nSee photo", location: "Room 118", vendorId }));
    const { item, observation } = await as(field, (tx) => convertObservation(tx, { projectId: org.projectId, observationId: o.id, version: o.version }));
    expect(item).toMatchObject({ title: "Conduit not supported near box", priority: "critical", sourceKind: "observation", sourceId: o.id, location: "Room 118" });
    expect(observation).toMatchObject({ punchItemId: item.id, version: 2 });
    await expect(as(field, (tx) => convertObservation(tx, { projectId: org.projectId, observationId: o.id, version: 2 }))).rejects.toThrow(/already converted/);
    await expect(as(field, (tx) => closeObservation(tx, { projectId: org.projectId, observationId: o.id, version: 1, correctiveAction: "Fixed" }))).rejects.toThrow(/Someone else changed/);
    const closed = await as(field, (tx) => closeObservation(tx, { projectId: org.projectId, observationId: o.id, version: 2, correctiveAction: "Strapped the conduit" }));
    expect(closed).toMatchObject({ status: "closed", correctiveAction: "Strapped the conduit", closedBy: field.userId });
    expect(await audits("observation", o.id)).toEqual(["closed", "converted", "created"]);
  });
});
