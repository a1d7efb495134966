import ExcelJS from "exceljs";
import { extractText, getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import type { SqlClient } from "@db/sql-client";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { saveSection } from "./daily-log-rows.server";
import { addAddendum, openDailyLog, saveWeather, submitDailyLog } from "./daily-logs.server";
import { action as logAction, loader as logLoader } from "./routes/daily-log";
import { loader as pdfLoader } from "./routes/daily-log-pdf";
import { action as listAction, loader as listLoader } from "./routes/daily-logs";
import { loader as exportLoader } from "./routes/daily-logs-export";

let owner: SqlClient;
let org: FinanceOrganization;
let field: TestMember;
let fieldUser: SignedIn;
let viewerUser: SignedIn;
let logId: string;
const DAY = "2026-11-16";

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "dlog-routes");
  field = await org.addMember("field");
  const viewer = await org.addMember("viewer");
  [fieldUser, viewerUser] = [await signIn(field.email, { organizationId: org.organizationId }), await signIn(viewer.email, { organizationId: org.organizationId })];
  // a submitted log with every kind of entry and an addendum
  await withTenant(tenantOf(org, field), async (tx) => {
    const { log } = await openDailyLog(tx, { projectId: org.projectId, logDate: DAY, userId: field.userId });
    logId = log.id;
    let version = log.version;
    await saveWeather(tx, log.id, { version: version++, weatherConditions: "snow", temperatureHigh: "31.5", temperatureLow: "-4", temperatureUnit: "F", precipitation: "3 in snow", wind: "NW 15 mph", notes: "Plowed the lay-down yard at 6 AM." });
    await saveSection(tx, { logId, version: version++, section: "manpower", rows: [{ trade: "Concrete finishers", workers: 6, hours: "48", costCodeId: org.costCodeId }] });
    await saveSection(tx, { logId, version: version++, section: "work", rows: [{ costCodeId: org.costCodeId, area: "Area B", description: "Poured slab on grade" }] });
    await saveSection(tx, { logId, version: version++, section: "delays", rows: [{ cause: "weather", hours: "2", description: "Snow removal before the pour", potentialChange: true }] });
    await saveSection(tx, { logId, version: version++, section: "safety", rows: [{ kind: "toolbox_talk", description: "Cold stress", actionTaken: "" }] });
    await submitDailyLog(tx, { logId, version: version++, userId: field.userId });
    await addAddendum(tx, { logId, version: version++, body: "Concrete tickets attached to the job file.", userId: field.userId });
  });
});
afterAll(() => owner.end());

const base = () => `/projects/${org.projectId}/daily-logs`;
const params = () => ({ projectId: org.projectId, logId });

describe("permissions and tenancy", () => {
  it("a viewer reads the log but may not write (403); the field member may", async () => {
    expect((await callRoute(logLoader, viewerUser.get(`${base()}/${logId}`), params())).status).toBe(200);
    const refused = await callRoute(logAction, viewerUser.post(`${base()}/${logId}`, { intent: "add-addendum", version: "99", body: "Viewer note" }), params());
    expect(refused.status).toBe(403);
    expect((await callRoute(listAction, viewerUser.post(base(), { intent: "open" }), { projectId: org.projectId })).status).toBe(403);
    const opened = await callRoute(listAction, fieldUser.post(base(), { intent: "open", logDate: "2026-11-17" }), { projectId: org.projectId });
    expect(opened.status).toBe(303);
    expect(opened.location).toMatch(new RegExp(`^${base()}/[0-9a-f-]{36}$`));
  });

  it("the field member (no change order key) cannot start a change order: 403; the log shows no money", async () => {
    const [delay] = await owner`select id from daily_log_delays where daily_log_id = ${logId}`;
    expect((await callRoute(logAction, fieldUser.post(`${base()}/${logId}`, { intent: "start-change-order", delayId: delay.id }), params())).status).toBe(403);
    const page = await callRoute(logLoader, fieldUser.get(`${base()}/${logId}`), params());
    expect(JSON.stringify(page.data)).not.toMatch(/amount|\$/i);
  });

  it("another organization's project or log is a 404", async () => {
    const other = await financeOrganization(owner, "dlog-stranger");
    const stranger = await signIn(other.owner.email, { organizationId: other.organizationId });
    expect((await callRoute(logLoader, stranger.get(`${base()}/${logId}`), params())).status).toBe(404);
    expect((await callRoute(logLoader, stranger.get(`/projects/${other.projectId}/daily-logs/${logId}`), { projectId: other.projectId, logId })).status).toBe(404);
    expect((await callRoute(pdfLoader, stranger.get(`${base()}/${logId}/report.pdf`), params())).status).toBe(404);
    expect((await callRoute(exportLoader, stranger.get(`${base()}/export.xlsx`), { projectId: org.projectId })).status).toBe(404);
  });
});

