import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { jobCostReport } from "~/domains/budgets/job-cost.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { sql } from "drizzle-orm";
import type { SqlClient } from "@db/sql-client";
import { ownerConnection } from "../../../tests/support/connections";
import { crewHoursFor } from "./crew-hours.server";
import { delayOriginOf, startChangeOrderFromDelay } from "./daily-log-change-orders.server";
import { readDailyLog } from "./daily-log-read.server";
import { copyPreviousManpower, saveSection } from "./daily-log-rows.server";
import { sectionSchema } from "./daily-log-sections";
import { addAddendum, openDailyLog, saveWeather, submitDailyLog, SUBMITTED_LOG, STALE_LOG } from "./daily-logs.server";

let owner: SqlClient;
let org: FinanceOrganization;
let field: TestMember;
let vendorId: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "dlog");
  field = await org.addMember("field");
  [{ id: vendorId }] = await owner`select id from vendors where organization_id = ${org.organizationId}`;
});
afterAll(() => owner.end());

const as = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenantOf(org, field), fn);
const open = (logDate: string) => as((tx) => openDailyLog(tx, { projectId: org.projectId, logDate, userId: field.userId })).then((r) => r.log);
const crew = (trade: string, hours: string, costCodeId: string | undefined = org.costCodeId) => ({ vendorId, trade, workers: 4, hours, costCodeId });
const save = (logId: string, version: number, section: "manpower" | "delays" | "work", rows: Record<string, unknown>[]) =>
  as((tx) => saveSection(tx, { logId, version, section, rows }));
const versionOf = async (logId: string) => (await owner`select version from daily_logs where id = ${logId}`)[0].version as number;

describe("one log per project and day", () => {
  it("opening a day twice meets the same log; a future day is refused; °F for a US organization", async () => {
    const first = await as((tx) => openDailyLog(tx, { projectId: org.projectId, logDate: "2026-11-02", userId: field.userId }));
    const again = await as((tx) => openDailyLog(tx, { projectId: org.projectId, logDate: "2026-11-02", userId: field.userId }));
    expect(first.created).toBe(true);
    expect(again).toMatchObject({ created: false, log: { id: first.log.id } });
    expect(first.log.temperatureUnit).toBe("F");
    await expect(as((tx) => openDailyLog(tx, { projectId: org.projectId, logDate: "2999-01-01", userId: field.userId }))).rejects.toThrow(/day that has begun/);
    await expect(owner`insert into daily_logs (organization_id, project_id, log_date) values (${org.organizationId}, ${org.projectId}, '2026-11-02')`).rejects.toThrow(/daily_logs_org_project_date_key/);
  });
});

describe("draft → submitted", () => {
  it("refuses an empty log, then locks the submitted one: edits refused (by the service and by PostgreSQL), addenda only after submit", async () => {
    const log = await open("2026-11-03");
    await expect(as((tx) => submitDailyLog(tx, { logId: log.id, version: log.version, userId: field.userId }))).rejects.toThrow(/This log is empty/);
    await save(log.id, log.version, "manpower", [crew("Concrete finishers", "32")]);
    await expect(as((tx) => addAddendum(tx, { logId: log.id, version: log.version + 1, body: "Too early", userId: field.userId }))).rejects.toThrow(/still a draft/);
    await expect(save(log.id, log.version, "work", [{ description: "Stale" }])).rejects.toThrow(STALE_LOG);
    const submitted = await as((tx) => submitDailyLog(tx, { logId: log.id, version: log.version + 1, userId: field.userId }));
    expect(submitted).toMatchObject({ status: "submitted", submittedBy: field.userId });

    await expect(save(log.id, submitted.version, "work", [{ description: "Late edit" }])).rejects.toThrow(SUBMITTED_LOG);
    const weather = { version: submitted.version, temperatureUnit: "F" as const, precipitation: "", wind: "", notes: "edit" };
    await expect(as((tx) => saveWeather(tx, log.id, weather))).rejects.toThrow(SUBMITTED_LOG);
    // the app role cannot slip past the service either
    await expect(as((tx) => tx.execute(sql`update daily_log_manpower set hours = 1 where daily_log_id = ${log.id}`))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/is submitted/) } });
    await expect(as((tx) => tx.execute(sql`update daily_logs set notes = 'x' where id = ${log.id}`))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/add an addendum/) } });
    await expect(as((tx) => tx.execute(sql`delete from daily_logs where id = ${log.id}`))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/cannot be deleted/) } });

    await as((tx) => addAddendum(tx, { logId: log.id, version: submitted.version, body: "Pump truck arrived 40 minutes late.", userId: field.userId }));
    const read = await as((tx) => readDailyLog(tx, log.id, org.projectId));
    expect(read.addenda.map((a) => a.body)).toEqual(["Pump truck arrived 40 minutes late."]);
    expect(read.log.version).toBe(submitted.version + 1);
  });
});

