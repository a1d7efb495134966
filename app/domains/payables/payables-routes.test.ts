import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listApprovalQueue } from "~/domains/approvals/approval-queue.server";
import { approvalQueueTable } from "~/domains/approvals/approvals.table";
import { actorOf, financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { action as settingsAction } from "~/domains/organizations/routes/settings-organization";
import { action as vendorsAction } from "~/domains/vendors/routes/vendors";
import { parseTableQuery, type TableRow } from "~/utils/data-table";
import type { TablePage } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { apInvoicesExport } from "./ap-invoices-list.server";
import { apInvoicesTable } from "./ap-invoices.table";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { action as newAction, loader as newLoader } from "./routes/payable-new";
import { action as paymentsAction, loader as paymentsLoader } from "./routes/payable-payments";
import { action as invoiceAction, loader as invoiceLoader } from "./routes/payable";
import { loader as listLoader } from "./routes/payables";
import { loader as exportLoader } from "./routes/payables-export";
import { nextNumber, payablesFixture, type PayablesFixture } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
let finance: TestMember;
let fx: PayablesFixture;
let fxOther: PayablesFixture;
let user: SignedIn;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ap-routes");
  finance = await org.addMember("finance");
  fx = payablesFixture(owner, org);
  other = await financeOrganization(owner, "ap-routes-other");
  fxOther = payablesFixture(owner, other);
  user = await signIn(finance.email, { organizationId: org.organizationId });
});
afterAll(() => owner.end());

type ListData = { page: TablePage };
const listPage = async (search: string) => {
  const out = await callRoute(listLoader, user.get(`/payables?${search}`));
  expect(out.status).toBe(200);
  return (out.data as ListData).page;
};
const header = (number = nextNumber("RT")) => ({ invoiceNumber: number, invoiceDate: "2025-05-01", dueDate: "2025-05-31", description: "" });
const invoiceRow = async (id: string) => (await owner`select status, version, total::text, retainage::text, commitment_id, vendor_id from ap_invoices where id = ${id}`)[0];
const lineCount = async (id: string) => (await owner`select count(*)::int as n from ap_invoice_lines where ap_invoice_id = ${id}`)[0].n as number;
const paymentCount = async (id: string) => (await owner`select count(*)::int as n from ap_payments where ap_invoice_id = ${id}`)[0].n as number;

/** An approved invoice billing `billed` of a 10% commitment line of 10,000.00 (amount due = 90%). */
async function approvedInvoice(billed: string) {
  const c = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "10000.00"]] });
  const invoice = await fx.draftAgainst(finance, c.commitmentId);
  await fx.bill(finance, invoice.id, [[c.lineIds[0], billed]]);
  return { ...c, invoice: await fx.approve(invoice.id) };
}

