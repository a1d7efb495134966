/**
 * The schedule through its routes: a PM adds and edits milestones; field staff read the schedule
 * but may not change it (403); another organization's project or milestone is a 404; bad dates
 * are a 400 with the form's messages; the export and the bar chart carry every milestone.
 */
import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { action as milestoneAction, loader as milestoneLoader } from "./routes/milestone";
import { action as newAction, loader as newLoader } from "./routes/milestone-new";
import { loader as listLoader } from "./routes/schedule";
import { loader as chartLoader } from "./routes/schedule-chart";
import { loader as exportLoader } from "./routes/schedule-export";
import { ScheduleChart } from "./schedule-chart";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let pm: SignedIn;
let field: SignedIn;
let stranger: SignedIn;
let base: string;
let vendorId: string;
const params = () => ({ projectId: org.projectId });

const milestones = () => owner`select id, name, planned_date::text as baseline, forecast_date::text as forecast, actual_date::text as actual, version
  from project_milestones where project_id = ${org.projectId} order by planned_date, name`;
const fields = (name: string, extra: Record<string, string> = {}) => ({ name, baselineDate: "2030-03-02", ...extra });

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "schedule-routes");
  other = await financeOrganization(owner, "schedule-other");
  const pmMember: TestMember = await org.addMember("project_manager");
  pm = await signIn(pmMember.email, { organizationId: org.organizationId });
  field = await signIn((await org.addMember("field")).email, { organizationId: org.organizationId });
  stranger = await signIn(other.owner.email, { organizationId: other.organizationId });
  base = `/projects/${org.projectId}/schedule`;
  [{ id: vendorId }] = await owner<{ id: string }>`select id from vendors where organization_id = ${org.organizationId} limit 1`;
});
afterAll(() => owner.end());

