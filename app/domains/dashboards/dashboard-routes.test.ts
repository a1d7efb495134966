/**
 * The home dashboard through its route: which sections each member's keys allow, and the drill-down
 * rule — a figure's link, opened with the linked route's own loader, shows a table whose total is
 * the figure.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { loader as budgetLoader } from "~/domains/budgets/routes/budget";
import { loader as changeOrdersLoader } from "~/domains/change-orders/routes/change-orders";
import { loader as commitmentsLoader } from "~/domains/commitments/routes/commitments";
import { loader as payablesAgingLoader } from "~/domains/payables/routes/payables-aging";
import { loader as payablesLoader } from "~/domains/payables/routes/payables";
import { nextNumber, payablesFixture, type PayablesFixture } from "~/domains/payables/test-fixtures";
import { loader as homeLoader } from "~/domains/platform/routes/home";
import { loader as projectsLoader } from "~/domains/projects/routes/projects";
import { billingFixture } from "~/domains/receivables/billing-test-fixtures";
import { submitPayApp } from "~/domains/receivables/pay-app-workflow.server";
import { loader as payAppsLoader } from "~/domains/receivables/routes/pay-apps";
import { loader as receivablesAgingLoader } from "~/domains/receivables/routes/receivables-aging";
import { loader as wipLoader } from "~/domains/wip/routes/wip";
import type { AgingPage } from "~/utils/aging-report";
import type { TablePage } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { ownerConnection, type SqlClient } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { addDays } from "./dashboard-links";
import type { Dashboard } from "./dashboard.server";

let owner: SqlClient;
let org: FinanceOrganization;
let fx: PayablesFixture;
let finance: TestMember;
let pm: TestMember;
let field: TestMember;
let as: Record<"finance" | "pm" | "field" | "owner", SignedIn>;
let today: string;
let otherProjectId: string;

const dashboardOf = async (user: SignedIn) => {
  const out = await callRoute(homeLoader, user.get("/"));
  expect(out.status).toBe(200);
  return (out.data as { dashboard: Dashboard }).dashboard;
};

/** Opens a figure's link with the loader of the page it names (params from the path). */
async function open<T>(user: SignedIn, loader: Parameters<typeof callRoute>[0], href: string, params: Record<string, string> = {}) {
  const out = await callRoute(loader, user.get(href), params);
  expect(out.status).toBe(200);
  return out.data as T;
}

const figure = (figures: { label: string; value: string; href: string }[], label: string) => {
  const found = figures.find((f) => f.label === label);
  if (!found) throw new Error(`no figure "${label}"`);
  return found;
};

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "dash");
  fx = payablesFixture(owner, org);
  finance = await org.addMember("finance");
  pm = await org.addMember("project_manager");
  field = await org.addMember("field", { onTeam: false });
  await owner`update users set name = 'Dash Pm Manager' where id = ${pm.userId}`;
  [{ today }] = await owner`select (now() at time zone time_zone)::date::text as today from organizations where id = ${org.organizationId}`;
  await owner`update projects set project_manager_id = ${pm.userId} where id = ${org.projectId}`;
  await owner`insert into project_team_members (organization_id, project_id, user_id, role) values (${org.organizationId}, ${org.projectId}, ${field.userId}, 'foreman')`;

  // Payables: approved invoices due in 3 days and 20 days ago (part paid), one pending approval.
  const c = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "50000.00"]] });
  for (const [billed, due] of [["10000.00", addDays(today, 3)], ["8000.00", addDays(today, -20)], ["3000.00", addDays(today, 30)]] as const) {
    const invoice = await fx.draftAgainst(finance, c.commitmentId, nextNumber("DASH"), due);
    await fx.bill(finance, invoice.id, [[c.lineIds[0], billed]]);
    await fx.approve(invoice.id);
  }
  const overdue = (await owner`select id from ap_invoices where commitment_id = ${c.commitmentId} and due_date < ${today}::date`)[0].id;
  await fx.pay(finance, overdue, "1000.00", today);
  const pending = await fx.draftAgainst(finance, c.commitmentId, nextNumber("DASH"), addDays(today, 10));
  await fx.bill(finance, pending.id, [[c.lineIds[0], "2500.00"]]);
  await fx.move(finance, pending.id, "submit");
  // The PM's project: an open commitment change order and a commitment pending approval.
  await fx.commitmentChange(c.commitmentId, org.costCodeId, "4200.00", "draft");
  const [held] = await owner`insert into commitments (organization_id, project_id, vendor_id, number, type, title, status, submitted_at)
    values (${org.organizationId}, ${org.projectId}, ${c.vendorId}, ${nextNumber("SC")}, 'subcontract', 'Pending package', 'pending_approval', now()) returning id`;
  await owner`insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, description, amount)
    values (${org.organizationId}, ${held.id}, 1, ${org.costCodeId}, ${org.costTypeId}, 'Scope', '7300.00')`;

  // Receivables: a project billed by the owner, certified 45 days ago and partly received, then one submitted.
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: org.organizationId, userId: org.owner.userId }, fn);
  const billing = billingFixture(owner, org.organizationId, org.owner.userId, run);
  const billed = await billing.project("Dash school");
  await billing.contract(billed, { originalSum: "100000.00", sov: ["60000.00", "40000.00"] });
  const first = await billing.certified(billed, { dueDate: addDays(today, -45) }, { 1: "30000.00" });
  await billing.receive(first.id, "10000.00", today);
  const second = await billing.draft(billed, { dueDate: addDays(today, 20) }, { 2: "10000.00" });
  await run((tx) => submitPayApp(tx, { payAppId: second.id, version: second.version, actorId: org.owner.userId }));
  otherProjectId = billed;

  as = {
    finance: await signIn(finance.email, { organizationId: org.organizationId }),
    pm: await signIn(pm.email, { organizationId: org.organizationId }),
    field: await signIn(field.email, { organizationId: org.organizationId }),
    owner: await signIn(org.owner.email, { organizationId: org.organizationId }),
  };
});
afterAll(() => owner.end());

