import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AgingReport } from "~/components/aging-report";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { agingXlsxResponse } from "~/utils/aging-excel.server";
import { agingExport, agingPage, organizationToday, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { arAgingItems } from "./ar-aging.server";
import { AR_AGING_LABELS } from "./ar-aging.labels";
import { billingFixture } from "./billing-test-fixtures";
import type { PayApp } from "./pay-apps.server";
import { projectBillingSummary } from "./project-billing.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let run: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
let fx: ReturnType<typeof billingFixture>;
let county: string;
let harbor: string;
const apps: PayApp[] = [];
let releaseApp: PayApp;

const AS_OF = "2025-06-30";
/** Due dates 91, 90, 61, 60, 31, 30, 0 and −1 days before AS_OF: each bucket boundary from both sides. */
const DUE = ["2025-03-31", "2025-04-01", "2025-04-30", "2025-05-01", "2025-05-30", "2025-05-31", "2025-06-30", "2025-07-01"];

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ar-aging");
  run = (fn) => withTenant(tenantOf(org, org.owner), fn);
  fx = billingFixture(owner, org.organizationId, org.owner.userId, run);

  // County: $100,000.00 at 10% retainage; application #k bills k × 1,000.00, so it holds k × 100.00
  // of retainage and asks for k × 900.00.
  county = await fx.project("Library");
  await fx.contract(county, { ownerName: "County of Example", originalSum: "100000.00", sov: ["100000.00"] });
  for (const [i, dueDate] of DUE.entries()) apps.push(await fx.certified(county, { dueDate }, { 1: `${(i + 1) * 1000}.00` }));
  await fx.receive(apps[0].id, "400.00"); // #1: 500.00 still open
  await fx.receive(apps[1].id, "1800.00"); // #2: paid in full
  // 250.00 released: taken from the oldest retainage first (all 100.00 of #1, 150.00 of #2's 200.00).
  releaseApp = await fx.release(county, "250.00", "2025-07-15");

  // Harbor: another customer; its only application is a draft (counts nowhere) after a certified one.
  harbor = await fx.project("Pier");
  await fx.contract(harbor, { ownerName: "Harbor Authority", originalSum: "50000.00", retainagePercent: "5", sov: ["50000.00"] });
  await fx.certified(harbor, { dueDate: "2025-06-01" }, { 1: "10000.00" });
  await fx.draft(harbor, { dueDate: "2025-06-20" }, { 1: "5000.00" });
});
afterAll(() => owner.end());

