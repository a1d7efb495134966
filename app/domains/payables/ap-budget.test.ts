import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { figuresRelation } from "~/domains/budgets/figure-cache.server";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { budgetFigures } from "~/domains/budgets/figures.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { ownerConnection } from "../../../tests/support/connections";
import type { AgingPage } from "~/utils/aging-report";
import { callRoute, signIn } from "../../../tests/support/route-requests";
import { agingPage, agingPageFromSums } from "~/utils/aging-report.server";
import { apAgingDocuments, apAgingSums } from "./ap-aging.server";
import { loader as agingLoader } from "./routes/payables-aging";
import { newRetainageReleaseSchema } from "./payables.schema";
import { createRetainageRelease } from "./retainage.server";
import { payablesFixture, type PayablesFixture } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

const FIGURES = ["committed", "directCosts", "actual", "projectedCost"] as const;
type Snapshot = Record<(typeof FIGURES)[number], string>;

describe("vendor invoices in the budget and job cost figures", () => {
  let org: FinanceOrganization;
  let finance: TestMember;
  let fx: PayablesFixture;
  beforeAll(async () => {
    org = await financeOrganization(owner, "ap-budget");
    finance = await org.addMember("finance");
    fx = payablesFixture(owner, org);
  });

  /** The project's row for a cost code (× the test cost type), zeros when it has no activity yet. */
  async function figuresOf(costCodeId: string): Promise<Snapshot> {
    const [row] = await fx.as(finance, (tx) => budgetFigures(tx, org.projectId, { costCodeId, costTypeId: org.costTypeId }));
    return Object.fromEntries(FIGURES.map((k) => [k, row?.[k] ?? "0.00"])) as Snapshot;
  }

  /** How each figure moved since `before`. */
  async function change(costCodeId: string, before: Snapshot) {
    const after = await figuresOf(costCodeId);
    return Object.fromEntries(FIGURES.map((k) => [k, dec(after[k]).minus(before[k]).toFixed(2)]));
  }

  const none = { committed: "0.00", directCosts: "0.00", actual: "0.00", projectedCost: "0.00" };

  it("an approved direct-cost invoice raises direct costs, actual and projected cost, not committed; drafts and pending ones do not count", async () => {
    const before = await figuresOf(org.otherCostCodeId);
    const invoiceId = await fx.directInvoice(finance, [
      [org.otherCostCodeId, "1250.50"],
      [org.otherCostCodeId, "49.50"],
    ]);
    expect(await change(org.otherCostCodeId, before)).toEqual(none);
    await fx.move(finance, invoiceId, "submit");
    expect(await change(org.otherCostCodeId, before)).toEqual(none);
    await fx.decide(finance, invoiceId);
    const approved = { committed: "0.00", directCosts: "1300.00", actual: "1300.00", projectedCost: "1300.00" };
    expect(await change(org.otherCostCodeId, before)).toEqual(approved);
    await fx.pay(finance, invoiceId, "1300.00");
    expect(await change(org.otherCostCodeId, before)).toEqual(approved);
  });

  it("an approved invoice against a commitment raises actual by what it bills (retainage included), not committed", async () => {
    const before = await figuresOf(org.costCodeId);
    const { commitmentId, lineIds } = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "10000.00"]] });
    const committed = { ...none, committed: "10000.00", projectedCost: "10000.00" };
    expect(await change(org.costCodeId, before)).toEqual(committed);
    const invoice = await fx.draftAgainst(finance, commitmentId);
    await fx.bill(finance, invoice.id, [[lineIds[0], "4000.00", "500.00"]]);
    expect(await change(org.costCodeId, before)).toEqual(committed);
    await fx.approve(invoice.id);
    expect(await change(org.costCodeId, before)).toEqual({ ...committed, actual: "4500.00" });

    // Voided, it counts nowhere again; a retainage release pays out cost already counted.
    const second = await fx.draftAgainst(finance, commitmentId);
    await fx.bill(finance, second.id, [[lineIds[0], "1000.00"]]);
    await fx.approve(second.id);
    expect(await change(org.costCodeId, before)).toEqual({ ...committed, actual: "5500.00" });
    await fx.move(finance, second.id, "void");
    expect(await change(org.costCodeId, before)).toEqual({ ...committed, actual: "4500.00" });
    const release = await fx.as(finance, (tx) => createRetainageRelease(tx, newRetainageReleaseSchema.parse({ commitmentId, ...fx.header(), amount: "450.00" })));
    await fx.approve(release.id);
    expect(await change(org.costCodeId, before)).toEqual({ ...committed, actual: "4500.00" });
  });

  it("the stored figures equal a fresh computation after every kind of AP write", async () => {
    const rows = (tx: Tx, relation: ReturnType<typeof sql>) => queryRows(tx, sql`select * from ${relation} f order by f."sortKey"`).then((r) => r.map((x) => ({ ...x })));
    const compare = () =>
      fx.as(finance, async (tx) => ({ stored: await rows(tx, await figuresRelation(tx, org.projectId)), fresh: await rows(tx, sql`(${figuresQuery(org.projectId)})`) }));
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "5000.00"]] });
    const invoice = await fx.draftAgainst(finance, commitmentId);
    await compare(); // stored rows current before the AP writes, so what follows tests their invalidation
    await fx.bill(finance, invoice.id, [[lineIds[0], "700.00"]]);
    await fx.approve(invoice.id);
    const { stored, fresh } = await compare();
    expect(stored).toEqual(fresh);
    await fx.move(finance, invoice.id, "void");
    const again = await compare();
    expect(again.stored).toEqual(again.fresh);
    expect(again.stored).not.toEqual(stored);
  });

  it("paying an approved invoice in part leaves the stored figures current; paying it off changes no figure", async () => {
    const state = () =>
      fx.as(finance, (tx) =>
        queryRows<{ source: string; cached: string }>(tx, sql`select source_version::text as source, cached_version::text as cached from budget_figure_state where project_id = ${org.projectId}`),
      );
    const invoiceId = await fx.directInvoice(finance, [[org.otherCostCodeId, "800.00"]]);
    await fx.approve(invoiceId);
    const before = await figuresOf(org.otherCostCodeId);
    const [current] = await state();
    expect(current.cached).toBe(current.source);
    await fx.pay(finance, invoiceId, "300.00");
    expect(await state()).toEqual([current]);
    await fx.pay(finance, invoiceId, "500.00");
    expect(await change(org.otherCostCodeId, before)).toEqual(none);
  });
});

