import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTableQuery } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { projectSchema, updateProjectSchema } from "./projects.schema";
import { createProject, getProject, listProjectOptions, ProjectRefused, projectFormOptions, projectsList, StaleProject, updateProject } from "./projects.server";
import { projectsTable } from "./projects.table";
import type { SqlClient } from "@db/sql-client";

type Account = Awaited<ReturnType<typeof newAccount>>;
let owner: SqlClient;
let acme: Account;
let other: Account;

beforeAll(async () => {
  owner = ownerConnection();
  [acme, other] = [await newAccount("projects"), await newAccount("rival")];
});
afterAll(() => owner.end());

const as = <T>(account: Account, fn: Parameters<typeof withTenant<T>>[1]) =>
  withTenant({ organizationId: account.organizationId, userId: account.userId }, fn);

const input = (fields: Record<string, string> = {}) =>
  projectSchema.parse({ jobNumber: "2401", name: "Riverside Medical Office", status: "active", contractType: "gmp", defaultRetainagePercent: "10", ...fields });

const refusalOf = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => e);

describe("project input", () => {
  it("needs the end on or after the start, a known status and contract type, and a sane retainage", () => {
    const bad = projectSchema.safeParse({ jobNumber: "1", name: "Late", status: "active", contractType: "gmp", defaultRetainagePercent: "10", startDate: "2025-05-02", endDate: "2025-05-01" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["endDate", "The end date cannot be before the start date"]]);
    expect(projectSchema.safeParse({ ...input(), startDate: "2025-05-01", endDate: "2025-05-01" }).success).toBe(true);
    expect(projectSchema.safeParse({ ...input(), status: "paused" }).success).toBe(false);
    expect(projectSchema.safeParse({ ...input(), contractType: "fixed" }).success).toBe(false);
    expect(projectSchema.safeParse({ ...input(), defaultRetainagePercent: "101" }).success).toBe(false);
    expect(updateProjectSchema.safeParse({ ...input(), startDate: "2025-05-02", endDate: "2025-01-01", version: "1" }).success).toBe(false);
  });
});

describe("projects", () => {
  it("offers the organization's members as managers and its default retainage", async () => {
    await owner`update organizations set default_retainage_rate = 0.075 where id = ${acme.organizationId}`;
    const options = await as(acme, projectFormOptions);
    expect(options).toEqual({ managers: [{ value: acme.userId, label: "Test projects" }], defaultRetainagePercent: "7.5" });
  });

  it("creates a project with an audit row; the retainage percent is stored as a fraction", async () => {
    const created = await as(acme, (tx) =>
      createProject(tx, input({ clientName: "Riverside Health", address: "455 River Rd", startDate: "2025-03-03", endDate: "2026-12-18", projectManagerId: acme.userId, defaultRetainagePercent: "7.5" })),
    );
    expect(created).toMatchObject({
      jobNumber: "2401",
      status: "active",
      contractType: "gmp",
      startDate: "2025-03-03",
      endDate: "2026-12-18",
      projectManagerId: acme.userId,
      projectManagerName: "Test projects",
      defaultRetainageRate: "0.075000",
      version: 1,
    });
    const [audit] = await owner`select action, after from audit_events where entity_type = 'project' and entity_id = ${created.id}`;
    expect(audit).toMatchObject({ action: "created", after: { jobNumber: "2401", defaultRetainageRate: "0.075000" } });
  });

  it("refuses a job number already used in the organization, but not one used by another", async () => {
    const refusal = await refusalOf(as(acme, (tx) => createProject(tx, input({ name: "Copy" }))));
    expect(refusal).toBeInstanceOf(ProjectRefused);
    expect(refusal).toMatchObject({ field: "jobNumber", message: "Job number 2401 is already used by another project." });
    const theirs = await as(other, (tx) => createProject(tx, input({ name: "Their 2401", status: "bidding", contractType: "tm" })));
    expect(theirs.jobNumber).toBe("2401");
  });

  it("accepts only a member of the organization as project manager", async () => {
    const refusal = await refusalOf(as(acme, (tx) => createProject(tx, input({ jobNumber: "2402", projectManagerId: other.userId }))));
    expect(refusal).toMatchObject({ field: "projectManagerId" });
  });

  it("edits with a version check and audits before and after", async () => {
    const [{ id }] = await as(acme, listProjectOptions);
    const read = await as(acme, (tx) => getProject(tx, id));
    const edit = updateProjectSchema.parse({ ...input(), clientName: "Riverside Health Partners", status: "on_hold", contractType: "cost_plus", version: String(read.version) });
    const saved = await as(acme, (tx) => updateProject(tx, id, edit));
    expect(saved).toMatchObject({ clientName: "Riverside Health Partners", status: "on_hold", contractType: "cost_plus", projectManagerId: null, version: 2 });
    await expect(as(acme, (tx) => updateProject(tx, id, { ...edit, name: "Lost update" }))).rejects.toThrow(StaleProject);
    const audits = await owner`select action, before, after from audit_events where entity_id = ${id} order by occurred_at, id`;
    expect(audits.map((a) => a.action)).toEqual(["created", "updated"]);
    expect(audits[1]).toMatchObject({ before: { status: "active", version: 1 }, after: { status: "on_hold", version: 2 } });
  });

  it("refuses renumbering onto another project's job number", async () => {
    const second = await as(acme, (tx) => createProject(tx, input({ jobNumber: "2402", name: "Harbor Lofts", status: "bidding", contractType: "lump_sum", startDate: "2025-09-01" })));
    const refusal = await refusalOf(as(acme, (tx) => updateProject(tx, second.id, { ...input({ jobNumber: "2401" }), version: 1 })));
    expect(refusal).toMatchObject({ field: "jobNumber" });
  });

  it("treats another organization's project and malformed ids as not found", async () => {
    const [theirs] = await as(other, listProjectOptions);
    await expect(as(acme, (tx) => getProject(tx, theirs.id))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => getProject(tx, "2401"))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => getProject(tx, "00000000-0000-4000-8000-000000000000"))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => updateProject(tx, theirs.id, { ...input({ name: "Hijack" }), version: 1 }))).rejects.toThrow(RecordNotFound);
    expect((await as(other, (tx) => getProject(tx, theirs.id))).name).toBe("Their 2401");
  });

  it("lists options by job number with a readable label", async () => {
    expect((await as(acme, listProjectOptions)).map((p) => p.label)).toEqual(["2401 · Riverside Medical Office", "2402 · Harbor Lofts"]);
  });
});