describe("the sections a member's keys allow", () => {
  it("gives finance the cash position and the company figures, a field member neither", async () => {
    const forFinance = await dashboardOf(as.finance);
    expect(forFinance.finance?.cash.map((f) => f.label)).toEqual(["AR outstanding", "AR overdue", "AP due in 7 days", "AP overdue", "Retainage receivable", "Retainage payable"]);
    expect(forFinance.executive).not.toBeNull();
    expect(forFinance.field).toBeNull();
    expect(forFinance.finance?.aging.svg.startsWith("<svg")).toBe(true);

    const forField = await dashboardOf(as.field);
    expect(forField.finance).toBeNull();
    expect(forField.executive).toBeNull();
    expect(forField.projectManager).toBeNull();
    expect(forField.field?.projects.map((p) => p.project)).toContain("J-dash dash tower");
    // a field member's projects are those of their team (projects:all is not theirs)
    expect(forField.field?.projects.map((p) => p.href)).toEqual([`/projects/${org.projectId}`]);
    expect(JSON.stringify(forField)).not.toContain("AR outstanding");
  });

  it("shows a project manager only the projects they manage, and no finance figures", async () => {
    const d = await dashboardOf(as.pm);
    expect(d.finance).toBeNull();
    expect(d.executive).toBeNull();
    expect(d.projectManager?.projects.map((p) => p.projectId)).toEqual([org.projectId]);
    expect(d.projectManager?.projects.map((p) => p.projectId)).not.toContain(otherProjectId);
    // The "my projects" link lists exactly those.
    const listed = await open<{ page: TablePage }>(as.pm, projectsLoader, d.projectManager!.myProjectsHref);
    expect(listed.page.rows.map((r) => r.jobNumber)).toEqual(["J-dash"]);
  });

  it("shows the owner the finance and company sections without a project table they do not manage", async () => {
    const d = await dashboardOf(as.owner);
    expect(d.finance).not.toBeNull();
    expect(d.executive).not.toBeNull();
    expect(d.projectManager).toBeNull();
  });
});

