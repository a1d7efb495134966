import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, useDevelopmentCookies, type SignedIn } from "../../../tests/support/route-requests";
import { transitionPunchItem } from "./punch-workflow.server";
import { createPunchItem, type PunchItem } from "./punch.server";
import * as exportRoute from "./routes/punch-export";
import * as itemRoute from "./routes/punch-item";
import * as listRoute from "./routes/punch-list";
import * as newRoute from "./routes/punch-new";
import * as pdfRoute from "./routes/punch-vendor-pdf";
import * as observationRoute from "./routes/observation";
import type { SqlClient } from "@db/sql-client";

useDevelopmentCookies();

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let pm: TestMember;
let field: TestMember;
let asPm: SignedIn;
let asField: SignedIn;
let asOther: SignedIn;
let vendorId: string;

beforeAll(async () => {
  owner = ownerConnection();
  [org, other] = [await financeOrganization(owner, "punch-routes"), await financeOrganization(owner, "punch-routes-b")];
  [pm, field] = [await org.addMember("project_manager"), await org.addMember("field")];
  [asPm, asField, asOther] = [
    await signIn(pm.email, { organizationId: org.organizationId }),
    await signIn(field.email, { organizationId: org.organizationId }),
    await signIn(other.owner.email, { organizationId: other.organizationId }),
  ];
  [{ id: vendorId }] = await owner`select id from vendors where organization_id = ${org.organizationId} limit 1`;
});
afterAll(() => owner.end());

const readyItem = async (title: string): Promise<PunchItem> =>
  withTenant(tenantOf(org, field), async (tx) => {
    const item = await createPunchItem(tx, { projectId: org.projectId, title, vendorId, location: "Level 2, room 204" });
    return transitionPunchItem(tx, { itemId: item.id, version: item.version, intent: "submit", comment: "" });
  });
const itemPath = (item: PunchItem) => `/projects/${org.projectId}/punch/${item.id}`;
const itemParams = (item: PunchItem) => ({ projectId: org.projectId, itemId: item.id });

describe("punch routes", () => {
  it("a field member creates an item and marks it ready, but may not close it (403); the PM closes it", async () => {
    const created = await callRoute(newRoute.action, asField.post(`/projects/${org.projectId}/punch/new`, { title: "Touch up paint at door 204 frame", priority: "normal", vendorId }), { projectId: org.projectId });
    expect(created.status).toBe(303);
    const item = await readyItem("Missing cover plate, room 118");
    const refused = await callRoute(itemRoute.action, asField.post(itemPath(item), { intent: "close", version: String(item.version) }), itemParams(item));
    expect(refused.status).toBe(403);
    const closed = await callRoute(itemRoute.action, asPm.post(itemPath(item), { intent: "close", version: String(item.version) }), itemParams(item));
    expect(closed).toMatchObject({ status: 303 });
    const [row] = await owner`select status from punch_items where id = ${item.id}`;
    expect(row.status).toBe("closed");
  });

  it("refusals are 400 (no comment) and 409 (wrong status or stale version) with the message", async () => {
    const item = await readyItem("Ceiling tile stained");
    const noComment = await callRoute(itemRoute.action, asPm.post(itemPath(item), { intent: "not_accept", version: String(item.version) }), itemParams(item));
    expect(noComment.status).toBe(400);
    expect(noComment.fieldErrors.comment).toEqual(["Say why the work is not accepted"]);
    const stale = await callRoute(itemRoute.action, asPm.post(itemPath(item), { intent: "close", version: String(item.version - 1) }), itemParams(item));
    expect(stale.status).toBe(409);
    expect(stale.formErrors[0]).toMatch(/Someone else changed this item/);
    const twice = await callRoute(itemRoute.action, asField.post(itemPath(item), { intent: "submit", version: String(item.version) }), itemParams(item));
    expect(twice.status).toBe(409);
    expect(twice.formErrors).toEqual(["P-" + String(item.number).padStart(3, "0") + " is already waiting for review."]);
  });

  it("another organization's project, item or vendor is a 404", async () => {
    const item = await readyItem("Grout missing at floor drain");
    expect((await callRoute(itemRoute.loader, asOther.get(itemPath(item)), itemParams(item))).status).toBe(404);
    expect((await callRoute(itemRoute.action, asOther.post(itemPath(item), { intent: "close", version: "2" }), itemParams(item))).status).toBe(404);
    expect((await callRoute(listRoute.loader, asOther.get(`/projects/${org.projectId}/punch`), { projectId: org.projectId })).status).toBe(404);
    // the other organization's own project, with this organization's item id
    const crossed = await callRoute(itemRoute.loader, asOther.get(`/projects/${other.projectId}/punch/${item.id}`), { projectId: other.projectId, itemId: item.id });
    expect(crossed.status).toBe(404);
    const pdf = await callRoute(pdfRoute.loader, asOther.get(`/projects/${other.projectId}/punch/vendors/${vendorId}.pdf`), { projectId: other.projectId, vendorFile: `${vendorId}.pdf` });
    expect(pdf.status).toBe(404);
    expect((await callRoute(observationRoute.loader, asOther.get(`/projects/${org.projectId}/observations/x`), { projectId: org.projectId, observationId: "x" })).status).toBe(404);
  });

  it("bulk assign posts once for the ticked items; the list links the vendor's PDF when filtered by vendor", async () => {
    const [a, b] = [await readyItem("Bulk A"), await readyItem("Bulk B")];
    const first = asField.post(`/projects/${org.projectId}/punch`, { intent: "bulk_assign", assigneeUserId: pm.userId, dueDate: "2026-12-30", itemIds: a.id });
    const fields = new URLSearchParams(await first.clone().text());
    fields.append("itemIds", b.id); // the second ticked box
    const posted = new Request(first.url, { method: "POST", body: fields, headers: first.headers });
    expect((await callRoute(listRoute.action, posted, { projectId: org.projectId })).status).toBe(303);
    const rows = await owner`select assignee_user_id, due_date::text as due from punch_items where id = any(${[a.id, b.id]})`;
    expect(rows.every((r) => r.assignee_user_id === pm.userId && r.due === "2026-12-30")).toBe(true);
    const [vendor] = await owner`select name from vendors where id = ${vendorId}`;
    const list = await callRoute(listRoute.loader, asPm.get(`/projects/${org.projectId}/punch?f.vendor=${encodeURIComponent(vendor.name)}`), { projectId: org.projectId });
    expect((list.data as { vendorId: string }).vendorId).toBe(vendorId);
    const pdf = await callRoute(pdfRoute.loader, asPm.get(`/projects/${org.projectId}/punch/vendors/${vendorId}.pdf`), { projectId: org.projectId, vendorFile: `${vendorId}.pdf` });
    expect((pdf.data as Response).headers.get("Content-Type")).toBe("application/pdf");
  });

  it("the Excel export writes labels, not keys", async () => {
    const answer = await callRoute(exportRoute.loader, asPm.get(`/projects/${org.projectId}/punch/export.xlsx?f.status=ready_for_review`), { projectId: org.projectId });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await (answer.data as Response).arrayBuffer()) as never);
    const sheet = book.worksheets[0];
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(["No.", "Item", "Location", "Subcontractor", "Trade", "Assignee", "Priority", "Status", "Due", "Overdue"]);
    const cells = new Set<unknown>();
    sheet.eachRow((row, n) => {
      if (n > 1) cells.add(`${String(row.getCell(7).value)}|${String(row.getCell(8).value)}`);
    });
    expect([...cells]).toEqual(["Normal|Ready for review"]);
  });
});