describe("the vendor invoice list", () => {
  let keyset = ""; // the vendor filter of the 27 invoices the first test makes (the export test reads them too)
  it("lists invoices across projects with totals, pages by keyset without gaps or repeats, and sorts", async () => {
    const vendorName = `Keyset Supply ${nextNumber("K")}`;
    const vendorId = await fx.vendor(vendorName);
    for (let i = 0; i < 27; i++) await fx.directInvoice(finance, [[org.costCodeId, "100.00"]], vendorId);
    // the vendor filter is a picker: it matches the vendor's whole name
    keyset = `f.vendor=${encodeURIComponent(vendorName)}`;
    expect((await listPage("f.vendor=keyset&size=25")).rows).toHaveLength(0);
    const first = await listPage(`${keyset}&size=25`);
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({ commitment: "Direct", status: "draft", total: "100.00", retainage: "0.00", paid: "0.00", balance: "100.00", invoiceDate: "2025-03-01" });
    expect(first.totals).toEqual({ total: "2700.00", retainage: "0.00", amountDue: "2700.00", paid: "0.00", balance: "2700.00" });
    expect(first.hasPrevious).toBe(false);
    expect(first.paging).toEqual({ total: 27, start: 0, previous: null });
    const second = await listPage(`${keyset}&size=25&after=${first.nextCursor}`);
    expect(second.rows).toHaveLength(2);
    expect(second.hasPrevious).toBe(true);
    expect(second.nextCursor).toBeNull();
    expect(second.paging).toEqual({ total: 27, start: 25, previous: null });
    expect(new Set([...first.rows, ...second.rows].map((r) => r.href)).size).toBe(27);

    const expected = (await owner`select invoice_number from ap_invoices where vendor_id = ${vendorId} order by invoice_number`).map((r) => r.invoice_number);
    const byNumber = await listPage(`${keyset}&size=25&sort=number&dir=asc`);
    const rest = await listPage(`${keyset}&size=25&sort=number&dir=asc&after=${byNumber.nextCursor}`);
    expect([...byNumber.rows, ...rest.rows].map((r) => r.number)).toEqual(expected);
    // A cursor made for another sort, or forged, starts again from the first page.
    expect((await listPage(`${keyset}&size=25&sort=number&dir=desc&after=${byNumber.nextCursor}`)).hasPrevious).toBe(false);
    expect((await listPage(`${keyset}&size=25&after=bm9wZQ`)).rows).toHaveLength(25);
  });

  it("filters by status, vendor and project, and shows paid and balance from the payments", async () => {
    const { invoice, vendorId } = await approvedInvoice("1000.00");
    await fx.pay(finance, invoice.id, "400.00");
    const vendor = (await owner`select name from vendors where id = ${vendorId}`)[0].name as string;
    const [{ label: project }] = await owner`select p.job_number || ' ' || p.name as label from ap_invoices i join projects p on p.id = i.project_id where i.id = ${invoice.id}`;
    const page = await listPage(`f.vendor=${encodeURIComponent(vendor)}&f.status=approved&f.project=${encodeURIComponent(project as string)}`);
    expect((await listPage(`f.vendor=${encodeURIComponent(vendor)}&f.status=approved&f.project=ap-routes`)).rows).toHaveLength(0);
    expect(page.rows).toMatchObject([{ number: invoice.invoiceNumber, total: "1000.00", retainage: "100.00", amountDue: "900.00", paid: "400.00", balance: "500.00", href: `/payables/${invoice.id}` }]);
    expect((await listPage(`f.vendor=${encodeURIComponent(vendor)}&f.status=draft`)).rows).toHaveLength(0);
    expect((await listPage(`f.vendor=${encodeURIComponent(vendor)}&sort=balance&dir=desc`)).rows[0].balance).toBe("500.00");
  });

  it("counts the filtered invoices and links each page to the one before", async () => {
    const vendorName = `Paging Supply ${nextNumber("PG")}`;
    const vendorId = await fx.vendor(vendorName);
    for (let i = 0; i < 51; i++) await fx.directInvoice(finance, [], vendorId); // no lines: quick to make, every total ties at 0
    for (const sort of ["sort=number&dir=asc", "sort=invoiceDate&dir=desc", "sort=total&dir=desc"]) {
      const search = `f.vendor=${encodeURIComponent(vendorName)}&size=25&${sort}`;
      const pages = [await listPage(search)];
      while (pages.at(-1)!.nextCursor) pages.push(await listPage(`${search}&after=${pages.at(-1)!.nextCursor}`));
      expect(pages.map((p) => [p.rows.length, p.paging?.start, p.paging?.total])).toEqual([[25, 0, 51], [25, 25, 51], [1, 50, 51]]);
      expect(new Set(pages.flatMap((p) => p.rows.map((r) => r.href))).size).toBe(51);
      // page 3's "previous" is page 2, with its position; page 2's is the first page
      const back = await listPage(`${search}&after=${pages[2].paging!.previous}`);
      expect(back.rows.map((r) => r.href)).toEqual(pages[1].rows.map((r) => r.href));
      expect(back.paging?.start).toBe(25);
      expect(pages[1].paging?.previous).toBeNull();
    }
    // a status filter is counted from the stored per-group figures, a number filter from the rows
    expect((await listPage(`f.vendor=${encodeURIComponent(vendorName)}&f.status=draft`)).paging?.total).toBe(51);
    expect((await listPage(`f.vendor=${encodeURIComponent(vendorName)}&f.number=no-such-number`)).paging).toEqual({ total: 0, start: 0, previous: null });
  }, 120_000);

  it("offers project and vendor pickers of this organization's records only", async () => {
    const ours = `Picker Own ${nextNumber("PO")}`;
    const theirs = `Picker Other ${nextNumber("PT")}`;
    await fx.vendor(ours);
    await fxOther.vendor(theirs);
    const out = await callRoute(listLoader, user.get("/payables"));
    const options = (out.data as { filterOptions: Record<string, { value: string; label: string }[]> }).filterOptions;
    const own = async (sql: string) => (await owner.unsafe(sql, [org.organizationId])).map((r) => r.label as string).sort();
    expect(options.project.map((o) => o.value).sort()).toEqual(await own("select job_number || ' ' || name as label from projects where organization_id = $1"));
    expect(options.vendor.map((o) => o.value).sort()).toEqual(await own("select distinct name as label from vendors where organization_id = $1"));
    expect(options.vendor.map((o) => o.value)).toContain(ours);
    expect(options.vendor.map((o) => o.value)).not.toContain(theirs);
    // the other organization's projects (those not named like one of ours) are not offered
    const ownProjects = await own("select job_number || ' ' || name as label from projects where organization_id = $1");
    const foreign = (await owner`select job_number || ' ' || name as label from projects where organization_id = ${other.organizationId}`)
      .map((r) => r.label as string)
      .filter((label) => !ownProjects.includes(label));
    expect(foreign.length).toBeGreaterThan(0);
    for (const label of foreign) expect(options.project.map((o) => o.value)).not.toContain(label);
  });

  it("exports the filtered list as .xlsx in batches, with its totals", async () => {
    const out = await callRoute(exportLoader, user.get(`/payables/export.xlsx?${keyset}`));
    expect(out.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (out.data as Response).arrayBuffer());
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(1 + 27 + 1);
    expect(sheet.getRow(29).getCell(1).value).toBe("Total");
    expect(sheet.getRow(29).getCell(8).value).toBe(2700);

    const query = parseTableQuery(apInvoicesTable, new URLSearchParams(keyset));
    const tenant = (fn: (tx: Tx) => Promise<unknown>) => withTenant({ organizationId: org.organizationId, userId: finance.userId }, fn);
    const { rows } = await apInvoicesExport(tenant as <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>, query, 10);
    const batches: TableRow[][] = [];
    for await (const batch of rows) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([10, 10, 7]);
  });
});