describe("AR aging items", () => {
  it("are the open line 8 of certified applications, retainage held per application (oldest released first) and unreceived releases", async () => {
    const items = await run((tx) => arAgingItems(tx, { projectId: county }));
    const brief = items.map((i) => [i.label, i.dueDate, i.openAmount, i.isRetainage]);
    expect(brief).toEqual([
      ["Application #1", "2025-03-31", "500.00", false],
      ["Application #2 (retainage held)", "2025-04-01", "50.00", true],
      ["Application #3", "2025-04-30", "2700.00", false],
      ["Application #3 (retainage held)", "2025-04-30", "300.00", true],
      ["Application #4", "2025-05-01", "3600.00", false],
      ["Application #4 (retainage held)", "2025-05-01", "400.00", true],
      ["Application #5", "2025-05-30", "4500.00", false],
      ["Application #5 (retainage held)", "2025-05-30", "500.00", true],
      ["Application #6", "2025-05-31", "5400.00", false],
      ["Application #6 (retainage held)", "2025-05-31", "600.00", true],
      ["Application #7", "2025-06-30", "6300.00", false],
      ["Application #7 (retainage held)", "2025-06-30", "700.00", true],
      ["Application #8", "2025-07-01", "7200.00", false],
      ["Application #8 (retainage held)", "2025-07-01", "800.00", true],
      ["Retainage release #9", "2025-07-15", "250.00", true],
    ]);
    expect(new Set(items.map((i) => i.party))).toEqual(new Set(["County of Example"]));
    expect(items[0]).toMatchObject({ partyId: "County of Example", documentId: apps[0].id, href: `/pay-apps/${apps[0].id}`, projectId: county });
    expect(items.at(-1)).toMatchObject({ documentId: releaseApp.id, href: `/pay-apps/${releaseApp.id}` });
  });

  it("put each boundary day in its bucket: 0 current, 30 in 1–30, 31 and 60 in 31–60, 61 and 90 in 61–90, 91 in 90+", async () => {
    const page = agingPage(await run((tx) => arAgingItems(tx)), AS_OF);
    expect(page.open.rows.map((r) => r.party)).toEqual(["County of Example", "Harbor Authority"]);
    const [countyOpen, harborOpen] = page.open.rows;
    expect(countyOpen.buckets).toEqual({ current: "13500.00", "1-30": "5400.00", "31-60": "8100.00", "61-90": "2700.00", "90+": "500.00" });
    expect(countyOpen.total).toBe("30200.00");
    // Harbor #1: 10,000.00 less 5% retainage, due 2025-06-01 → 29 days.
    expect(harborOpen).toMatchObject({ partyId: "Harbor Authority", total: "9500.00", buckets: { "1-30": "9500.00" } });
    expect(page.open.totals).toEqual({ buckets: { current: "13500.00", "1-30": "14900.00", "31-60": "8100.00", "61-90": "2700.00", "90+": "500.00" }, total: "39700.00" });

    const [countyRetainage, harborRetainage] = page.retainage.rows;
    expect(countyRetainage.buckets).toEqual({ current: "1750.00", "1-30": "600.00", "31-60": "900.00", "61-90": "350.00", "90+": "0.00" });
    expect(countyRetainage.total).toBe("3600.00");
    expect(harborRetainage).toMatchObject({ total: "500.00", buckets: { "1-30": "500.00" } });
    expect(page.total).toBe("43800.00");
    expect(page.party).toBeNull();
  });

  it("drill down to one customer's documents with their days past due", async () => {
    const page = agingPage(await run((tx) => arAgingItems(tx)), AS_OF, "Harbor Authority");
    expect(page.open.rows.map((r) => r.party)).toEqual(["Harbor Authority"]);
    expect(page.total).toBe("10000.00");
    expect(page.party?.name).toBe("Harbor Authority");
    expect(page.party?.documents.map((d) => [d.label, d.daysPastDue, d.bucket, d.openAmount])).toEqual([
      ["Application #1", 29, "1-30", "9500.00"],
      ["Application #1 (retainage held)", 29, "1-30", "500.00"],
    ]);
    const unknown = agingPage(await run((tx) => arAgingItems(tx)), AS_OF, "Nobody");
    expect(unknown.party).toEqual({ id: "Nobody", name: null, documents: [] });
    expect(unknown.total).toBe("0.00");
  });

  it("render as the page: party rows link to their drill-down, documents to their application", async () => {
    const render = (page: ReturnType<typeof agingPage>) =>
      renderToString(createElement(AgingReport, { page, pathname: "/receivables/aging", exportPath: "/receivables/aging/export.xlsx", labels: AR_AGING_LABELS }));
    expect(render(agingPage([], AS_OF))).toContain("Nothing open.");
    const documents = await run((tx) => arAgingItems(tx));
    const summary = render(agingPage(documents, AS_OF));
    expect(summary).toContain('href="/receivables/aging?asOf=2025-06-30&amp;party=Harbor+Authority"');
    expect(summary).toContain('href="/receivables/aging/export.xlsx?asOf=2025-06-30"');
    expect(summary).toMatch(/<form method="get" action="\/receivables\/aging"[^>]*><label[^>]*>As of<input type="date" name="asOf"[^>]*value="2025-06-30"/);
    const drill = render(agingPage(documents, AS_OF, "County of Example"));
    expect(drill).toContain(`href="/pay-apps/${releaseApp.id}"`);
    expect(drill).toMatch(/<input type="hidden" name="party" value="County of Example"\/>/);
    expect(drill).toContain('href="/receivables/aging/export.xlsx?asOf=2025-06-30&amp;party=County+of+Example"');
    expect(drill).not.toContain("Harbor Authority");
  });

  it("are tenant-scoped: another organization sees none of them", async () => {
    const other = await financeOrganization(owner, "ar-aging-other");
    expect(await withTenant(tenantOf(other, other.owner), (tx) => arAgingItems(tx))).toEqual([]);
  });
});

