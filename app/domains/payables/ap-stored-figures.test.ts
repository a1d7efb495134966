/**
 * The stored figures AP aging and the vendor invoice list read (migration 0020): each invoice's
 * amount_paid and the list's sums per project × vendor × status. After every kind of write
 * (billing, approval, payments, retainage release, void, a draft deleted, bulk SQL as an import or
 * the bench dataset writes, an owner's correction of a payment) they equal a fresh computation
 * from the payments and invoices, and the list's totals and aging's open items equal the re-sum.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { parseTableQuery } from "~/utils/data-table";
import { ownerConnection } from "../../../tests/support/connections";
import { agingPage, agingPageFromSums } from "~/utils/aging-report.server";
import { apAgingDocuments, apAgingSums } from "./ap-aging.server";
import { apInvoiceTotals } from "./ap-invoices-list.server";
import { apInvoicesTable } from "./ap-invoices.table";
import { newRetainageReleaseSchema } from "./payables.schema";
import { createRetainageRelease } from "./retainage.server";
import { payablesFixture, type PayablesFixture } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let finance: TestMember;
let fx: PayablesFixture;
let vendorName: string;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ap-stored");
  finance = await org.addMember("finance");
  fx = payablesFixture(owner, org);
  vendorName = `Stored Figures Supply ${Date.now()}`;
});
afterAll(() => owner.end());

/** Invoices whose amount_paid is not Σ their payments, and groups whose stored sums differ from the invoices'. */
async function storedMismatches() {
  const paid = await owner`
    select i.invoice_number, i.amount_paid::text as stored, coalesce(p.paid, 0)::numeric(14,2)::text as fresh
    from ap_invoices i left join (select ap_invoice_id, sum(amount) as paid from ap_payments where organization_id = ${org.organizationId} group by 1) p
      on p.ap_invoice_id = i.id
    where i.organization_id = ${org.organizationId} and i.amount_paid <> coalesce(p.paid, 0)`;
  const groups = await owner`
    with fresh as (
      select project_id, vendor_id, status, count(*)::int as invoices, sum(total) as total, sum(retainage) as retainage,
        sum(amount_due) as amount_due, sum(amount_paid) as amount_paid
      from ap_invoices where organization_id = ${org.organizationId} group by 1, 2, 3),
    stored as (select * from ap_invoice_totals where organization_id = ${org.organizationId})
    select coalesce(f.status, s.status) as status, row_to_json(f)::text as fresh, row_to_json(s)::text as stored
    from fresh f full join stored s on s.project_id = f.project_id and s.vendor_id = f.vendor_id and s.status = f.status
    where (f.status is null and (s.invoices, s.total, s.retainage, s.amount_due, s.amount_paid) <> (0, 0, 0, 0, 0))
       or (s.status is null)
       or (f.invoices, f.total, f.retainage, f.amount_due, f.amount_paid) <> (s.invoices, s.total, s.retainage, s.amount_due, s.amount_paid)`;
  return [...paid, ...groups].map((r) => ({ ...r }));
}

/**
 * The list's filters, each with the condition a fresh re-sum applies. Vendor and project are picked
 * from lists (lookup filters), so they match the vendor's name / the project's label exactly.
 */
async function filters(): Promise<[string, string][]> {
  const [apStored] = await owner`select job_number || ' ' || name as label from projects
    where organization_id = ${org.organizationId} and job_number <> 'J-bulk' order by created_at limit 1`;
  const vendor = new URLSearchParams({ "f.vendor": vendorName }).toString();
  const project = new URLSearchParams({ "f.project": apStored?.label ?? "none" }).toString();
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  return [
    ["", "true"],
    ["f.status=approved", "i.status = 'approved'"],
    ["f.status=paid", "i.status = 'paid'"],
    [vendor, `v.name = ${literal(vendorName)}`],
    [`${vendor}&f.status=approved&${project}`, `v.name = ${literal(vendorName)} and i.status = 'approved' and (p.job_number || ' ' || p.name) = ${literal(apStored?.label ?? "none")}`],
    ["f.project=J-bulk+Bulk+yard", "(p.job_number || ' ' || p.name) = 'J-bulk Bulk yard'"],
    ["f.invoiceDate.from=2025-03-01&f.invoiceDate.to=2025-03-31", "i.invoice_date between '2025-03-01' and '2025-03-31'"],
    ["f.number=BULK-1", "i.invoice_number ilike '%BULK-1%'"],
  ];
}

