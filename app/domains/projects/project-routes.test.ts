/**
 * The project forms through their routes. Finance staff set jobs up (accounting opens the job in
 * most contractors), so a finance member creates and edits a project; field staff and viewers are
 * refused (403) and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn } from "../../../tests/support/route-requests";
import { action as editAction, loader as editLoader } from "./routes/project-edit";
import { action as newAction, loader as newLoader } from "./routes/project-new";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let finance: TestMember;
let refused: TestMember[];

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "project-routes");
  finance = await org.addMember("finance");
  refused = [await org.addMember("field"), await org.addMember("viewer")];
});
afterAll(() => owner.end());

const fields = (jobNumber: string, extra: Record<string, string> = {}) => ({
  jobNumber,
  name: "Bayside clinic",
  status: "bidding",
  contractType: "lump_sum",
  defaultRetainagePercent: "10",
  ...extra,
});
const projectsNumbered = (jobNumber: string) =>
  owner`select id, name, status, version from projects where organization_id = ${org.organizationId} and job_number = ${jobNumber}`;

describe("setting a job up", () => {
  it("a finance member opens the new project form, creates the project and edits it", async () => {
    const user = await signIn(finance.email, { organizationId: org.organizationId });
    expect((await callRoute(newLoader, user.get("/projects/new"))).status).toBe(200);
    const created = await callRoute(newAction, user.post("/projects/new", fields("FIN-1")));
    expect(created.status).toBe(303);
    const [project] = await projectsNumbered("FIN-1");
    expect(created.location).toBe(`/projects/${project.id}`);
    expect(project).toMatchObject({ name: "Bayside clinic", status: "bidding", version: 1 });

    const path = `/projects/${project.id}/edit`;
    expect((await callRoute(editLoader, user.get(path), { projectId: project.id })).status).toBe(200);
    const saved = await callRoute(editAction, user.post(path, fields("FIN-1", { name: "Bayside clinic, phase 2", status: "active", version: "1" })), { projectId: project.id });
    expect(saved).toMatchObject({ status: 303, location: `/projects/${project.id}` });
    expect((await projectsNumbered("FIN-1"))[0]).toMatchObject({ name: "Bayside clinic, phase 2", status: "active", version: 2 });
  });

  it("field staff and viewers may not create or edit projects (403) and write nothing", async () => {
    const [project] = await owner`select id, version from projects where id = ${org.projectId}`;
    for (const member of refused) {
      const user = await signIn(member.email, { organizationId: org.organizationId });
      const jobNumber = `NO-${member.role}`;
      expect((await callRoute(newLoader, user.get("/projects/new"))).status).toBe(403);
      expect((await callRoute(newAction, user.post("/projects/new", fields(jobNumber)))).status).toBe(403);
      expect(await projectsNumbered(jobNumber)).toHaveLength(0);
      const edit = user.post(`/projects/${project.id}/edit`, fields(jobNumber, { version: String(project.version) }));
      expect((await callRoute(editAction, edit, { projectId: project.id })).status).toBe(403);
    }
    expect((await owner`select version from projects where id = ${org.projectId}`)[0].version).toBe(project.version);
  });
});