describe("the project list", () => {
  const list = (account: Account, search: string) =>
    as(account, (tx) => queryTable(tx, projectsList, parseTableQuery(projectsTable, new URLSearchParams(search))));
  const jobs = (page: Awaited<ReturnType<typeof list>>) => page.rows.map((r) => r.jobNumber);

  it("shows labels, links to the project, filters by status, contract type, text and dates, and sorts", async () => {
    await as(acme, (tx) => createProject(tx, input({ jobNumber: "2310", name: "Eastside School", clientName: "Eastside District", status: "closed", contractType: "tm", startDate: "2023-04-10", endDate: "2024-09-27", projectManagerId: acme.userId })));
    const all = await list(acme, "");
    expect(jobs(all)).toEqual(["2310", "2401", "2402"]);
    const [first] = all.rows;
    expect(first).toMatchObject({ name: "Eastside School", client: "Eastside District", status: "Closed", contractType: "T&M", startDate: "2023-04-10", endDate: "2024-09-27", projectManager: "Test projects" });
    expect(first.href).toMatch(/^\/projects\/[0-9a-f-]{36}$/);
    expect(jobs(await list(acme, "f.status=On+hold"))).toEqual(["2401"]);
    expect(jobs(await list(acme, "f.contractType=T%26M"))).toEqual(["2310"]);
    expect(jobs(await list(acme, "f.contractType=tm"))).toEqual(["2310", "2401", "2402"]); // not an option: ignored
    expect(jobs(await list(acme, "f.name=harbor"))).toEqual(["2402"]);
    expect(jobs(await list(acme, "f.client=riverside"))).toEqual(["2401"]);
    expect(jobs(await list(acme, "f.projectManager=test"))).toEqual(["2310"]);
    expect(jobs(await list(acme, "f.startDate.from=2024-01-01"))).toEqual(["2402"]);
    expect(jobs(await list(acme, "f.startDate.to=2023-12-31"))).toEqual(["2310"]);
    // Newest start first; projects without a start date come last.
    expect(jobs(await list(acme, "sort=startDate&dir=desc"))).toEqual(["2402", "2310", "2401"]);
    expect(jobs(await list(acme, "sort=startDate&dir=asc"))).toEqual(["2310", "2402", "2401"]);
    expect(jobs(await list(acme, "sort=status&dir=asc"))).toEqual(["2402", "2310", "2401"]);
  });

  it("pages with a keyset cursor", async () => {
    const all = await list(acme, "size=25");
    expect(all.nextCursor).toBeNull();
    expect(jobs(await list(other, ""))).toEqual(["2401"]);
  });
});
