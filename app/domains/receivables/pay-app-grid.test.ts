import { beforeAll, describe, expect, it } from "vitest";
import { callRoute, signIn, useDevelopmentCookies, type SignedIn } from "../../../tests/support/route-requests";
import { billingProject } from "./billing-test-fixtures";
import { createPayApplication } from "./pay-app-workflow.server";
import { findPayApp, payAppLines } from "./pay-apps.server";
import * as appRoute from "./routes/pay-app";

let org: Awaited<ReturnType<typeof billingProject>>;
let boss: SignedIn;
let appId: string;

useDevelopmentCookies();
beforeAll(async () => {
  org = await billingProject("pay-app-grid");
  boss = await signIn(org.email);
  appId = (await org.run((tx) => createPayApplication(tx, org.projectId, { periodEnd: "2026-01-31", applicationDate: "2026-02-01", dueDate: "2026-03-02", createdBy: org.userId }))).id;
}, 60_000);

const stored = () => org.run((tx) => findPayApp(tx, appId));
const lines = () => org.run((tx) => payAppLines(tx, appId));
const entered = async () => (await lines()).map((l) => [l.lineNumber, l.thisPeriod, l.storedNow]);

/** The grid as the page posts it: one map of cells per line, in line order. */
async function postGrid(rows: Record<string, string>[], version?: number) {
  const ids = (await lines()).map((l) => l.id);
  const fields: Record<string, string> = { intent: "save-lines", version: String(version ?? (await stored()).version) };
  rows.forEach((row, i) => Object.entries({ lineId: ids[i], storedNow: "0.00", ...row }).forEach(([key, value]) => (fields[`lines[${i}].${key}`] = value)));
  return callRoute(appRoute.action, boss.post(`/pay-apps/${appId}`, fields), { payAppId: appId });
}

describe("pay application continuation grid", () => {
  it("one bad cell refuses every line with its message under that cell: nothing is saved", async () => {
    const before = await stored();
    const over = await postGrid([{ thisPeriod: "60,000.01" }, { thisPeriod: "5,000.00" }]);
    expect(over.status).toBe(400);
    expect(over.fieldErrors).toEqual({ "lines[0].thisPeriod": [expect.stringMatching(/^Line "Structure": completed and stored to date 60,000.01 would exceed its scheduled value/)] });

    const typed = await postGrid([{ thisPeriod: "1,000.00", percentToDate: "10" }, { thisPeriod: "5,000.00", storedNow: "lots" }]);
    expect(typed.status).toBe(400);
    expect(Object.keys(typed.fieldErrors).sort()).toEqual(["lines[0].percentToDate", "lines[1].storedNow"]);
    expect(typed.fieldErrors["lines[0].percentToDate"]).toEqual([expect.stringContaining("not both")]);

    const byPercent = await postGrid([{ percentToDate: "101" }, {}]);
    expect(byPercent.status).toBe(400);
    expect(Object.keys(byPercent.fieldErrors)).toEqual(["lines[0].percentToDate"]);

    expect(await entered()).toEqual([
      [1, "0.00", "0.00"],
      [2, "0.00", "0.00"],
    ]);
    expect(await stored()).toMatchObject({ version: before.version, line4CompletedAndStored: "0.00" });
  });

  it("saves every line in one post: an amount, a % complete to date and stored materials, through the pay application math", async () => {
    const before = await stored();
    const saved = await postGrid([{ thisPeriod: "30,000.00" }, { percentToDate: "25", storedNow: "1,000.00" }]);
    expect(saved.status).toBe(303);
    expect(await entered()).toEqual([
      [1, "30000.00", "0.00"],
      [2, "10000.00", "1000.00"],
    ]);
    expect(await stored()).toMatchObject({ version: before.version + 1, line4CompletedAndStored: "41000.00", line5Retainage: "4100.00", line8CurrentPaymentDue: "36900.00" });
  });

  it("a post from a stale page is refused with 409 and changes nothing", async () => {
    const { version } = await stored();
    const stale = await postGrid([{ thisPeriod: "1.00" }, {}], version - 1);
    expect(stale.status).toBe(409);
    expect(stale.formErrors.join(" ")).toContain("Someone else changed Application #1");
    expect(await entered()).toEqual([
      [1, "30000.00", "0.00"],
      [2, "10000.00", "1000.00"],
    ]);
  });
});