describe("project billing summary", () => {
  it("billed to date and retainage held come from the latest certified application; AR outstanding ties to the aging", async () => {
    const summary = await run((tx) => projectBillingSummary(tx, county));
    // Line 4 36,000.00 (release #9 carries #8's progress); 3,600.00 held less 250.00 released;
    // Σ line 8 32,650.00 less 2,200.00 received.
    expect(summary).toEqual({
      billedToDate: "36000.00",
      received: "2200.00",
      retainageHeld: "3350.00",
      arOutstanding: "30450.00",
      latestApplication: { id: releaseApp.id, number: 9, periodEnd: releaseApp.periodEnd },
    });
    const open = agingPage(await run((tx) => arAgingItems(tx, { projectId: county })), AS_OF);
    expect(open.open.totals.total).toBe("30200.00"); // + the 250.00 release, aged as retainage = 30,450.00
    expect(await run((tx) => projectBillingSummary(tx, harbor))).toMatchObject({ billedToDate: "10000.00", retainageHeld: "500.00", arOutstanding: "9500.00", received: "0.00" });
    const empty = await fx.project("Empty");
    expect(await run((tx) => projectBillingSummary(tx, empty))).toEqual({ billedToDate: "0.00", received: "0.00", retainageHeld: "0.00", arOutstanding: "0.00", latestApplication: null });
  });
});

describe("aging query and export", () => {
  it("reads ?asOf= and ?party=, falling back to today (the organization's) and all parties", async () => {
    expect(parseAgingQuery(new URL("http://x/receivables/aging?asOf=2025-06-30&party=County"))).toEqual({ asOf: "2025-06-30", party: "County" });
    expect(parseAgingQuery(new URL("http://x/receivables/aging?asOf=2025-02-30&party="))).toEqual({ asOf: null, party: null });
    const today = await run((tx) => organizationToday(tx));
    expect(today).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(await run((tx) => resolveAsOf(tx, { asOf: null, party: null }))).toBe(today);
    expect(await run((tx) => resolveAsOf(tx, { asOf: "2024-01-01", party: null }))).toBe("2024-01-01");
  });

  it("writes the summary by bucket and every open document to the workbook", async () => {
    const report = agingExport(await run((tx) => arAgingItems(tx)), AS_OF);
    const response = await agingXlsxResponse(report, AR_AGING_LABELS, `ar-aging-${AS_OF}.xlsx`);
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="ar-aging-${AS_OF}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    const summary = workbook.getWorksheet("Aging")!;
    const rows = summary.getSheetValues().slice(1).map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toContainEqual(["County of Example", 13500, 5400, 8100, 2700, 500, 30200]);
    expect(rows).toContainEqual(["Total retainage receivable", 1750, 1100, 900, 350, 0, 4100]);
    expect(rows.at(-1)).toEqual(["Total open", undefined, undefined, undefined, undefined, undefined, 43800]);
    const documents = workbook.getWorksheet("Open items")!;
    expect(documents.rowCount).toBe(1 + report.documents.length);
    expect(documents.getRow(2).values).toEqual([undefined, "County of Example", "Application #1", "B-1 Library", "Open", new Date("2025-03-31T00:00:00Z"), 91, "Over 90 days", 500]);
  });
});
