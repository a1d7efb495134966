/**
 * The project overview and the vendor page through their routes: every headline figure equals the
 * total of the list its link opens (called with that very URL), the charts' tables add up to the
 * stored figures, a member sees only the sections their permissions allow, and another
 * organization's project or vendor is a 404.
 */
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { loader as changeOrdersLoader } from "~/domains/change-orders/routes/change-orders";
import { loader as commitmentsLoader } from "~/domains/commitments/routes/commitments";
import { payablesFixture } from "~/domains/payables/test-fixtures";
import { loader as payablesLoader } from "~/domains/payables/routes/payables";
import { billingFixture } from "~/domains/receivables/billing-test-fixtures";
import { loader as payAppsLoader } from "~/domains/receivables/routes/project-pay-apps";
import { loader as vendorLoader } from "~/domains/vendors/routes/vendor";
import { loader as vendorExportLoader } from "~/domains/vendors/routes/vendor-export";
import { loader as vendorsLoader } from "~/domains/vendors/routes/vendors";
import { withTenant, type Tx } from "~/utils/db.server";
import { dec, sumMoney } from "~/utils/money";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, routeArgs, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { loader as overviewLoader } from "./routes/project-overview";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let finance: SignedIn;
let field: SignedIn;
let stranger: SignedIn;
let projectId: string;
let vendorId: string;
let vendorName: string;

const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "overview");
  other = await financeOrganization(owner, "overview-other");
  const financeMember: TestMember = await org.addMember("finance");
  const fieldMember = await org.addMember("field", { onTeam: false });
  finance = await signIn(financeMember.email, { organizationId: org.organizationId });
  field = await signIn(fieldMember.email, { organizationId: org.organizationId });
  stranger = await signIn((await other.addMember("finance")).email, { organizationId: other.organizationId });

  // A project billed to its owner: a 500,000 contract, application #1 certified for 100,000, 50,000 received.
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: org.organizationId, userId: org.owner.userId }, fn);
  const billing = billingFixture(owner, org.organizationId, org.owner.userId, run);
  projectId = await billing.project("Overview tower");
  // the field member works on it (a field member opens only the projects of their team)
  await owner`insert into project_team_members (organization_id, project_id, user_id, role) values (${org.organizationId}, ${projectId}, ${fieldMember.userId}, 'superintendent')`;
  await billing.contract(projectId, { originalSum: "500000.00", retainagePercent: "10", sov: ["300000.00", "200000.00"] });
  const app = await billing.certified(projectId, { periodEnd: yesterday, dueDate: yesterday }, { 1: "100000.00" });
  await billing.receive(app.id, "50000.00", yesterday);

  await owner`insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, original_amount)
    values (${org.organizationId}, ${projectId}, ${org.costCodeId}, ${org.costTypeId}, '150000.00'),
           (${org.organizationId}, ${projectId}, ${org.otherCostCodeId}, ${org.costTypeId}, '50000.00')`;

  // Costs: an executed subcontract (100,000 + an approved 5,000 change order), billed 40,000 and paid 20,000;
  // a draft commitment of the same vendor (not committed); a 2,500 direct cost; an open prime change order.
  const fx = payablesFixture(owner, { ...org, projectId });
  vendorName = "Overview Steel & Co";
  vendorId = await fx.vendor(vendorName);
  const sub = await fx.commitment({ vendorId, retainageRate: "0.10", lines: [[org.costCodeId, "100000.00"]] });
  await fx.commitmentChange(sub.commitmentId, org.costCodeId, "5000.00");
  await fx.commitment({ vendorId, status: "draft", lines: [[org.costCodeId, "7777.00"]] });
  const invoice = await fx.draftAgainst(org.owner, sub.commitmentId);
  await fx.bill(org.owner, invoice.id, [[sub.lineIds[0], "40000.00"]]);
  await fx.approve(invoice.id);
  await fx.pay(org.owner, invoice.id, "20000.00", yesterday);
  const direct = await fx.directInvoice(org.owner, [[org.otherCostCodeId, "2500.00"]]);
  await fx.approve(direct);
  const [co] = await owner`insert into change_orders (organization_id, project_id, number, kind, stage, status, title)
    values (${org.organizationId}, ${projectId}, 90, 'prime', 'change_order', 'pending_approval', 'Owner extra') returning id`;
  await owner`insert into change_order_lines (organization_id, change_order_id, line_number, cost_code_id, cost_type_id, amount, budget_amount)
    values (${org.organizationId}, ${co.id}, 1, ${org.costCodeId}, ${org.costTypeId}, '12000.00', '9000.00')`;
}, 120_000);
afterAll(() => owner.end());