describe("entering an invoice", () => {
  it("chooses the project first (GET), then offers its executed commitments", async () => {
    const step1 = await callRoute(newLoader, user.get("/payables/new"));
    expect(step1.data).toMatchObject({ project: null, commitments: [] });
    const step2 = await callRoute(newLoader, user.get(`/payables/new?projectId=${org.projectId}`));
    expect((step2.data as { commitments: { value: string }[] }).commitments.map((c) => c.value)).toContain(org.commitmentId);
    expect((await callRoute(newLoader, user.get(`/payables/new?projectId=${other.projectId}`))).status).toBe(404);
  });

  it("creates an invoice against a commitment or a direct one by POST and redirects to it; refusals answer 400", async () => {
    const c = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const path = `/payables/new?projectId=${org.projectId}`;
    const number = nextNumber("RT");
    const created = await callRoute(newAction, user.post(path, { intent: "commitment", commitmentId: c.commitmentId, ...header(number) }));
    expect(created.status).toBe(303);
    const id = created.location?.match(/^\/payables\/([0-9a-f-]{36})$/)?.[1];
    expect(await invoiceRow(id!)).toMatchObject({ status: "draft", commitment_id: c.commitmentId, vendor_id: c.vendorId });

    const again = await callRoute(newAction, user.post(path, { intent: "commitment", commitmentId: c.commitmentId, ...header(number) }));
    expect(again.status).toBe(400);
    expect(again.fieldErrors.invoiceNumber?.[0]).toContain(`Invoice number ${number}`);

    const direct = await callRoute(newAction, user.post(path, { intent: "direct", projectId: org.projectId, vendorId: c.vendorId, ...header() }));
    expect(direct.status).toBe(303);
    const badDates = await callRoute(newAction, user.post(path, { intent: "direct", projectId: org.projectId, vendorId: c.vendorId, ...header(), dueDate: "2025-04-01" }));
    expect(badDates.status).toBe(400);
    expect(badDates.fieldErrors.dueDate).toEqual(["The due date cannot be before the invoice date"]);
    const draft = await callRoute(newAction, user.post(path, { intent: "commitment", commitmentId: org.draftCommitmentId, ...header() }));
    expect(draft.status).toBe(400);
    expect(draft.fieldErrors.commitmentId?.[0]).toContain("is not executed");
  });
});