describe("sections", () => {
  it("adds, updates and removes rows in one post; blank rows are skipped; another organization's cost code is refused", async () => {
    const log = await open("2026-11-04");
    const parsed = sectionSchema("manpower").parse({ intent: "save-manpower", version: String(log.version), rows: [{ trade: "Electricians", workers: "3", hours: "24" }, {}, undefined] });
    expect(parsed.rows.filter(Boolean)).toHaveLength(1);
    await save(log.id, log.version, "manpower", parsed.rows as Record<string, unknown>[]);
    const [saved] = (await as((tx) => readDailyLog(tx, log.id, org.projectId))).sections.manpower;
    expect(saved).toMatchObject({ trade: "Electricians", workers: "3", hours: "24.00", vendorIdLabel: "Own forces" });
    await save(log.id, log.version + 1, "manpower", [{ id: saved.id, trade: "Electricians", workers: 3, hours: "27.5" }, crew("Laborers", "16")]);
    const after = (await as((tx) => readDailyLog(tx, log.id, org.projectId))).sections.manpower;
    expect(after.map((r) => [r.trade, r.hours])).toEqual([["Electricians", "27.50"], ["Laborers", "16.00"]]);
    await save(log.id, log.version + 2, "manpower", [{ id: after[1].id, ...crew("Laborers", "16") }]);
    expect((await as((tx) => readDailyLog(tx, log.id, org.projectId))).sections.manpower.map((r) => r.trade)).toEqual(["Laborers"]);

    const stranger = await financeOrganization(owner, "dlog-other");
    await expect(save(log.id, log.version + 3, "manpower", [crew("Laborers", "8", stranger.costCodeId)])).rejects.toThrow(/cost code from the list/);
    expect(sectionSchema("manpower").safeParse({ intent: "save-manpower", version: "1", rows: [{ trade: "X", workers: "-1", hours: "8" }] }).success).toBe(false);
  });

  it("copies yesterday's manpower into a draft; refuses when the draft has some unless confirmed", async () => {
    const yesterday = await open("2026-11-05");
    await save(yesterday.id, yesterday.version, "manpower", [crew("Framers", "40"), crew("Laborers", "16")]);
    const today = await open("2026-11-06");
    const copied = await as((tx) => copyPreviousManpower(tx, { logId: today.id, version: today.version, replace: false }));
    expect(copied).toEqual({ fromDate: "2026-11-05", rows: 2 });
    await expect(as((tx) => copyPreviousManpower(tx, { logId: today.id, version: today.version + 1, replace: false }))).rejects.toThrow(/already has 2 manpower rows/);
    await as((tx) => copyPreviousManpower(tx, { logId: today.id, version: today.version + 1, replace: true }));
    const rows = (await as((tx) => readDailyLog(tx, today.id, org.projectId))).sections.manpower;
    expect(rows.map((r) => [r.trade, r.hours])).toEqual([["Framers", "40.00"], ["Laborers", "16.00"]]);
    const first = await open("2026-10-01");
    await expect(as((tx) => copyPreviousManpower(tx, { logId: first.id, version: first.version, replace: false }))).rejects.toThrow(/No earlier log/);
  });
});