const overview = (who: SignedIn, id = projectId) => callRoute(overviewLoader, who.get(`/projects/${id}`), { projectId: id });
type Overview = Awaited<ReturnType<typeof overviewLoader>>;
const figure = (data: Overview, key: string) => data.overview.headline.find((f) => f.key === key)!;
const projectParams = (href: string) => ({ projectId: href.split("/")[2] });

describe("project overview", () => {
  it("every headline figure equals the total of the list its link opens", async () => {
    const data = (await overview(finance)).data as Overview;
    const committed = figure(data, "committed");
    expect(committed.value).toBe("105000.00");
    const commitments = await commitmentsLoader(routeArgs(finance.get(committed.href), projectParams(committed.href)));
    expect(commitments.page.totals?.revisedValue).toBe(committed.value);
    expect(commitments.page.rows).toHaveLength(1); // the draft commitment is listed without the filter, not with it

    const exposure = figure(data, "pendingChanges");
    expect(exposure.value).toBe("12000.00");
    const cos = await changeOrdersLoader(routeArgs(finance.get(exposure.href), projectParams(exposure.href)));
    expect(cos.page.totalRows?.find((r) => r.label.startsWith("Total prime"))?.values.amount).toBe("12000.00");

    const paid = data.overview.paidToVendors!;
    expect(paid.value).toBe("20000.00");
    const payables = await payablesLoader(routeArgs(finance.get(paid.href)));
    expect(payables.page.totals?.paid).toBe("20000.00");

    expect(figure(data, "contractValue").value).toBe("500000.00");
    expect(figure(data, "originalBudget").value).toBe("200000.00");
    expect(figure(data, "actualCost").value).toBe("42500.00");
    expect(figure(data, "percentSpent").value).toBe("21.3"); // 42,500 ÷ 200,000
    expect(figure(data, "percentComplete").value).toBe("20.0"); // 100,000 billed ÷ 500,000
    const eac = dec(figure(data, "contractValue").value!).minus(figure(data, "projectedProfit").value!);
    expect(figure(data, "projectedMargin").value).toBe(dec(500000).minus(eac).div(500000).times(100).toFixed(1));

    const received = await payAppsLoader(routeArgs(finance.get(`/projects/${projectId}/pay-apps`), { projectId }));
    expect(received.page.totals?.received).toBe(data.overview.billing?.received);
  });

  it("the charts' tables tie to the stored figures: cumulative cost and billing, cash in and out, commitments, change orders", async () => {
    const { overview: o } = (await overview(finance)).data as Overview;
    const last = o.timeline!.rows.at(-1)!;
    expect(last.actualCost).toBe("42500.00");
    expect(last.billed).toBe("100000.00");
    expect(last.revisedBudget).toBe(o.summary!.budget.revised);
    expect(o.timeline!.svg.startsWith("<svg")).toBe(true);
    expect(sumMoney(o.cash!.rows.map((r) => r.cashIn)).toFixed(2)).toBe("50000.00");
    expect(sumMoney(o.cash!.rows.map((r) => r.cashOut)).toFixed(2)).toBe("20000.00");
    expect(o.commitments!.rows.map((c) => [c.vendor, c.committed, c.billed, c.paid])).toEqual([[vendorName, "105000.00", "40000.00", "20000.00"]]);
    expect(sumMoney(o.commitments!.rows.map((c) => c.committed)).toFixed(2)).toBe(o.summary!.budget.committed);
    const primeOpen = o.changeOrders!.rows.find((r) => r.kind === "prime" && r.state === "open")!;
    expect(primeOpen).toMatchObject({ count: 1, amount: "12000.00" });
    const commitmentApproved = o.changeOrders!.rows.find((r) => r.kind === "commitment" && r.state === "approved")!;
    const cos = await changeOrdersLoader(routeArgs(finance.get(commitmentApproved.href), { projectId }));
    expect(cos.page.totalRows?.find((r) => r.label.startsWith("Total commitment"))?.values.amount).toBe(commitmentApproved.amount);
  });

  it("field staff see the project's facts and links but no financial figure or chart", async () => {
    const answer = await overview(field);
    expect(answer.status).toBe(200);
    const { overview: o } = answer.data as Overview;
    expect(o).toMatchObject({ summary: null, billing: null, headline: [], paidToVendors: null, timeline: null, cash: null, commitments: null, changeOrders: null });
  });

  it("another organization's project is a 404", async () => {
    expect((await overview(stranger)).status).toBe(404);
  });
});

