/**
 * The column chooser, saved views and scheduled view exports through their routes and the cron
 * task's service: unknown columns refused, the choice remembered and exported, views private or
 * shared and only their owner's to change (audited), tenant isolation of the new tables, and a
 * schedule that renders the export as each recipient, once per period.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import type { SqlClient } from "@db/sql-client";
import { loader as budgetLoader } from "../budgets/routes/budget";
import { loader as budgetExport } from "../budgets/routes/budget-export";
import { runSchedule } from "./scheduled-export.server";
import { action as columnsAction } from "./routes/table-columns";
import { action as viewsAction, loader as viewsLoader } from "./routes/table-views";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let pm: TestMember;
let viewer: TestMember;
let field: TestMember;
let pmUser: SignedIn;
let viewerUser: SignedIn;
let budgetPath: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "views");
  other = await financeOrganization(owner, "views-other");
  [pm, viewer, field] = [await org.addMember("project_manager"), await org.addMember("viewer"), await org.addMember("field")];
  await owner`insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, original_amount)
    values (${org.organizationId}, ${org.projectId}, ${org.costCodeId}, ${org.costTypeId}, '1000.00'),
           (${org.organizationId}, ${org.projectId}, ${org.otherCostCodeId}, ${org.costTypeId}, '250.00')`;
  pmUser = await signIn(pm.email, { organizationId: org.organizationId });
  viewerUser = await signIn(viewer.email, { organizationId: org.organizationId });
  budgetPath = `/projects/${org.projectId}/budget`;
});
afterAll(() => owner.end());

const params = () => ({ projectId: org.projectId });
type BudgetData = { views: { columns: string[]; views: { name: string; href: string }[] }; query: { columns?: string[] | null } };

/** A form post with repeated fields (checkbox groups), as a browser sends it. */
async function postMany(user: SignedIn, path: string, fields: Record<string, string>, repeated: Record<string, string[]>) {
  const request = user.post(path, fields);
  const body = new URLSearchParams(await request.clone().text());
  for (const [name, values] of Object.entries(repeated)) for (const v of values) body.append(name, v);
  return new Request(request.url, { method: "POST", headers: request.headers, body });
}

async function headerOf(response: Response) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
  return (workbook.worksheets[0].getRow(1).values as unknown[]).slice(1);
}

describe("the column chooser", () => {
  it("refuses an unknown column in the URL with a 400 that names it", async () => {
    const refused = await callRoute(budgetLoader, pmUser.get(`${budgetPath}?cols=costCode,salary`), params());
    expect(refused.status).toBe(400);
    expect(await (refused.data as Response).text()).toMatch(/Unknown column "salary"/);
    expect((await callRoute(budgetExport, pmUser.get(`${budgetPath}/export.xlsx?cols=salary`), params())).status).toBe(400);
  });

  it("shows the defaults first, then remembers a choice per member and table; the export writes the same columns", async () => {
    const before = await callRoute(budgetLoader, pmUser.get(budgetPath), params());
    expect((before.data as BudgetData).views.columns.slice(0, 4)).toEqual(["costCode", "costType", "description", "revised"]);

    const chosen = await callRoute(
      columnsAction,
      pmUser.post("/table-views/columns", { tableId: "budget", returnTo: `${budgetPath}?sort=costCode&dir=asc`, current: "costCode,revised,eac", col: "costCode", "order.costCode": "1" }),
    );
    expect(chosen.status).toBe(303);
    expect(chosen.location).toBe(`${budgetPath}?sort=costCode&dir=asc&cols=costCode`);

    const moved = await callRoute(
      columnsAction,
      await postMany(pmUser, "/table-views/columns", { tableId: "budget", returnTo: budgetPath, current: "costCode", move: "overUnder:up" }, { col: ["costCode", "overUnder", "eac"] }),
    );
    expect(moved.location).toBe(`${budgetPath}?cols=costCode,overUnder,eac`);

    // reload without cols: the remembered choice; the viewer's own page keeps the defaults
    const again = (await callRoute(budgetLoader, pmUser.get(budgetPath), params())).data as BudgetData;
    expect(again.views.columns).toEqual(["costCode", "overUnder", "eac"]);
    expect(again.query.columns).toBeNull();
    expect(((await callRoute(budgetLoader, viewerUser.get(budgetPath), params())).data as BudgetData).views.columns).toHaveLength(20);

    const exported = await callRoute(budgetExport, pmUser.get(`${budgetPath}/export.xlsx`), params());
    expect(await headerOf(exported.data as Response)).toEqual(["Cost code", "Projected over/under", "Estimate at completion"]);
    const byUrl = await callRoute(budgetExport, viewerUser.get(`${budgetPath}/export.xlsx?cols=actual,costCode`), params());
    expect(await headerOf(byUrl.data as Response)).toEqual(["Actual cost", "Cost code"]);
  });

  it("refuses a chooser post for an unknown table, an unknown column or a foreign return page", async () => {
    expect((await callRoute(columnsAction, pmUser.post("/table-views/columns", { tableId: "salaries", returnTo: budgetPath, col: "x" }))).status).toBe(400);
    expect((await callRoute(columnsAction, pmUser.post("/table-views/columns", { tableId: "budget", returnTo: budgetPath, col: "salary" }))).status).toBe(400);
    expect((await callRoute(columnsAction, pmUser.post("/table-views/columns", { tableId: "budget", returnTo: "/payables", col: "costCode" }))).status).toBe(400);
  });
});

