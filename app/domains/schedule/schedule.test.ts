import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { threeWeekLookahead } from "./lookahead.server";
import { listMilestones } from "./schedule-list.server";
import type { MilestoneInput } from "./schedule.schema";
import { createMilestone, getMilestone, markMilestoneDone, MilestoneRefused, StaleMilestone, updateMilestone } from "./schedule.server";
import { scheduleTable } from "./schedule.table";
import type { SqlClient } from "@db/sql-client";

const TODAY = "2026-06-15";
let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
let projectId: string;

const input = (name: string, dates: Partial<MilestoneInput> & { baselineDate: string }): MilestoneInput => ({ name, responsible: "", predecessorIds: [], notes: "", ...dates });
const add = (name: string, dates: Partial<MilestoneInput> & { baselineDate: string }, project = projectId) => run((tx) => createMilestone(tx, project, input(name, dates)));
const refusal = (promise: Promise<unknown>) => promise.then(() => null, (e: unknown) => (e instanceof MilestoneRefused || e instanceof StaleMilestone ? e.message : e));
const rows = async (url = "http://x/") => (await run((tx) => listMilestones(tx, projectId, TODAY, parseTableQuery(scheduleTable, new URL(url))))).rows;
const rowOf = async (name: string) => (await rows()).find((r) => r.name === name)!;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "schedule");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
  const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'S-1', 'Schedule test', 'active') returning id`;
  projectId = project.id as string;
});
afterAll(() => owner.end());

describe("derived status and variance", () => {
  beforeAll(async () => {
    await add("Due today", { baselineDate: TODAY });
    await add("Due yesterday", { baselineDate: "2026-06-14" });
    await add("Forecast later", { baselineDate: "2026-06-20", forecastDate: "2026-06-27" });
    await add("Forecast earlier", { baselineDate: "2026-06-20", forecastDate: "2026-06-18" });
    await add("Forecast yesterday", { baselineDate: "2026-06-01", forecastDate: "2026-06-14" });
    const done = await add("Reached late", { baselineDate: "2026-06-01" });
    await run((tx) => markMilestoneDone(tx, projectId, done.id, { actualDate: "2026-06-04", version: done.version }));
  });

  it("due today is on track, due yesterday is late; a later forecast slips, an earlier one does not; an actual date is done", async () => {
    expect((await rowOf("Due today")).status).toBe("on_track");
    expect((await rowOf("Due yesterday")).status).toBe("late");
    expect((await rowOf("Due yesterday")).flags).toBe("Late 1 d");
    expect((await rowOf("Forecast later")).status).toBe("slipping");
    expect((await rowOf("Forecast later")).flags).toBe("Slipping 7 d");
    expect((await rowOf("Forecast earlier")).status).toBe("on_track");
    expect((await rowOf("Forecast yesterday")).status).toBe("late");
    expect((await rowOf("Reached late")).status).toBe("done");
  });

  it("variance is days from the baseline to the actual, else the forecast", async () => {
    expect((await rowOf("Reached late")).variance).toBe("3");
    expect((await rowOf("Forecast later")).variance).toBe("7");
    expect((await rowOf("Forecast earlier")).variance).toBe("-2");
    expect((await rowOf("Due today")).variance).toBe("0");
  });

  it("filters by status and by a date range on the forecast", async () => {
    expect((await rows("http://x/?f.status=late")).map((r) => r.name).sort()).toEqual(["Due yesterday", "Forecast yesterday"]);
    expect((await rows("http://x/?f.forecast.from=2026-06-18&f.forecast.to=2026-06-27")).map((r) => r.name).sort()).toEqual(["Forecast earlier", "Forecast later"]);
  });
});

describe("predecessors", () => {
  it("refuses a loop, naming it, and a predecessor of another project", async () => {
    const a = await add("Loop A", { baselineDate: "2026-07-01" });
    const b = await add("Loop B", { baselineDate: "2026-07-02", predecessorIds: [a.id] });
    const c = await add("Loop C", { baselineDate: "2026-07-03", predecessorIds: [b.id] });
    const closing = refusal(run((tx) => updateMilestone(tx, projectId, a.id, { ...input("Loop A", { baselineDate: "2026-07-01", predecessorIds: [c.id] }), version: a.version })));
    expect(await closing).toBe("That would make the schedule loop: Loop A → Loop B → Loop C → Loop A. A milestone cannot follow itself, even through others.");
    expect((await run((tx) => getMilestone(tx, projectId, a.id))).predecessorIds).toEqual([]);
    const self = refusal(run((tx) => updateMilestone(tx, projectId, a.id, { ...input("Loop A", { baselineDate: "2026-07-01", predecessorIds: [a.id] }), version: a.version })));
    expect(await self).toBe("A milestone cannot be its own predecessor.");
    const elsewhere = await add("Elsewhere", { baselineDate: "2026-07-01" }, org.projectId);
    expect(await refusal(add("Cross", { baselineDate: "2026-07-05", predecessorIds: [elsewhere.id] }))).toBe("Choose predecessors among this project's milestones.");
  });

  it("flags a milestone expected before a predecessor's forecast or actual", async () => {
    const first = await add("Steel", { baselineDate: "2026-08-01", forecastDate: "2026-08-20" });
    await add("Deck", { baselineDate: "2026-08-10", predecessorIds: [first.id] });
    await add("Roof", { baselineDate: "2026-08-25", predecessorIds: [first.id] });
    expect((await rowOf("Deck")).flags).toBe("Before a predecessor");
    expect((await rowOf("Deck")).predecessors).toBe("Steel");
    expect((await rowOf("Roof")).flags).toBe("");
  });
});

describe("edits", () => {
  it("a stale version is refused and changes nothing; every write is audited", async () => {
    const m = await add("Versioned", { baselineDate: "2026-09-01" });
    const saved = await run((tx) => updateMilestone(tx, projectId, m.id, { ...input("Versioned", { baselineDate: "2026-09-01", forecastDate: "2026-09-08" }), version: m.version }));
    expect(saved.version).toBe(m.version + 1);
    const stale = refusal(run((tx) => updateMilestone(tx, projectId, m.id, { ...input("Versioned", { baselineDate: "2026-09-01", forecastDate: "2026-09-30" }), version: m.version })));
    expect(await stale).toMatch(/Someone else changed this milestone/);
    expect((await run((tx) => getMilestone(tx, projectId, m.id))).forecastDate).toBe("2026-09-08");
    const audits = await owner`select action from audit_events where organization_id = ${org.organizationId} and entity_id = ${m.id} order by occurred_at`;
    expect(audits.map((a) => a.action)).toEqual(["created", "updated"]);
  });

  it("a duplicate name in the project is refused on the name field", async () => {
    await add("Unique", { baselineDate: "2026-09-01" });
    const e = await add("Unique", { baselineDate: "2026-09-02" }).catch((error: unknown) => error);
    expect(e).toBeInstanceOf(MilestoneRefused);
    expect((e as MilestoneRefused).field).toBe("name");
  });
});

describe("three-week lookahead", () => {
  it("takes day 0 to day 21 (forecast, baseline or start) and late ones; not day 22, not done ones", async () => {
    const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'S-2', 'Lookahead test', 'active') returning id`;
    const p = project.id as string;
    const from = "2026-10-01";
    await add("Day 0", { baselineDate: "2026-10-01" }, p);
    await add("Day 21", { baselineDate: "2026-10-22" }, p);
    await add("Day 22", { baselineDate: "2026-10-23" }, p);
    await add("Forecast into window", { baselineDate: "2026-11-30", forecastDate: "2026-10-10" }, p);
    await add("Forecast out of window", { baselineDate: "2026-10-10", forecastDate: "2026-11-30" }, p);
    await add("Starts day 21", { baselineDate: "2026-12-31", startDate: "2026-10-22" }, p);
    await add("Starts day 22", { baselineDate: "2026-12-31", startDate: "2026-10-23" }, p);
    await add("Late", { baselineDate: "2026-09-30" }, p);
    const done = await add("Done in window", { baselineDate: "2026-10-05" }, p);
    await run((tx) => markMilestoneDone(tx, p, done.id, { actualDate: "2026-09-29", version: done.version }));
    const { items, total } = await run((tx) => threeWeekLookahead(tx, { projectIds: [p], from }));
    expect(items.map((i) => i.name)).toEqual(["Late", "Day 0", "Forecast into window", "Day 21", "Starts day 21"]);
    expect(total).toBe(5);
    expect(items.map((i) => [i.status, i.days])).toEqual([["late", -1], ["on_track", 0], ["on_track", 9], ["on_track", 21], ["on_track", 91]]);
    expect(items[0].project).toBe("S-2 Lookahead test");
    expect((await run((tx) => threeWeekLookahead(tx, { projectIds: [], from }))).items).toEqual([]);
  });
});

describe("the benchmark scale schedule", () => {
  it("adds 120 chained milestones in every status, no loop", async () => {
    const { addScaleSchedule } = await import("../../../bench/scale-schedule");
    const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'S-3', 'Scale test', 'active') returning id`;
    expect(await addScaleSchedule(owner, org.organizationId, project.id as string)).toEqual({ milestones: 120, milestonePredecessors: 108 });
    const today = new Date().toISOString().slice(0, 10);
    const all = (await run((tx) => listMilestones(tx, project.id as string, today, { ...parseTableQuery(scheduleTable, new URL("http://x/")), pageSize: 200 }))).rows;
    expect(new Set(all.map((r) => r.status))).toEqual(new Set(["done", "late", "slipping", "on_track"]));
  });
});