describe("vendor page", () => {
  const page = (who: SignedIn, id = vendorId) => callRoute(vendorLoader, who.get(`/vendors/${id}`), { vendorId: id });
  type VendorPage = Awaited<ReturnType<typeof vendorLoader>>;

  it("totals by project each equal the total of the list their link opens", async () => {
    const answer = await page(finance);
    expect(answer.status).toBe(200);
    const data = answer.data as VendorPage;
    expect(data.vendor.name).toBe(vendorName);
    const [row] = data.projects!.rows;
    expect(data.projects!.rows).toHaveLength(1);
    expect(row).toMatchObject({ committed: "105000.00", billed: "40000.00", paid: "20000.00", retainage: "4000.00", openBalance: "16000.00" });
    const commitments = await commitmentsLoader(routeArgs(finance.get(String(row.commitmentsHref)), { projectId }));
    expect(commitments.page.totals?.revisedValue).toBe(row.committed);
    const payables = await payablesLoader(routeArgs(finance.get(String(row.payablesHref))));
    expect(payables.page.totals).toMatchObject({ total: row.billed, paid: row.paid, retainage: row.retainage, balance: row.openBalance });
    expect(data.projects!.totals).toMatchObject({ committed: "105000.00", billed: "40000.00" });
    expect(data.commitments!.rows.map((c) => c.status).sort()).toEqual(["draft", "executed"]);
    expect(data.invoices!.rows).toHaveLength(1);
    expect(data.payments!.rows.map((p) => p.amount)).toEqual(["20000.00"]);
  });

  it("exports the totals by project to Excel", async () => {
    const answer = await callRoute(vendorExportLoader, finance.get(`/vendors/${vendorId}/export.xlsx`), { vendorId });
    expect(answer.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (answer.data as Response).arrayBuffer());
    const values = workbook.worksheets[0].getSheetValues().filter(Boolean).map((r) => (r as ExcelJS.CellValue[]).slice(1));
    expect(values[0]).toEqual(["Project", "Committed", "Billed", "Paid", "Retainage held", "Open balance"]);
    expect(values[1]).toEqual(["B-1 Overview tower", 105000, 40000, 20000, 4000, 16000]);
  });

  it("vendor names on the vendor list open the vendor page", async () => {
    const list = await vendorsLoader(routeArgs(finance.get(`/vendors?f.name=${encodeURIComponent(vendorName)}`)));
    expect(list.page.rows.map((r) => r.href)).toEqual([`/vendors/${vendorId}`]);
  });

  it("is a 404 for another organization's vendor (and a malformed id), 403 for a role without vendor access", async () => {
    expect((await page(stranger)).status).toBe(404);
    expect((await callRoute(vendorExportLoader, stranger.get(`/vendors/${vendorId}/export.xlsx`), { vendorId })).status).toBe(404);
    expect((await page(finance, "not-a-uuid")).status).toBe(404);
    expect((await page(field)).status).toBe(403);
    expect((await callRoute(vendorExportLoader, field.get(`/vendors/${vendorId}/export.xlsx`), { vendorId })).status).toBe(403);
  });
});