describe("delays and change management", () => {
  it("a delay flagged as a potential change starts one draft change order citing the day, linked both ways", async () => {
    const log = await open("2026-11-09");
    await save(log.id, log.version, "delays", [
      { cause: "owner", hours: "3", description: "Owner moved the lobby wall", potentialChange: true },
      { cause: "weather", hours: "2", description: "High winds", potentialChange: false },
    ]);
    const [flagged, plain] = (await as((tx) => readDailyLog(tx, log.id, org.projectId))).sections.delays;
    await expect(as((tx) => startChangeOrderFromDelay(tx, { logId: log.id, delayId: plain.id }))).rejects.toThrow(/Only a delay flagged/);
    const co = await as((tx) => startChangeOrderFromDelay(tx, { logId: log.id, delayId: flagged.id }));
    expect(co).toMatchObject({ status: "draft", stage: "potential", kind: "prime" });
    expect(co.title).toContain("2026-11-09");
    expect(co.description).toContain("From the daily log of 2026-11-09");
    expect(co.description).toContain("Owner moved the lobby wall");
    await expect(as((tx) => startChangeOrderFromDelay(tx, { logId: log.id, delayId: flagged.id }))).rejects.toThrow(new RegExp(`already started change order #${co.number}`));
    expect(await as((tx) => delayOriginOf(tx, co.id))).toEqual({ href: `/projects/${org.projectId}/daily-logs/${log.id}`, logDate: "2026-11-09" });
    const linked = (await as((tx) => readDailyLog(tx, log.id, org.projectId))).sections.delays[0];
    expect(linked).toMatchObject({ changeOrderId: co.id, changeOrderLabel: `CO #${co.number}` });
    // the delay that started it cannot be removed from the draft
    await expect(save(log.id, await versionOf(log.id), "delays", [{ id: plain.id, cause: "weather", hours: "2", description: "High winds" }])).rejects.toThrow(/cannot be removed/);
  });
});

describe("crew hours on the job cost report", () => {
  it("are the submitted logs' manpower hours by cost code (drafts and crews without a code left out)", async () => {
    const other = await financeOrganization(owner, "dlog-hours");
    const pm = await other.addMember("project_manager");
    const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(tenantOf(other, pm), fn);
    await owner`insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, original_amount) values (${other.organizationId}, ${other.projectId}, ${other.costCodeId}, ${other.costTypeId}, '1000.00')`;
    const day = async (logDate: string, hours: string[], submit: boolean) => {
      const { log } = await run((tx) => openDailyLog(tx, { projectId: other.projectId, logDate, userId: pm.userId }));
      const rows = hours.map((h, i) => ({ trade: `Crew ${i}`, workers: 2, hours: h, costCodeId: i === 2 ? undefined : other.costCodeId }));
      await run((tx) => saveSection(tx, { logId: log.id, version: log.version, section: "manpower", rows }));
      if (submit) await run((tx) => submitDailyLog(tx, { logId: log.id, version: log.version + 1, userId: pm.userId }));
    };
    await day("2026-11-10", ["16", "8.25", "99"], true);
    await day("2026-11-11", ["12.5"], true);
    await day("2026-11-12", ["40"], false);
    const hours = await run(async (tx) => {
      const report = await jobCostReport(tx, other.projectId);
      return crewHoursFor(tx, other.projectId, report.divisions.flatMap((d) => d.lines ?? []));
    });
    const [{ expected }] = await owner`select sum(m.hours)::text as expected from daily_log_manpower m join daily_logs l on l.id = m.daily_log_id
      where l.project_id = ${other.projectId} and l.status = 'submitted' and m.cost_code_id is not null`;
    expect(expected).toBe("36.75");
    expect(hours.total).toBe(expected);
    expect(Object.values(hours.byRow)).toEqual(["36.75"]);
    expect(hours.byDivision[other.divisionId]).toBe("36.75");
  });
});
