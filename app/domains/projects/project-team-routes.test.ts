/**
 * The team page and the field member's view through the routes: a field member (no projects:all)
 * opens their team's projects and gets 404 for any other, lists and exports only theirs; a viewer
 * sees every project; the add form adds once per submission token, and only with projects:update.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { SUBMISSION_FIELD } from "~/utils/submissions";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { requireProjectFor } from "./project-guard.server";
import { loader as overviewLoader } from "./routes/project-overview";
import { action as teamAction, loader as teamLoader } from "./routes/project-team";
import { loader as listLoader } from "./routes/projects";
import { loader as exportLoader } from "./routes/projects-export";
import { answer } from "../../../tests/support/route-requests";
import { requireMember } from "~/utils/auth.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let field: TestMember;
let pm: TestMember;
let other: string;
let as: Record<"field" | "pm" | "viewer", SignedIn>;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "team-routes");
  field = await org.addMember("field", { onTeam: false });
  pm = await org.addMember("project_manager");
  const viewer = await org.addMember("viewer");
  [{ id: other }] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'TR-2', 'Other job', 'active') returning id`;
  await owner`insert into project_team_members (organization_id, project_id, user_id, role) values (${org.organizationId}, ${org.projectId}, ${field.userId}, 'superintendent')`;
  as = {
    field: await signIn(field.email, { organizationId: org.organizationId }),
    pm: await signIn(pm.email, { organizationId: org.organizationId }),
    viewer: await signIn(viewer.email, { organizationId: org.organizationId }),
  };
});
afterAll(() => owner.end());

const teamPath = (projectId: string) => `/projects/${projectId}/team`;
const listed = async (user: SignedIn) => ((await callRoute(listLoader, user.get("/projects"))).data as { page: { rows: { jobNumber: string }[] } }).page.rows.map((r) => r.jobNumber);

describe("a field member opens the projects of their team", () => {
  it("opens their project's overview and team page, with no money on the overview", async () => {
    const overview = await callRoute(overviewLoader, as.field.get(`/projects/${org.projectId}`), { projectId: org.projectId });
    expect(overview.status).toBe(200);
    const data = overview.data as { overview: { headline: unknown[]; billing: unknown; paidToVendors: unknown; commitments: unknown } };
    expect(data.overview).toMatchObject({ headline: [], billing: null, paidToVendors: null, commitments: null });
    const team = await callRoute(teamLoader, as.field.get(teamPath(org.projectId)), { projectId: org.projectId });
    expect((team.data as { team: { userId: string }[] }).team.map((t) => t.userId)).toEqual([field.userId]);
  });

  it("gets 404 for another project of the organization: overview, team page and the field guard", async () => {
    expect((await callRoute(overviewLoader, as.field.get(`/projects/${other}`), { projectId: other })).status).toBe(404);
    expect((await callRoute(teamLoader, as.field.get(teamPath(other)), { projectId: other })).status).toBe(404);
    const guarded = await answer(async () => requireProjectFor(await requireMember(as.field.get("/"), "field:read"), other));
    expect(guarded.status).toBe(404);
  });

  it("lists and exports only their projects; a viewer (projects:all) lists every one", async () => {
    expect(await listed(as.field)).toEqual(["J-team-routes"]);
    expect(await listed(as.viewer)).toEqual(["J-team-routes", "TR-2"]);
    const out = await callRoute(exportLoader, as.field.get("/projects/export.xlsx"));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (out.data as Response).arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.getColumn(1).values.slice(2)).toEqual(["J-team-routes"]);
  });
});

describe("the team page", () => {
  it("adds a member once however often the same form is posted, changes the role and removes them", async () => {
    const post = (fields: Record<string, string>) => callRoute(teamAction, as.pm.post(teamPath(other), fields), { projectId: other });
    const form = { intent: "add", userId: field.userId, role: "foreman", [SUBMISSION_FIELD]: crypto.randomUUID() };
    expect(await post(form)).toMatchObject({ status: 303, location: teamPath(other) });
    expect(await post(form)).toMatchObject({ status: 303, location: teamPath(other) });
    const rows = await owner`select id, role from project_team_members where project_id = ${other} and user_id = ${field.userId}`;
    expect(rows.map((r) => r.role)).toEqual(["foreman"]);
    expect(await listed(as.field)).toEqual(["J-team-routes", "TR-2"]);

    expect(await post({ intent: "add", userId: field.userId, role: "foreman", [SUBMISSION_FIELD]: crypto.randomUUID() })).toMatchObject({ status: 409, fieldErrors: { userId: ["That member is already on the team."] } });
    expect((await post({ intent: "role", teamMemberId: rows[0].id, role: "project_engineer" })).status).toBe(303);
    expect((await post({ intent: "role", teamMemberId: rows[0].id, role: "boss" })).status).toBe(400);
    expect((await post({ intent: "remove", teamMemberId: rows[0].id })).status).toBe(303);
    expect(await owner`select 1 from project_team_members where project_id = ${other} and user_id = ${field.userId}`).toHaveLength(0);
  });

  it("refuses a bad add (400) and a field member's change (403), writing nothing", async () => {
    const bad = await callRoute(teamAction, as.pm.post(teamPath(other), { intent: "add", userId: "nobody", role: "foreman" }), { projectId: other });
    expect(bad).toMatchObject({ status: 400, fieldErrors: { userId: ["Choose a member of the organization."] } });
    const refused = await callRoute(teamAction, as.field.post(teamPath(org.projectId), { intent: "add", userId: pm.userId, role: "foreman" }), { projectId: org.projectId });
    expect(refused.status).toBe(403);
    expect(await owner`select 1 from project_team_members where user_id = ${pm.userId}`).toHaveLength(0);
  });
});
