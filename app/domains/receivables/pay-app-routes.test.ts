import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { callRoute, routeArgs, signIn, useDevelopmentCookies, type SignedIn } from "../../../tests/support/route-requests";
import { billingProject } from "./billing-test-fixtures";
import { findPayApp, payAppLines, type PayApp } from "./pay-apps.server";
import * as appRoute from "./routes/pay-app";
import * as releaseRoute from "./routes/pay-app-release";
import * as listRoute from "./routes/pay-apps";
import * as exportRoute from "./routes/pay-apps-export";
import * as projectRoute from "./routes/project-pay-apps";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: Awaited<ReturnType<typeof billingProject>>;
let boss: SignedIn;
let pm: SignedIn;
let stranger: SignedIn;
let appId: string;

useDevelopmentCookies();
beforeAll(async () => {
  owner = ownerConnection();
  org = await billingProject("pay-app-routes");
  boss = await signIn(org.email);
  const manager = await newAccount("pay-app-routes-pm");
  await owner`insert into memberships (organization_id, user_id, role) values (${org.organizationId}, ${manager.userId}, 'project_manager')`;
  // a member of two organizations, working in this one
  pm = await signIn(manager.email, { organizationId: org.organizationId });
  stranger = await signIn((await newAccount("pay-app-routes-stranger")).email);
}, 60_000);
afterAll(() => owner.end());

const projectPath = () => `/projects/${org.projectId}/pay-apps`;
const appPath = () => `/pay-apps/${appId}`;
const stored = () => org.run((tx) => findPayApp(tx, appId));
const lines = () => org.run((tx) => payAppLines(tx, appId));
const lineId = async (n: number) => (await lines()).find((l) => l.lineNumber === n)!.id;

const postToApp = (who: SignedIn, fields: Record<string, string>) => callRoute(appRoute.action, who.post(appPath(), fields), { payAppId: appId });
const editLine = async (who: SignedIn, n: number, fields: Record<string, string>, version?: number) =>
  postToApp(who, { intent: "update-line", lineId: await lineId(n), version: String(version ?? (await stored()).version), storedNow: "0.00", ...fields });
const move = async (who: SignedIn, intent: string, version?: number) => postToApp(who, { intent, version: String(version ?? (await stored()).version) });

const g702 = (app: PayApp) => [app.line4CompletedAndStored, app.line5Retainage, app.line6EarnedLessRetainage, app.line7PreviousCertificates, app.line8CurrentPaymentDue];