describe("saved views", () => {
  let viewId: string;

  it("a private view is its owner's; shared, every member who reads the table sees it in the views menu", async () => {
    const saved = await callRoute(viewsAction, pmUser.post("/table-views", { intent: "create", tableId: "budget", path: budgetPath, search: "sort=actual&dir=desc&after=xyz&cols=actual,costCode", name: "Overruns" }));
    expect(saved).toMatchObject({ status: 303 });
    expect(saved.location).toBe(`${budgetPath}?sort=actual&dir=desc&cols=actual,costCode`);
    const [row] = await owner`select id, shared, search from table_views where organization_id = ${org.organizationId} and name = 'Overruns'`;
    viewId = row.id;
    expect(row).toMatchObject({ shared: false, search: "sort=actual&dir=desc&cols=actual,costCode" });

    const menu = async (user: SignedIn) => ((await callRoute(budgetLoader, user.get(budgetPath), params())).data as BudgetData).views.views.map((v) => v.name);
    expect(await menu(pmUser)).toEqual(["Overruns"]);
    expect(await menu(viewerUser)).toEqual([]);

    const shared = await callRoute(viewsAction, pmUser.post("/table-views", { intent: "update", viewId, name: "Overruns by cost", shared: "on" }));
    expect(shared.status).toBe(303);
    expect(await menu(viewerUser)).toEqual(["Overruns by cost"]);
    // the shared URL applies for the other member: their page shows the view's columns
    const opened = (await callRoute(budgetLoader, viewerUser.get(`${budgetPath}?sort=actual&dir=desc&cols=actual,costCode`), params())).data as BudgetData;
    expect(opened.views.columns).toEqual(["actual", "costCode"]);
  });

  it("refuses a duplicate name, a bad column, and another member's rename or delete (404)", async () => {
    const duplicate = await callRoute(viewsAction, pmUser.post("/table-views", { intent: "create", tableId: "budget", path: budgetPath, search: "", name: "Overruns by cost" }));
    expect(duplicate.status).toBe(409);
    const badColumn = await callRoute(viewsAction, pmUser.post("/table-views", { intent: "create", tableId: "budget", path: budgetPath, search: "cols=nope", name: "Bad" }));
    expect(badColumn.status).toBe(409);
    expect((badColumn.data as { error: string }).error).toMatch(/Unknown column "nope"/);
    expect((await callRoute(viewsAction, viewerUser.post("/table-views", { intent: "delete", viewId }))).status).toBe(404);
    expect((await callRoute(viewsAction, viewerUser.post("/table-views", { intent: "update", viewId, name: "Mine now" }))).status).toBe(404);
    expect((await owner`select name from table_views where id = ${viewId}`)[0].name).toBe("Overruns by cost");
  });

  it("another organization neither sees nor touches the views (RLS), and each change is audited", async () => {
    const seen = await withTenant({ organizationId: other.organizationId }, (tx) => tx.execute("select count(*)::int as n from table_views"));
    expect(seen.rows[0]).toEqual({ n: 0 });
    const outsider = await signIn(other.owner.email, { organizationId: other.organizationId });
    expect((await callRoute(viewsAction, outsider.post("/table-views", { intent: "delete", viewId }))).status).toBe(404);
    const listed = (await callRoute(viewsLoader, outsider.get("/table-views"))).data as { views: unknown[] };
    expect(listed.views).toEqual([]);
    const actions = await owner`select action from audit_events where organization_id = ${org.organizationId} and entity_id = ${viewId} order by occurred_at`;
    expect(actions.map((a) => a.action)).toEqual(["table_view_created", "table_view_updated"]);
  });

  it("its owner deletes it", async () => {
    const [temp] = await owner`insert into table_views (organization_id, owner_user_id, table_id, path, name) values (${org.organizationId}, ${pm.userId}, 'budget', ${budgetPath}, 'Temp') returning id`;
    expect((await callRoute(viewsAction, pmUser.post("/table-views", { intent: "delete", viewId: temp.id }))).status).toBe(303);
    expect(await owner`select id from table_views where id = ${temp.id}`).toEqual([]);
  });
});