describe("AP aging items", () => {
  it("open balances of approved invoices, and retainage held or released, each with its vendor and due date", async () => {
    const org = await financeOrganization(owner, "ap-aging");
    const finance = await org.addMember("finance");
    const fx = payablesFixture(owner, org);
    const alpha = await fx.vendor("Alpha Concrete");
    const { commitmentId, lineIds } = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "50000.00"]], vendorId: alpha });
    const p1 = await fx.draftAgainst(finance, commitmentId, "A-1", "2025-03-31");
    await fx.bill(finance, p1.id, [[lineIds[0], "10000.00"]]);
    await fx.approve(p1.id);
    await fx.pay(finance, p1.id, "4000.00");
    const p2 = await fx.draftAgainst(finance, commitmentId, "A-2", "2025-04-30");
    await fx.bill(finance, p2.id, [[lineIds[0], "2000.00"]]);
    await fx.approve(p2.id);
    const draft = await fx.draftAgainst(finance, commitmentId, "A-3", "2025-05-31");
    await fx.bill(finance, draft.id, [[lineIds[0], "3000.00"]]);
    const release = await fx.as(finance, (tx) =>
      createRetainageRelease(tx, newRetainageReleaseSchema.parse({ commitmentId, ...fx.header("A-R1", "2025-05-15"), amount: "600.00" })),
    );
    await fx.approve(release.id);
    await fx.pay(finance, release.id, "100.00");
    const beta = await fx.vendor("Beta Rentals");
    const direct = await fx.directInvoice(finance, [[org.otherCostCodeId, "1000.00"]], beta);
    await fx.approve(direct);
    const paid = await fx.directInvoice(finance, [[org.otherCostCodeId, "50.00"]], beta);
    await fx.approve(paid);
    await fx.pay(finance, paid, "50.00");

    const documents = await fx.as(finance, (tx) => apAgingDocuments(tx));
    const items = documents.map((d) => ({ party: d.party, dueDate: d.dueDate, openAmount: d.openAmount, isRetainage: d.isRetainage, invoiceId: d.documentId }));
    expect(items).toEqual([
      { party: "Alpha Concrete", dueDate: "2025-03-31", openAmount: "5000.00", isRetainage: false, invoiceId: p1.id },
      // The approved release is taken from the oldest holding invoice first: 1,000.00 − 600.00 still held on A-1.
      { party: "Alpha Concrete", dueDate: "2025-03-31", openAmount: "400.00", isRetainage: true, invoiceId: p1.id },
      { party: "Alpha Concrete", dueDate: "2025-04-30", openAmount: "1800.00", isRetainage: false, invoiceId: p2.id },
      { party: "Alpha Concrete", dueDate: "2025-04-30", openAmount: "200.00", isRetainage: true, invoiceId: p2.id },
      { party: "Alpha Concrete", dueDate: "2025-05-15", openAmount: "500.00", isRetainage: true, invoiceId: release.id },
      { party: "Beta Rentals", dueDate: "2025-03-31", openAmount: "1000.00", isRetainage: false, invoiceId: direct },
    ]);
    // What the page shows and links for each item, read in the same statement.
    const [{ invoice_number: directNumber }] = await owner`select invoice_number from ap_invoices where id = ${direct}`;
    expect(documents.map((d) => [d.label, d.href, d.partyId, d.projectId])).toEqual([
      ["Invoice A-1", `/payables/${p1.id}`, alpha, org.projectId],
      ["Invoice A-1 (retainage held)", `/payables/${p1.id}`, alpha, org.projectId],
      ["Invoice A-2", `/payables/${p2.id}`, alpha, org.projectId],
      ["Invoice A-2 (retainage held)", `/payables/${p2.id}`, alpha, org.projectId],
      ["Retainage release A-R1", `/payables/${release.id}`, alpha, org.projectId],
      [`Invoice ${directNumber}`, `/payables/${direct}`, beta, org.projectId],
    ]);
    expect(new Set(documents.map((d) => d.project)).size).toBe(1);
    expect(await fx.as(finance, (tx) => apAgingDocuments(tx, { projectId: org.projectId }))).toEqual(documents);

    // The page as its route serves it: the vendor's drill-down lists the same documents.
    const user = await signIn(finance.email, { organizationId: org.organizationId });
    const out = await callRoute(agingLoader, user.get(`/payables/aging?asOf=2025-06-30&party=${alpha}`));
    expect(out.status).toBe(200);
    const { page } = out.data as { page: AgingPage };
    expect(page.total).toBe("7900.00"); // the drill-down's vendor only
    expect(page.party?.name).toBe("Alpha Concrete");
    expect(page.party?.documents.map((d) => [d.label, d.openAmount])).toEqual([
      ["Invoice A-1", "5000.00"],
      ["Invoice A-1 (retainage held)", "400.00"],
      ["Invoice A-2", "1800.00"],
      ["Invoice A-2 (retainage held)", "200.00"],
      ["Retainage release A-R1", "500.00"],
    ]);
    // Without a drill-down the page reads sums per vendor × bucket: the same page as bucketing the documents.
    const all = await callRoute(agingLoader, user.get("/payables/aging?asOf=2025-06-30"));
    expect(all.status).toBe(200);
    expect((all.data as { page: AgingPage }).page).toEqual(agingPage(documents, "2025-06-30"));
    expect((all.data as { page: AgingPage }).page.total).toBe("8900.00");
    for (const asOf of ["2025-03-31", "2025-04-01", "2025-05-01", "2025-05-31", "2025-07-29", "2025-08-30", "2026-01-01"])
      expect(agingPageFromSums(await fx.as(finance, (tx) => apAgingSums(tx, asOf)), asOf)).toEqual(agingPage(documents, asOf));
    expect(await fx.as(finance, (tx) => apAgingDocuments(tx, { partyId: beta }))).toEqual(documents.filter((d) => d.partyId === beta));
    expect(await fx.as(finance, (tx) => apAgingDocuments(tx, { partyId: "not-a-vendor" }))).toEqual([]);
    const [otherProject] = await owner`insert into projects (organization_id, job_number, name) values (${org.organizationId}, 'J-empty', 'Empty') returning id`;
    expect(await fx.as(finance, (tx) => apAgingDocuments(tx, { projectId: otherProject.id }))).toEqual([]);
  });
});