/** The totals as the list shows them and as the old statement computed them: Σ invoices, paid = Σ their payments. */
async function totalsBothWays() {
  const shown = [];
  const fresh = [];
  for (const [search, condition] of await filters()) {
    const query = parseTableQuery(apInvoicesTable, new URL(`http://test/payables?${search}`));
    shown.push({ search, ...(await fx.as(finance, (tx) => apInvoiceTotals(tx, query))) });
    const [row] = await owner.unsafe(
      `select coalesce(sum(i.total), 0.00)::text as total, coalesce(sum(i.retainage), 0.00)::text as retainage, coalesce(sum(i.amount_due), 0.00)::text as "amountDue",
         coalesce(sum(pay.paid), 0.00)::text as paid, (coalesce(sum(i.amount_due), 0.00) - coalesce(sum(pay.paid), 0.00))::text as balance
       from ap_invoices i join vendors v on v.id = i.vendor_id join projects p on p.id = i.project_id
       cross join lateral (select coalesce(sum(a.amount), 0.00) as paid from ap_payments a where a.ap_invoice_id = i.id) pay
       where i.organization_id = $1 and ${condition}`,
      [org.organizationId],
    );
    fresh.push({ search, ...row });
  }
  return { shown, fresh };
}

/** Aging's open invoice items (not the retainage held) and the approved invoices with amount due − Σ payments > 0. */
async function openItemsBothWays() {
  const documents = await fx.as(finance, (tx) => apAgingDocuments(tx));
  const shown = documents.filter((d) => !d.label.endsWith("(retainage held)")).map((d) => ({ id: d.documentId, open: d.openAmount }));
  const fresh = await owner`
    select i.id, (i.amount_due - coalesce(sum(p.amount), 0))::numeric(14,2)::text as open
    from ap_invoices i left join ap_payments p on p.ap_invoice_id = i.id
    where i.organization_id = ${org.organizationId} and i.status = 'approved'
    group by i.id having i.amount_due - coalesce(sum(p.amount), 0) > 0`;
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  return { shown: shown.sort(byId), fresh: fresh.map((r) => ({ id: r.id as string, open: r.open as string })).sort(byId) };
}

async function expectCurrent(step: string) {
  expect({ step, mismatches: await storedMismatches() }).toEqual({ step, mismatches: [] });
  const totals = await totalsBothWays();
  expect(totals.shown).toEqual(totals.fresh);
  const open = await openItemsBothWays();
  expect(open.shown).toEqual(open.fresh);
  const documents = await fx.as(finance, (tx) => apAgingDocuments(tx));
  for (const asOf of ["2025-03-15", "2025-05-20", "2025-09-01"])
    expect(agingPageFromSums(await fx.as(finance, (tx) => apAgingSums(tx, asOf)), asOf)).toEqual(agingPage(documents, asOf));
}