describe("a scheduled view", () => {
  it("mails each recipient the export as they see it, refuses one without access (with the reason), and sends once per period", async () => {
    const [view] = await owner`select id from table_views where organization_id = ${org.organizationId} and name = 'Overruns by cost'`;
    // the schedule form posts the recipients as repeated fields
    const saved = await callRoute(viewsAction, await postMany(pmUser, "/table-views", { intent: "schedule", viewId: view.id, frequency: "weekly", day: "1", time: "07:00" }, { recipients: [pm.userId, field.userId] }));
    expect(saved.status).toBe(303);
    const [schedule] = await owner`select id from table_view_schedules where view_id = ${view.id}`;
    const target = { organizationId: org.organizationId, scheduleId: schedule.id as string, timeZone: "America/New_York" };

    // Monday 06:30 in New York: not yet
    expect(await runSchedule(target, new Date("2026-12-07T11:30:00Z"))).toEqual([]);
    const outcomes = await runSchedule(target, new Date("2026-12-07T12:05:00Z"));
    expect(outcomes).toEqual([
      { recipientUserId: pm.userId, status: "sent" },
      { recipientUserId: field.userId, status: "refused", reason: expect.stringMatching(/may no longer see this table: it needs "See budgets/) },
    ]);
    const mails = await owner`select "to", attachment_key, attachment_name from outbound_emails where template = 'scheduled_view' and "to" in (${pm.email}, ${field.email})`;
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: pm.email, attachment_name: expect.stringMatching(/^budget-J-views-.*\.xlsx$/) });
    const file = await objectStorage().getBuffer(mails[0].attachment_key);
    expect(await headerOf(new Response(new Uint8Array(file)))).toEqual(["Actual cost", "Cost code"]);

    // a rerun in the same week sends nothing more; the owner reads why the field member got nothing
    expect((await runSchedule(target, new Date("2026-12-09T12:00:00Z"))).map((o) => o.status)).toEqual(["already-done", "already-done"]);
    expect(await owner`select count(*)::int as n from outbound_emails where template = 'scheduled_view' and "to" = ${pm.email}`).toEqual([{ n: 1 }]);
    const page = (await callRoute(viewsLoader, pmUser.get("/table-views"))).data as { views: { name: string; runs: { status: string; reason: string; rowCount: number | null }[] }[] };
    const runs = page.views.find((v) => v.name === "Overruns by cost")!.runs;
    expect(runs).toEqual(expect.arrayContaining([expect.objectContaining({ status: "sent", rowCount: 2 }), expect.objectContaining({ status: "refused", reason: expect.stringMatching(/field/) })]));

    // next week it is sent again
    expect((await runSchedule(target, new Date("2026-12-14T12:05:00Z"))).map((o) => o.status)).toEqual(["sent", "refused"]);
  });
});