describe("pay application routes", () => {
  it("create via POST redirects to the new application; a second open one is refused with a clear 400", async () => {
    const created = await callRoute(projectRoute.action, boss.post(projectPath(), { periodEnd: "2026-01-31", applicationDate: "2026-02-01", dueDate: "2026-03-02" }), { projectId: org.projectId });
    expect(created.status).toBe(303);
    expect(created.location).toMatch(/^\/pay-apps\/[0-9a-f-]{36}$/);
    appId = created.location!.split("/").at(-1)!;

    const again = await callRoute(projectRoute.action, boss.post(projectPath(), { periodEnd: "2026-02-28", applicationDate: "2026-03-01", dueDate: "2026-03-31" }), { projectId: org.projectId });
    expect(again.status).toBe(400);
    expect(again.formErrors.join(" ")).toContain("Application #1 is still draft");

    const page = await projectRoute.loader(routeArgs(boss.get(projectPath()), { projectId: org.projectId }));
    expect(page.page.rows.map((r) => [r.number, r.status])).toEqual([["1", "draft"]]);
    expect(page.open).toMatchObject({ id: appId, number: 1 });
  });

  it("a line past 100% is refused with 400 and its message, and nothing is written", async () => {
    const before = await stored();
    const refused = await editLine(boss, 1, { thisPeriod: "60,000.01" });
    expect(refused.status).toBe(400);
    expect(refused.formErrors.join(" ")).toMatch(/Line "Structure": completed and stored to date 60,000.01 would exceed its scheduled value 60,000.00.*approved change order/);
    expect((await lines()).map((l) => l.thisPeriod)).toEqual(["0.00", "0.00"]);
    expect((await stored()).version).toBe(before.version);
  });

  it("going backwards without the correction flag, or amount and % together, are refused with 400", async () => {
    const backwards = await editLine(boss, 1, { thisPeriod: "-1.00" });
    expect(backwards.status).toBe(400);
    expect(backwards.formErrors.join(" ")).toContain("progress can go backwards only as an explicit correction");
    const both = await editLine(boss, 1, { thisPeriod: "1.00", percentToDate: "50" });
    expect(both.status).toBe(400);
    expect(both.fieldErrors).toMatchObject({ percentToDate: [expect.stringContaining("not both")] });
    expect((await lines()).map((l) => l.thisPeriod)).toEqual(["0.00", "0.00"]);
  });

  it("lines saved by amount and by % complete update the summary; a stale version is a 409", async () => {
    const stale = (await stored()).version;
    expect(await editLine(boss, 1, { thisPeriod: "30,000.00" })).toMatchObject({ status: 303, location: `${appPath()}#lines` });
    expect(await editLine(boss, 2, { percentToDate: "25", storedNow: "2,000.00" })).toMatchObject({ status: 303 });
    expect(g702(await stored())).toEqual(["42000.00", "4200.00", "37800.00", "0.00", "37800.00"]);

    const conflict = await editLine(boss, 1, { thisPeriod: "1.00" }, stale);
    expect(conflict.status).toBe(409);
    expect(conflict.formErrors.join(" ")).toContain("Someone else changed Application #1 meanwhile");

    const page = await appRoute.loader(routeArgs(boss.get(`${appPath()}?line=${await lineId(2)}`), { payAppId: appId }));
    expect(page.editLine).toMatchObject({ lineNumber: 2, thisPeriod: "10000.00", storedNow: "2000.00", totalCompletedAndStored: "12000.00", percentComplete: "30.00", balanceToFinish: "28000.00" });
    expect(page.totals).toMatchObject({ scheduledValue: "100000.00", totalCompletedAndStored: "42000.00", retainage: "4200.00" });
  });

  it("of two submits posted with the same version, one wins and the other gets a 409", async () => {
    const version = (await stored()).version;
    const results = await Promise.all([move(boss, "submit", version), move(boss, "submit", version)]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    expect(results.find((r) => r.status === 409)!.formErrors.join(" ")).toContain("Someone else changed Application #1 meanwhile");
    expect((await stored()).status).toBe("submitted");
  });

  it("certify needs receivables:certify; then the application is certified", async () => {
    const denied = await callRoute(appRoute.action, pm.post(appPath(), { intent: "certify", version: "1" }), { payAppId: appId });
    expect(denied.status).toBe(403);
    const certified = await move(boss, "certify");
    expect(certified).toMatchObject({ status: 303, location: appPath() });
    expect((await stored()).status).toBe("certified");
  });

  it("an edit or transition posted on a certified application is refused (never a 500) and changes nothing", async () => {
    const before = await stored();
    const linesBefore = await lines();
    const edit = await editLine(boss, 1, { thisPeriod: "100.00" });
    expect(edit.status).toBe(400);
    expect(edit.formErrors.join(" ")).toContain("Application #1 is certified: only a draft can be changed.");
    for (const intent of ["submit", "return-to-draft", "certify"]) {
      const refused = await move(boss, intent);
      expect(refused.status).toBe(400);
      expect(refused.formErrors.join(" ")).toContain("Application #1 is certified");
    }
    expect(await stored()).toEqual(before);
    expect(await lines()).toEqual(linesBefore);
  });

  it("payments received: partial keeps it certified; more than is open is refused on the amount field", async () => {
    const version = String((await stored()).version);
    const partial = await postToApp(boss, { intent: "record-payment", version, receivedOn: "2026-03-01", amount: "20,000.00", method: "check", reference: "1001" });
    expect(partial).toMatchObject({ status: 303, location: `${appPath()}#payments` });
    const tooMuch = await postToApp(boss, { intent: "record-payment", version: String((await stored()).version), receivedOn: "2026-03-02", amount: "17,800.01", method: "ach" });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.fieldErrors).toMatchObject({ amount: [expect.stringContaining("more than the 17800.00 still open")] });
    const page = await appRoute.loader(routeArgs(boss.get(appPath()), { payAppId: appId }));
    expect(page).toMatchObject({ received: "20000.00", outstanding: "17800.00", app: { status: "certified" } });
    expect(page.payments).toHaveLength(1);
    expect(page.releaseBlocker).toBeNull();
  });

  it("a retainage release by percentage creates its own application and redirects to it; line 5 drops", async () => {
    const form = await releaseRoute.loader(routeArgs(boss.get(`${appPath()}/release-retainage`), { payAppId: appId }));
    expect(form).toMatchObject({ blocker: null, app: { held: "4200.00" } });
    const created = await callRoute(releaseRoute.action, boss.post(`${appPath()}/release-retainage`, { release: "percent", percent: "50", applicationDate: "2026-04-01", dueDate: "2026-05-01" }), { payAppId: appId });
    expect(created.status).toBe(303);
    const releaseId = created.location!.split("/").at(-1)!;
    expect(releaseId).not.toBe(appId);
    const release = await org.run((tx) => findPayApp(tx, releaseId));
    expect(release.kind).toBe("retainage_release");
    expect(g702(release)).toEqual(["42000.00", "2100.00", "39900.00", "37800.00", "2100.00"]);

    const blocked = await callRoute(releaseRoute.action, boss.post(`${appPath()}/release-retainage`, { release: "final", applicationDate: "2026-04-01", dueDate: "2026-05-01" }), { payAppId: appId });
    expect(blocked.status).toBe(400);
    expect(blocked.formErrors.join(" ")).toContain("is still draft");
  });

  it("lists across projects filter by status; the export is an xlsx", async () => {
    const list = await listRoute.loader(routeArgs(boss.get("/pay-apps?f.status=certified")));
    expect(list.page.rows.map((r) => [r.number, r.received, r.outstanding])).toEqual([["1", "20000.00", "17800.00"]]);
    expect(list.page.totals).toMatchObject({ currentPaymentDue: "37800.00", received: "20000.00", outstanding: "17800.00" });
    const xlsx = await exportRoute.loader(routeArgs(boss.get(`/pay-apps/export.xlsx?project=${org.projectId}`)));
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get("Content-Type")).toContain("spreadsheetml");
    await xlsx.arrayBuffer();
  });

  it("another organization's application, project or release page is a 404", async () => {
    expect((await callRoute(appRoute.loader, stranger.get(appPath()), { payAppId: appId })).status).toBe(404);
    expect((await callRoute(appRoute.action, stranger.post(appPath(), { intent: "submit", version: "1" }), { payAppId: appId })).status).toBe(404);
    expect((await callRoute(releaseRoute.loader, stranger.get(`${appPath()}/release-retainage`), { payAppId: appId })).status).toBe(404);
    expect((await callRoute(projectRoute.loader, stranger.get(projectPath()), { projectId: org.projectId })).status).toBe(404);
    expect((await callRoute(projectRoute.action, stranger.post(projectPath(), { periodEnd: "2026-05-31", applicationDate: "2026-06-01", dueDate: "2026-06-30" }), { projectId: org.projectId })).status).toBe(404);
    expect((await callRoute(appRoute.loader, boss.get("/pay-apps/not-a-uuid"), { payAppId: "not-a-uuid" })).status).toBe(404);
    expect((await listRoute.loader(routeArgs(stranger.get("/pay-apps")))).page.rows).toEqual([]);
  });
});