describe("stored AP figures", () => {
  it("equal a fresh computation after billing, approval, payments, a retainage release, voids and deletes", async () => {
    const vendorId = await fx.vendor(vendorName);
    const { commitmentId, lineIds } = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "20000.00"]], vendorId });
    const progress = await fx.draftAgainst(finance, commitmentId);
    await fx.bill(finance, progress.id, [[lineIds[0], "5000.00"]]);
    await expectCurrent("billed draft");
    await fx.approve(progress.id);
    await expectCurrent("approved");
    await fx.pay(finance, progress.id, "1000.00");
    await expectCurrent("paid in part");
    const release = await fx.as(finance, (tx) => createRetainageRelease(tx, newRetainageReleaseSchema.parse({ commitmentId, ...fx.header(), amount: "300.00" })));
    await fx.approve(release.id);
    await fx.pay(finance, release.id, "300.00");
    await expectCurrent("retainage released and paid out");
    await fx.pay(finance, progress.id, "3500.00");
    expect((await fx.current(progress.id)).status).toBe("paid");
    await expectCurrent("paid in full");

    const direct = await fx.directInvoice(finance, [[org.otherCostCodeId, "750.25"]], vendorId);
    await fx.approve(direct);
    await fx.move(finance, direct, "void");
    await expectCurrent("approved, then voided");
    const draft = await fx.directInvoice(finance, [[org.otherCostCodeId, "99.99"]], vendorId);
    await expectCurrent("a draft");
    await owner`delete from ap_invoices where id = ${draft}`;
    await expectCurrent("the draft deleted");
  });

  it("stay current under bulk SQL (one statement of many rows, as an import or the bench dataset writes) and an owner's payment correction", async () => {
    const vendorId = await fx.vendor(`${vendorName} bulk`);
    const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${org.organizationId}, 'J-bulk', 'Bulk yard', 'active') returning id`;
    const ids = await owner.begin(async (sql) => {
      await sql`select set_config('app.organization_id', ${org.organizationId}, true)`;
      const rows = await sql`
        insert into ap_invoices (organization_id, vendor_id, project_id, invoice_number, invoice_date, due_date, status, approved_at, total, amount_due)
        select ${org.organizationId}, ${vendorId}, case when g % 2 = 0 then ${project.id}::uuid else ${org.projectId}::uuid end, 'BULK-' || g,
          date '2025-03-01' + g, date '2025-04-01' + g, 'approved', now(), 100 + g, 100 + g
        from generate_series(1, 40) g returning id`;
      await sql`insert into ap_payments (organization_id, ap_invoice_id, paid_on, amount, method)
        select organization_id, id, due_date, amount_due / 2, 'ach' from ap_invoices where organization_id = ${org.organizationId} and invoice_number like 'BULK-%'`;
      await sql`insert into ap_payments (organization_id, ap_invoice_id, paid_on, amount, method)
        select organization_id, id, due_date, amount_due / 2, 'ach' from ap_invoices
        where organization_id = ${org.organizationId} and invoice_number like 'BULK-%' and substr(invoice_number, 6)::int % 4 = 0`;
      await sql`update ap_invoices set status = 'paid', version = version + 1
        where organization_id = ${org.organizationId} and invoice_number like 'BULK-%' and amount_paid = amount_due`;
      return rows.map((r) => r.id as string);
    });
    expect(ids).toHaveLength(40);
    const [{ paid }] = await owner`select count(*)::int as paid from ap_invoices where id = any(${ids}) and status = 'paid'`;
    expect(paid).toBe(10);
    await expectCurrent("bulk insert, payments and status update");

    // Payments are append-only for the app; the owner may still correct one: the stored paid follows.
    const [payment] = await owner`select id from ap_payments where ap_invoice_id = ${ids[0]} limit 1`;
    await owner`update ap_payments set amount = amount - 1 where id = ${payment.id}`;
    await expectCurrent("an owner's correction of a payment");
    await owner`delete from ap_payments where id = ${payment.id}`;
    await expectCurrent("an owner's deletion of a payment");
  });

  it("a version bump or a header edit writes no stored sum (nothing for concurrent writers to wait on)", async () => {
    const invoice = await fx.directInvoice(finance, [[org.otherCostCodeId, "10.00"]]);
    const before = await owner`select xmin::text from ap_invoice_totals where organization_id = ${org.organizationId} order by project_id, vendor_id, status`;
    await owner`update ap_invoices set version = version + 1, description = 'edited' where id = ${invoice}`;
    expect(await owner`select xmin::text from ap_invoice_totals where organization_id = ${org.organizationId} order by project_id, vendor_id, status`).toEqual(before);
    await expectCurrent("a header edit");
  });
});