describe("adding and editing milestones", () => {
  it("a PM adds a milestone and a follower, moves its forecast (slipping) and marks it done", async () => {
    expect((await callRoute(newLoader, pm.get(`${base}/new`), params())).status).toBe(200);
    const added = await callRoute(newAction, pm.post(`${base}/new`, fields("Foundations complete", { startDate: "2030-01-05", vendorId, responsible: "Pour crew" })), params());
    expect(added).toMatchObject({ status: 303, location: base });
    const [foundations] = await milestones();
    const request = pm.post(`${base}/new`, fields("Structure topped out", { baselineDate: "2030-05-01", predecessorIds: foundations.id }));
    expect((await callRoute(newAction, request, params())).status).toBe(303);

    const page = `${base}/${foundations.id}`;
    const ids = { ...params(), milestoneId: foundations.id };
    expect((await callRoute(milestoneLoader, pm.get(page), ids)).status).toBe(200);
    const moved = await callRoute(milestoneAction, pm.post(page, { ...fields("Foundations complete", { forecastDate: "2030-03-16", startDate: "2030-01-05", vendorId, responsible: "Pour crew" }), intent: "save", version: "1" }), ids);
    expect(moved).toMatchObject({ status: 303, location: page });
    const list = await callRoute(listLoader, pm.get(`${base}?f.status=slipping`), params());
    expect((list.data as { page: { rows: { name: string; flags: string }[] } }).page.rows).toMatchObject([{ name: "Foundations complete", flags: "Slipping 14 d" }]);

    const stale = await callRoute(milestoneAction, pm.post(page, { ...fields("Foundations complete"), intent: "save", version: "1" }), ids);
    expect(stale.status).toBe(409);
    expect(stale.formErrors[0]).toMatch(/Someone else changed this milestone/);
    const done = await callRoute(milestoneAction, pm.post(page, { intent: "done", actualDate: "2030-03-13", version: "2" }), ids);
    expect(done).toMatchObject({ status: 303, location: base });
    expect((await milestones())[0]).toMatchObject({ forecast: "2030-03-16", actual: "2030-03-13", version: 3 });
  });

  it("bad dates are a 400 with the field's message and write nothing", async () => {
    const before = (await milestones()).length;
    const forecastFirst = await callRoute(newAction, pm.post(`${base}/new`, fields("Dry-in", { startDate: "2026-03-01", baselineDate: "2026-04-01", forecastDate: "2026-02-20" })), params());
    expect(forecastFirst.status).toBe(400);
    expect(forecastFirst.fieldErrors.forecastDate).toEqual(["The forecast date cannot be before the start date (2026-03-01)"]);
    const impossible = await callRoute(newAction, pm.post(`${base}/new`, fields("Dry-in", { baselineDate: "2026-02-30" })), params());
    expect(impossible.status).toBe(400);
    expect(impossible.fieldErrors.baselineDate).toEqual(["Enter the baseline date as YYYY-MM-DD"]);
    expect((await milestones()).length).toBe(before);
  });

  it("field staff read the schedule, its chart and its milestones but may not add, edit or mark done (403)", async () => {
    const [m] = await milestones();
    const ids = { ...params(), milestoneId: m.id };
    expect((await callRoute(listLoader, field.get(base), params())).status).toBe(200);
    expect((await callRoute(chartLoader, field.get(`${base}/chart`), params())).status).toBe(200);
    const page = await callRoute(milestoneLoader, field.get(`${base}/${m.id}`), ids);
    expect(page.status).toBe(200);
    expect((page.data as { options: unknown }).options).toBeNull();
    expect((await callRoute(newLoader, field.get(`${base}/new`), params())).status).toBe(403);
    expect((await callRoute(newAction, field.post(`${base}/new`, fields("Field made")), params())).status).toBe(403);
    expect((await callRoute(milestoneAction, field.post(`${base}/${m.id}`, { intent: "done", actualDate: "2030-03-13", version: String(m.version) }), ids)).status).toBe(403);
    expect((await milestones()).find((x) => x.name === "Field made")).toBeUndefined();
  });

  it("another organization's project or milestone is a 404", async () => {
    const [m] = await milestones();
    expect((await callRoute(listLoader, stranger.get(base), params())).status).toBe(404);
    expect((await callRoute(exportLoader, stranger.get(`${base}/export.xlsx`), params())).status).toBe(404);
    expect((await callRoute(milestoneLoader, stranger.get(`${base}/${m.id}`), { ...params(), milestoneId: m.id })).status).toBe(404);
    // their own project with our milestone's id
    const theirs = { projectId: other.projectId, milestoneId: m.id };
    expect((await callRoute(milestoneLoader, stranger.get(`/projects/${other.projectId}/schedule/${m.id}`), theirs)).status).toBe(404);
    const post = stranger.post(`/projects/${other.projectId}/schedule/${m.id}`, { intent: "done", actualDate: "2030-03-13", version: String(m.version) });
    expect((await callRoute(milestoneAction, post, theirs)).status).toBe(404);
  });
});

describe("export and bar chart", () => {
  it("the export has real dates, status labels, variance and flags", async () => {
    const answer = await callRoute(exportLoader, pm.get(base), params());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (answer.data as Response).arrayBuffer());
    const sheet = workbook.getWorksheet("Schedule")!;
    expect(sheet.getRow(1).values).toEqual([undefined, "Milestone", "Status", "Baseline", "Forecast", "Actual", "Variance (days)", "Responsible", "Predecessors", "Flags"]);
    const foundations = sheet.getRow(2).values as unknown[];
    expect(foundations[1]).toBe("Foundations complete");
    expect(foundations[2]).toBe("Done");
    expect(foundations[3]).toBeInstanceOf(Date);
    expect((foundations[3] as Date).toISOString().slice(0, 10)).toBe("2030-03-02");
    expect(foundations[6]).toBe(11);
    expect(foundations[7]).toBe("schedule-routes Concrete Co · Pour crew");
    expect(sheet.getRow(3).values).toContain("Foundations complete");
  });

  it("the chart has one row per milestone and a today marker", async () => {
    const answer = await callRoute(chartLoader, pm.get(`${base}/chart`), params());
    const { milestones: rows, today } = answer.data as { milestones: Parameters<typeof ScheduleChart>[0]["milestones"]; today: string };
    expect(rows.map((r) => r.name)).toEqual(["Foundations complete", "Structure topped out"]);
    const svg = renderToString(createElement(ScheduleChart, { milestones: rows, today }));
    expect(svg.match(/data-milestone-row=/g)).toHaveLength(2);
    expect(svg).toContain('data-testid="today-marker"');
    expect(svg).toContain(`/projects/${org.projectId}/schedule/`);
  });
});