describe("the invoice page", () => {
  it("saves the continuation sheet in one post; overbilling answers 400 with the message and writes nothing", async () => {
    const c = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "1000.00"], [org.otherCostCodeId, "500.00"]] });
    const invoice = await fx.draftAgainst(finance, c.commitmentId);
    const sheet = (lines: [string, string][]) =>
      Object.fromEntries(lines.flatMap(([thisPeriod, stored], i) => [[`lines[${i}].commitmentLineId`, c.lineIds[i]], [`lines[${i}].thisPeriod`, thisPeriod], [`lines[${i}].storedMaterials`, stored]]));
    const post = async (lines: [string, string][]) =>
      callRoute(invoiceAction, user.post(`/payables/${invoice.id}`, { intent: "save-billing", version: String(invoice.version), ...sheet(lines) }), { invoiceId: invoice.id });

    const over = await post([["900.00", "100.01"], ["0", "0"]]);
    expect(over.status).toBe(400);
    expect(over.formErrors).toEqual([expect.stringContaining("Line 1 (03-3000 Scope 1) would be billed $1,000.01 to date, $0.01 over its ceiling of $1,000.00")]);
    expect(await lineCount(invoice.id)).toBe(0);
    expect(await invoiceRow(invoice.id)).toMatchObject({ version: invoice.version, total: "0.00" });

    const saved = await post([["900.00", "100.00"], ["250.00", "0"]]);
    expect(saved).toMatchObject({ status: 303, location: `/payables/${invoice.id}#lines` });
    expect(await invoiceRow(invoice.id)).toMatchObject({ total: "1250.00", retainage: "125.00" });

    const page = await callRoute(invoiceLoader, user.get(`/payables/${invoice.id}`), { invoiceId: invoice.id });
    expect(page.data).toMatchObject({
      figures: { total: "1250.00", retainage: "125.00", amountDue: "1125.00", paid: "0.00", open: "1125.00" },
      sheet: { totals: { ceiling: "1500.00", billedToDate: "1250.00", retainage: "125.00", balance: "250.00" } },
      transitions: ["submit", "void"],
      editable: true,
    });
    // A stale page (old version) is a 409, not a silent overwrite.
    const stale = await post([["1.00", "0"], ["0", "0"]]);
    expect(stale.status).toBe(409);
  });

  it("adds direct-cost lines, submits with the version read, and is read-only afterwards", async () => {
    const id = await fx.directInvoice(finance, []);
    const version = () => invoiceRow(id).then((r) => String(r.version));
    const added = await callRoute(
      invoiceAction,
      user.post(`/payables/${id}`, { intent: "add-line", costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "Crane", amount: "1,200.50", version: await version() }),
      { invoiceId: id },
    );
    expect(added.status).toBe(303);
    expect(await invoiceRow(id)).toMatchObject({ total: "1200.50", retainage: "0.00" });
    const submitted = await callRoute(invoiceAction, user.post(`/payables/${id}`, { intent: "transition", to: "submit", version: await version() }), { invoiceId: id });
    expect(submitted.status).toBe(303);
    expect((await invoiceRow(id)).status).toBe("pending_approval");
    const edit = await callRoute(invoiceAction, user.post(`/payables/${id}`, { intent: "save-header", ...header(), version: await version() }), { invoiceId: id });
    expect(edit.status).toBe(400);
    expect(edit.formErrors[0]).toContain("is waiting for approval");
    const page = await callRoute(invoiceLoader, user.get(`/payables/${id}`), { invoiceId: id });
    expect(page.data).toMatchObject({ editable: false, choices: null, transitions: ["withdraw", "void"] });
  });

  it("takes approval decisions only for its own invoice; the queue links AP invoices to their page", async () => {
    const mine = await fx.directInvoice(finance, [[org.costCodeId, "300.00"]]);
    const neighbour = await fx.directInvoice(finance, [[org.costCodeId, "400.00"]]);
    await fx.move(finance, mine, "submit");
    const [request] = await owner`select id, version, current_step from approval_requests where document_id = ${mine} and status = 'pending'`;
    const queue = await withTenant({ organizationId: org.organizationId, userId: finance.userId }, (tx) =>
      listApprovalQueue(tx, actorOf(finance), parseTableQuery(approvalQueueTable, new URLSearchParams("f.documentType=ap_invoice"))),
    );
    expect(queue.rows.find((r) => r.documentHref === `/payables/${mine}`)).toBeDefined();

    const decision = { intent: "approve", requestId: request.id, version: String(request.version), stepNumber: String(request.current_step) };
    const elsewhere = await callRoute(invoiceAction, user.post(`/payables/${neighbour}`, decision), { invoiceId: neighbour });
    expect(elsewhere.status).toBe(404);
    expect((await invoiceRow(mine)).status).toBe("pending_approval");
    const approved = await callRoute(invoiceAction, user.post(`/payables/${mine}`, decision), { invoiceId: mine });
    expect(approved.status).toBe(303);
    expect((await invoiceRow(mine)).status).toBe("approved");
  });

  it("creates a retainage release invoice from a commitment invoice and redirects to it", async () => {
    const { invoice, commitmentId } = await approvedInvoice("2000.00");
    const page = await callRoute(invoiceLoader, user.get(`/payables/${invoice.id}`), { invoiceId: invoice.id });
    expect(page.data).toMatchObject({ retainage: { held: "200.00", released: "0.00", outstanding: "200.00" }, canRelease: true });
    const tooMuch = await callRoute(invoiceAction, user.post(`/payables/${invoice.id}`, { intent: "release-retainage", ...header(), amount: "200.01" }), { invoiceId: invoice.id });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.fieldErrors.amount?.[0]).toContain("holds $200.00 of retainage not yet released");
    const released = await callRoute(invoiceAction, user.post(`/payables/${invoice.id}`, { intent: "release-retainage", ...header(), amount: "150.00" }), { invoiceId: invoice.id });
    expect(released.status).toBe(303);
    const [release] = await owner`select id, kind, total::text, status from ap_invoices where commitment_id = ${commitmentId} and kind = 'retainage_release'`;
    expect(release).toMatchObject({ kind: "retainage_release", total: "150.00", status: "draft" });
    expect(released.location).toBe(`/payables/${release.id}`);
  });
});

