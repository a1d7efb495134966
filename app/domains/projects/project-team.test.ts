/**
 * Project teams and the scope of a member without `projects:all`: the team's changes (audited,
 * members of the organization only, once each) and which projects the scope opens and lists.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { parseTableQuery } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { getProjectFor, listProjectOptionsFor, projectsListFor, withoutClosedProjects } from "./project-scope.server";
import { addTeamMember, changeTeamRole, listProjectTeam, removeTeamMember, TeamChangeRefused, teamCandidates } from "./project-team.server";
import { projectsTable } from "./projects.table";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let field: TestMember;
let managed: string;
let elsewhere: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "team");
  field = await org.addMember("field", { onTeam: false });
  [{ id: managed }] = await owner`insert into projects (organization_id, job_number, name, status, project_manager_id)
    values (${org.organizationId}, 'T-2', 'Managed by field', 'active', ${field.userId}) returning id`;
  [{ id: elsewhere }] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'T-3', 'Not theirs', 'active') returning id`;
});
afterAll(() => owner.end());

const asOwner = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: org.organizationId, userId: org.owner.userId }, fn);
const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("a project's team", () => {
  it("adds a member once, changes their role and removes them, each with an audit row", async () => {
    const added = await asOwner((tx) => addTeamMember(tx, org.projectId, { userId: field.userId, role: "superintendent" }));
    expect(added).toMatchObject({ userId: field.userId, email: field.email, role: "superintendent" });
    expect(await refusalOf(asOwner((tx) => addTeamMember(tx, org.projectId, { userId: field.userId, role: "foreman" })))).toBeInstanceOf(TeamChangeRefused);
    expect((await asOwner((tx) => teamCandidates(tx, org.projectId))).map((c) => c.userId)).not.toContain(field.userId);

    await asOwner((tx) => changeTeamRole(tx, org.projectId, { teamMemberId: added.id, role: "foreman" }));
    expect((await asOwner((tx) => listProjectTeam(tx, org.projectId))).map((t) => [t.userId, t.role])).toEqual([[field.userId, "foreman"]]);
    await asOwner((tx) => removeTeamMember(tx, org.projectId, added.id));
    expect(await asOwner((tx) => listProjectTeam(tx, org.projectId))).toEqual([]);

    const audit = await owner`select action, actor_user_id from audit_events where organization_id = ${org.organizationId} and entity_id = ${added.id} order by occurred_at, action`;
    expect(audit.map((a) => a.action)).toEqual(["added", "role_changed", "removed"]);
    expect(audit.every((a) => a.actor_user_id === org.owner.userId)).toBe(true);
  });

  it("takes only members of the organization, and a team member's id only on its own project", async () => {
    const stranger = await newAccount("team-stranger");
    expect(await refusalOf(asOwner((tx) => addTeamMember(tx, org.projectId, { userId: stranger.userId, role: "foreman" })))).toBeInstanceOf(TeamChangeRefused);
    const added = await asOwner((tx) => addTeamMember(tx, elsewhere, { userId: org.owner.userId, role: "other" }));
    expect(await refusalOf(asOwner((tx) => removeTeamMember(tx, org.projectId, added.id)))).toBeInstanceOf(RecordNotFound);
    await asOwner((tx) => removeTeamMember(tx, elsewhere, added.id));
  });

  it("drops a member from every team when they leave the organization", async () => {
    const leaver = await org.addMember("field", { onTeam: false });
    await asOwner((tx) => addTeamMember(tx, elsewhere, { userId: leaver.userId, role: "foreman" }));
    await owner`delete from memberships where organization_id = ${org.organizationId} and user_id = ${leaver.userId}`;
    expect(await owner`select 1 from project_team_members where user_id = ${leaver.userId}`).toHaveLength(0);
  });
});

describe("the projects a member without projects:all opens", () => {
  beforeAll(async () => {
    await asOwner((tx) => addTeamMember(tx, org.projectId, { userId: field.userId, role: "superintendent" }));
  });

  it("opens team projects and the ones they are the named manager of; any other is not found", async () => {
    const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: org.organizationId, userId: field.userId }, fn);
    expect((await run((tx) => getProjectFor(tx, org.projectId, field.userId))).id).toBe(org.projectId);
    expect((await run((tx) => getProjectFor(tx, managed, field.userId))).id).toBe(managed);
    expect(await refusalOf(run((tx) => getProjectFor(tx, elsewhere, field.userId)))).toBeInstanceOf(RecordNotFound);
    expect((await run((tx) => getProjectFor(tx, elsewhere, null))).id).toBe(elsewhere);
  });

  it("lists only those in the project list and the project pickers; the whole scope lists every one", async () => {
    const query = parseTableQuery(projectsTable, new URLSearchParams());
    const listed = async (scope: string | null) => (await asOwner((tx) => queryTable(tx, projectsListFor(scope), query))).rows.map((r) => r.jobNumber);
    expect(await listed(field.userId)).toEqual(["J-team", "T-2"]);
    expect(await listed(null)).toEqual(["J-team", "T-2", "T-3"]);
    expect((await asOwner((tx) => listProjectOptionsFor(tx, field.userId))).map((p) => p.id)).toEqual([org.projectId, managed]);
  });

  it("leaves the other projects out of search results", async () => {
    const groups = [{ kind: "project", hits: [{ id: org.projectId }, { id: elsewhere }] }, { kind: "vendor", hits: [{ id: elsewhere }] }];
    expect(await asOwner((tx) => withoutClosedProjects(tx, groups, field.userId))).toEqual([{ kind: "project", hits: [{ id: org.projectId }] }, groups[1]]);
    expect(await asOwner((tx) => withoutClosedProjects(tx, groups, null))).toBe(groups);
  });
});