describe("bad input is a 400 with the user's input, never a write", () => {
  it("refuses bad hours, a bad section row and a future day", async () => {
    const draft = await callRoute(listAction, fieldUser.post(base(), { intent: "open", logDate: "2026-11-18" }), { projectId: org.projectId });
    const draftId = draft.location!.split("/").pop()!;
    const at = { projectId: org.projectId, logId: draftId };
    const bad = await callRoute(logAction, fieldUser.post(`${base()}/${draftId}`, { intent: "save-manpower", version: "1", "rows[0].trade": "Laborers", "rows[0].workers": "three", "rows[0].hours": "8" }), at);
    expect(bad.status).toBe(400);
    expect(bad.fieldErrors["rows[0].workers"]).toEqual(["Enter the workers as a whole number such as 6"]);
    const empty = await callRoute(logAction, fieldUser.post(`${base()}/${draftId}`, { intent: "submit", version: "1" }), at);
    expect(empty).toMatchObject({ status: 400, formErrors: [expect.stringMatching(/This log is empty/)] });
    const future = await callRoute(listAction, fieldUser.post(base(), { intent: "open", logDate: "2999-01-01" }), { projectId: org.projectId });
    expect(future.status).toBe(400);
    const unknown = await callRoute(logAction, fieldUser.post(`${base()}/${draftId}`, { intent: "save-nothing" }), at);
    expect(unknown.status).toBe(400);
    expect((await owner`select count(*)::int as n from daily_log_manpower where daily_log_id = ${draftId}`)[0].n).toBe(0);
  });

  it("a section post to a submitted log is refused with the lock's message (409)", async () => {
    const [{ version }] = await owner`select version from daily_logs where id = ${logId}`;
    const late = await callRoute(logAction, fieldUser.post(`${base()}/${logId}`, { intent: "save-work", version: String(version), "rows[0].description": "Late" }), params());
    expect(late).toMatchObject({ status: 409, formErrors: [expect.stringMatching(/submitted and locked/)] });
  });
});

describe("the daily report PDF and the Excel export", () => {
  it("the PDF names the organization, the day, the weather, every section and the addendum", async () => {
    const response = (await callRoute(pdfLoader, fieldUser.get(`${base()}/${logId}/report.pdf`), params())).data as Response;
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(await response.arrayBuffer())), { mergePages: true });
    const flat = text.replace(/\s+/g, " ");
    for (const words of ["Daily report", DAY, "Snow", "high 31.5 °F", "low -4.0 °F", "Concrete finishers", "Poured slab on grade", "Snow removal before the pour", "Potential change: yes", "Cold stress", "Addenda", "Concrete tickets attached"])
      expect(flat, words).toContain(words);
  });

  it("the export has a Logs sheet and one sheet per section, a row per entry with its day as a date, labels not keys", async () => {
    const response = (await callRoute(exportLoader, fieldUser.get(`${base()}/export.xlsx?from=2026-11-01&to=2026-11-30`), { projectId: org.projectId })).data as Response;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["Logs", "Manpower", "Work performed", "Equipment on site", "Deliveries", "Visitors", "Delays", "Safety", "Addenda"]);
    const logs = workbook.getWorksheet("Logs")!;
    const submitted = logs.getRows(2, logs.rowCount - 1)!.find((r) => (r.getCell(1).value as Date).toISOString().startsWith(DAY))!;
    expect([submitted.getCell(2).value, submitted.getCell(3).value, submitted.getCell(9).value, submitted.getCell(10).value]).toEqual(["Submitted", "Snow", 6, 48]);
    const manpower = workbook.getWorksheet("Manpower")!.getRow(2).values as unknown[];
    expect(manpower.slice(1)).toEqual([new Date(`${DAY}T00:00:00Z`), "Own forces", "Concrete finishers", 6, 48, "03-3000 Cast-in-place concrete"]);
    const delays = workbook.getWorksheet("Delays")!.getRow(2).values as unknown[];
    expect(delays.slice(2, 6)).toEqual(["Weather", 2, "Snow removal before the pour", "Yes"]);
    expect((await callRoute(exportLoader, fieldUser.get(`${base()}/export.xlsx?from=2026-12-01&to=2026-11-01`), { projectId: org.projectId })).status).toBe(400);
  });

  it("the list shows each day with its crew figures and filters by status in the URL", async () => {
    const page = await callRoute(listLoader, fieldUser.get(`${base()}?status=submitted`), { projectId: org.projectId });
    const rows = (page.data as { page: { rows: { logDate: string; workers: number; crewHours: string; delays: number }[] } }).page.rows;
    expect(rows).toEqual([expect.objectContaining({ logDate: DAY, workers: 6, crewHours: "48.00", delays: 1 })]);
  });
});