describe("payments out", () => {
  const pay = async (invoiceId: string, fields: Record<string, string>) => {
    const { version } = await invoiceRow(invoiceId);
    const form = { intent: "pay", paidOn: "2025-06-01", method: "check", reference: "1001", version: String(version), ...fields };
    return callRoute(paymentsAction, user.post(`/payables/${invoiceId}/payments`, form), { invoiceId });
  };

  it("records partial payments; a payment over the open balance answers 400 and writes nothing", async () => {
    const { invoice } = await approvedInvoice("1000.00");
    const over = await pay(invoice.id, { amount: "900.01" });
    expect(over.status).toBe(400);
    expect(over.fieldErrors.amount).toEqual([`A payment of $900.01 is more than the open balance of $900.00 on invoice ${invoice.invoiceNumber}.`]);
    expect(await paymentCount(invoice.id)).toBe(0);
    expect(await pay(invoice.id, { amount: "400.00" })).toMatchObject({ status: 303, location: `/payables/${invoice.id}/payments` });
    const page = await callRoute(paymentsLoader, user.get(`/payables/${invoice.id}/payments`), { invoiceId: invoice.id });
    expect(page.data).toMatchObject({ balance: { paid: "400.00", open: "500.00" }, payable: true, payments: [{ amount: "400.00", method: "check" }] });
    await pay(invoice.id, { amount: "500.00" });
    expect((await invoiceRow(invoice.id)).status).toBe("paid");
  });

  it("answers 400 with the compliance message when the organization blocks payments to a vendor whose insurance expired", async () => {
    const { invoice, vendorId } = await approvedInvoice("1000.00");
    await owner`update vendors set insurance_expires_on = '2025-05-31' where id = ${vendorId}`;
    await owner`update organizations set block_payments_without_compliance = true where id = ${org.organizationId}`;
    try {
      const blocked = await pay(invoice.id, { amount: "100.00" });
      expect(blocked.status).toBe(400);
      expect(blocked.formErrors).toEqual([expect.stringMatching(/are blocked until their compliance is complete \(organization setting\): their insurance expired on 2025-05-31, before the payment date 2025-06-01\.$/)]);
      expect(await paymentCount(invoice.id)).toBe(0);
      const page = await callRoute(paymentsLoader, user.get(`/payables/${invoice.id}/payments`), { invoiceId: invoice.id });
      expect((page.data as { complianceProblem: string | null }).complianceProblem).toContain("insurance expired on 2025-05-31");
    } finally {
      await owner`update organizations set block_payments_without_compliance = false where id = ${org.organizationId}`;
    }
    expect((await pay(invoice.id, { amount: "100.00" })).status).toBe(303);
  });
});