describe("every figure sums the table it links to", () => {
  it("AP due in 7 days and overdue: the balance total of the linked vendor invoice list", async () => {
    const { finance: f } = await dashboardOf(as.finance);
    const dueSoon = figure(f!.cash, "AP due in 7 days");
    const overdue = figure(f!.cash, "AP overdue");
    expect(dueSoon.value).toBe("9000.00"); // 10,000 billed less 10% retainage
    expect(overdue.value).toBe("6200.00"); // 7,200 due less 1,000 paid
    for (const f of [dueSoon, overdue]) {
      const { page } = await open<{ page: TablePage }>(as.finance, payablesLoader, f.href);
      expect(page.totals?.balance).toBe(f.value);
    }
    const toApprove = figure(f!.work, "Vendor invoices to approve");
    const { page } = await open<{ page: TablePage }>(as.finance, payablesLoader, toApprove.href);
    expect(page.totals?.total).toBe(toApprove.value);
    expect(page.rows).toHaveLength(1);
  });

  it("AR outstanding, overdue and retainage: the linked AR aging's totals; retainage payable: the AP aging's", async () => {
    const { finance: f } = await dashboardOf(as.finance);
    const outstanding = figure(f!.cash, "AR outstanding");
    const { page } = await open<{ page: AgingPage }>(as.finance, receivablesAgingLoader, outstanding.href);
    expect(outstanding.value).toBe(page.open.totals.total);
    expect(dec(outstanding.value).gt(0)).toBe(true);
    expect(figure(f!.cash, "AR overdue").value).toBe(dec(page.open.totals.total).minus(page.open.totals.buckets.current).toFixed(2));
    expect(figure(f!.cash, "AR overdue").value).toBe(outstanding.value); // due 45 days ago
    expect(figure(f!.cash, "Retainage receivable").value).toBe(page.retainage.totals.total);
    expect(figure(f!.cash, "Retainage receivable").value).toBe("3000.00");

    const retainagePayable = figure(f!.cash, "Retainage payable");
    const ap = await open<{ page: AgingPage }>(as.finance, payablesAgingLoader, retainagePayable.href);
    expect(retainagePayable.value).toBe(ap.page.retainage.totals.total);
    expect(retainagePayable.value).toBe("2100.00");
  });

  it("pay applications to certify and unbilled work: the pay application list's and the WIP schedule's totals", async () => {
    const { finance: f, executive: e } = await dashboardOf(as.finance);
    const toCertify = figure(f!.work, "Pay applications to certify");
    const { page } = await open<{ page: TablePage }>(as.finance, payAppsLoader, toCertify.href);
    expect(page.totals?.currentPaymentDue).toBe(toCertify.value);
    expect(page.rows).toHaveLength(1);

    const unbilled = figure(f!.billing, "Unbilled work");
    const wip = await open<{ totals: { underBilling: string; contractSumToDate: string; earnedRevenue: string; billedToDate: string } }>(as.finance, wipLoader, unbilled.href);
    expect(unbilled.value).toBe(wip.totals.underBilling);
    expect(figure(e!.totals, "Backlog").value).toBe(dec(wip.totals.contractSumToDate).minus(wip.totals.earnedRevenue).toFixed(2));
    expect(figure(e!.totals, "Billed to date").value).toBe(wip.totals.billedToDate);
  });

  it("a project's open change orders, pending commitments and budget health: the project's own tables", async () => {
    const { projectManager } = await dashboardOf(as.pm);
    const p = projectManager!.projects[0];
    expect(p.openCos).toBe(1);
    expect(p.coSubs).toBe("4200.00");
    expect(p.coOwner).toBe("0.00");
    const cos = await open<{ page: TablePage }>(as.pm, changeOrdersLoader, p.changeOrdersHref, { projectId: org.projectId });
    expect(cos.page.rows).toHaveLength(p.openCos);
    expect(cos.page.totalRows?.find((r) => r.label.startsWith("Total commitment"))?.values.amount).toBe(p.coSubs);
    expect(cos.page.totalRows?.find((r) => r.label.startsWith("Total prime"))?.values.amount).toBe(p.coOwner);

    expect(p.pendingCommitments).toBe(1);
    const commitments = await open<{ page: TablePage }>(as.pm, commitmentsLoader, p.commitmentsHref, { projectId: org.projectId });
    expect(commitments.page.totals?.revisedValue).toBe(p.pendingCommitmentValue);
    expect(p.pendingCommitmentValue).toBe("7300.00");

    const budget = await open<{ page: TablePage }>(as.pm, budgetLoader, p.budgetHref, { projectId: org.projectId });
    expect(budget.page.totals?.overUnder).toBe(p.overUnder);
    expect(budget.page.totals?.revised).toBe(p.revised);
  });
});