describe("another tenant's invoice", () => {
  it("is a 404 on every page and post, like an id that does not exist", async () => {
    const foreign = await fxOther.directInvoice(other.owner, [[other.costCodeId, "50.00"]]);
    for (const id of [foreign, "not-a-uuid", "00000000-0000-4000-8000-000000000000"]) {
      expect((await callRoute(invoiceLoader, user.get(`/payables/${id}`), { invoiceId: id })).status).toBe(404);
      expect((await callRoute(paymentsLoader, user.get(`/payables/${id}/payments`), { invoiceId: id })).status).toBe(404);
    }
    const edit = await callRoute(invoiceAction, user.post(`/payables/${foreign}`, { intent: "save-header", ...header(), version: "1" }), { invoiceId: foreign });
    expect(edit.status).toBe(404);
    const payment = await callRoute(paymentsAction, user.post(`/payables/${foreign}/payments`, { intent: "pay", paidOn: "2025-06-01", amount: "1.00", method: "check", version: "1" }), { invoiceId: foreign });
    expect(payment.status).toBe(404);
    expect(await invoiceRow(foreign)).toMatchObject({ status: "draft", version: 2 });
  });
});

describe("vendor compliance settings", () => {
  it("the vendors page saves insurance expiry and lien waiver flags", async () => {
    const name = `Compliance Co ${nextNumber("C")}`;
    const created = await callRoute(vendorsAction, user.post("/vendors", { intent: "create", name, insuranceExpiresOn: "2026-01-31", lienWaiverRequired: "on" }));
    expect(created.status).toBe(303);
    const [row] = await owner`select insurance_expires_on::text as expires, lien_waiver_required, lien_waiver_received from vendors where name = ${name}`;
    expect(row).toEqual({ expires: "2026-01-31", lien_waiver_required: true, lien_waiver_received: false });
  });

  it("the organization settings page turns the payment block on and off", async () => {
    const ownerUser = await signIn(org.owner.email, { organizationId: org.organizationId });
    const save = async (extra: Record<string, string>) => {
      const [{ version }] = await owner`select version from organizations where id = ${org.organizationId}`;
      const fields = { intent: "settings", name: "Routes Builders", address: "", defaultRetainagePercent: "10", fiscalYearStartMonth: "1", timeZone: "America/Denver", currency: "USD", version: String(version), ...extra };
      return callRoute(settingsAction, ownerUser.postMultipart("/settings/organization", fields));
    };
    const blockOf = async () => (await owner`select block_payments_without_compliance as b from organizations where id = ${org.organizationId}`)[0].b as boolean;
    expect((await save({ blockPaymentsWithoutCompliance: "on" })).status).toBe(303);
    expect(await blockOf()).toBe(true);
    expect((await save({})).status).toBe(303);
    expect(await blockOf()).toBe(false);
  });
});
