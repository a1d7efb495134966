import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { getApInvoice } from "./ap-invoice-detail.server";
import { recordApPayment } from "./ap-payments.server";
import { newRetainageReleaseSchema } from "./payables.schema";
import { createRetainageRelease, retainageSummary } from "./retainage.server";
import { payablesFixture, type PayablesFixture } from "./test-fixtures";
import { queryRows } from "~/utils/db.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let finance: TestMember;
let fx: PayablesFixture;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ap-payments");
  finance = await org.addMember("finance");
  fx = payablesFixture(owner, org);
});
afterAll(() => owner.end());

/** An approved invoice against a fresh 10% commitment: [line amount, billed this period] per line. */
async function approvedInvoice(lines: [string, string][], vendorId?: string) {
  const c = await fx.commitment({ retainageRate: "0.10", lines: lines.map(([amount], i) => [i === 0 ? org.costCodeId : org.otherCostCodeId, amount]), vendorId });
  const invoice = await fx.draftAgainst(finance, c.commitmentId);
  await fx.bill(finance, invoice.id, lines.map(([, billed], i) => [c.lineIds[i], billed]));
  await fx.approve(invoice.id);
  return { ...c, invoiceId: invoice.id };
}

const release = (commitmentId: string, amount: string) =>
  fx.as(finance, (tx) => createRetainageRelease(tx, newRetainageReleaseSchema.parse({ commitmentId, ...fx.header(), amount })));
const retainageOf = (commitmentId: string) => fx.as(finance, (tx) => retainageSummary(tx, commitmentId));
const paymentsOf = (invoiceId: string) => owner`select amount::text, is_retainage from ap_payments where ap_invoice_id = ${invoiceId} order by created_at`;

describe("payments out", () => {
  it("partial payments up to the amount due (retainage held is not payable); then the invoice is paid", async () => {
    const { invoiceId } = await approvedInvoice([["10000.00", "1000.00"]]);
    expect(await fx.current(invoiceId)).toMatchObject({ total: "1000.00", retainage: "100.00", amountDue: "900.00" });
    const first = await fx.pay(finance, invoiceId, "400.00");
    expect(first).toMatchObject({ openBalance: "500.00", invoice: { status: "approved" }, payment: { amount: "400.00", isRetainage: false, method: "check" } });
    await expect(fx.pay(finance, invoiceId, "500.01")).rejects.toMatchObject({
      field: "amount",
      message: expect.stringContaining("A payment of $500.01 is more than the open balance of $500.00"),
    });
    const last = await fx.pay(finance, invoiceId, "500.00");
    expect(last).toMatchObject({ openBalance: "0.00", invoice: { status: "paid" } });
    await expect(fx.pay(finance, invoiceId, "0.01")).rejects.toThrow("is already paid in full");
    expect(await paymentsOf(invoiceId)).toEqual([
      { amount: "400.00", is_retainage: false },
      { amount: "500.00", is_retainage: false },
    ]);
    const { balance } = await fx.as(finance, (tx) => getApInvoice(tx, invoiceId));
    expect(balance).toEqual({ paid: "900.00", open: "0.00" });
  });

  it("only approved invoices are paid, at the version read, and never for zero", async () => {
    const c = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const draft = await fx.draftAgainst(finance, c.commitmentId);
    await fx.bill(finance, draft.id, [[c.lineIds[0], "100.00"]]);
    await expect(fx.pay(finance, draft.id, "10.00")).rejects.toThrow("is draft: only approved invoices can be paid");
    await fx.approve(draft.id);
    const stale = { paidOn: "2025-04-01", amount: "10.00", method: "ach" as const, reference: "", version: 1 };
    await expect(fx.as(finance, (tx) => recordApPayment(tx, draft.id, stale))).rejects.toThrow("Someone else changed invoice");
    await expect(fx.pay(finance, draft.id, "0.00")).rejects.toThrow("The payment amount must be greater than zero");
    expect(await paymentsOf(draft.id)).toEqual([]);
  });

  it("two payments entered at once cannot together pay more than is open: the second is a conflict", async () => {
    const { invoiceId } = await approvedInvoice([["10000.00", "1000.00"]]);
    const { version } = await fx.current(invoiceId);
    const input = { paidOn: "2025-04-01", amount: "600.00", method: "ach" as const, reference: "", version };
    const first = fx.heldOpen(finance, (tx) => recordApPayment(tx, invoiceId, input));
    await first.ready;
    const second = fx.as(finance, (tx) => recordApPayment(tx, invoiceId, input)).then(
      () => "paid",
      (error: Error) => error.message,
    );
    await fx.lockWaiter();
    first.commit();
    await first.done;
    expect(await second).toContain("Someone else changed invoice");
    expect(await paymentsOf(invoiceId)).toEqual([{ amount: "600.00", is_retainage: false }]);
  });

  it("the payment record is append-only for the app", async () => {
    const { invoiceId } = await approvedInvoice([["1000.00", "100.00"]]);
    await fx.pay(finance, invoiceId, "10.00");
    await expect(fx.as(finance, (tx) => queryRows(tx, `update ap_payments set amount = 1`))).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});

describe("retainage payable", () => {
  it("is held on approved invoices and paid out only through a release invoice, never more than is held", async () => {
    const { commitmentId, invoiceId } = await approvedInvoice([
      ["20000.00", "10000.00"],
      ["10000.00", "5000.00"],
    ]);
    await fx.pay(finance, invoiceId, "13500.00");
    expect((await fx.current(invoiceId)).status).toBe("paid");
    expect(await retainageOf(commitmentId)).toEqual({ held: "1500.00", released: "0.00", outstanding: "1500.00" });

    await expect(release(commitmentId, "1500.01")).rejects.toMatchObject({
      field: "amount",
      message: expect.stringContaining("holds $1,500.00 of retainage not yet released: $1,500.01 is $0.01 more than that"),
    });
    const partial = await release(commitmentId, "900.00");
    expect(partial).toMatchObject({ kind: "retainage_release", status: "draft", total: "900.00", retainage: "0.00", amountDue: "900.00" });
    const { lines } = await fx.as(finance, (tx) => getApInvoice(tx, partial.id));
    // split in proportion to what each line holds (1,000.00 : 500.00)
    expect(lines.map((l) => [l.lineNumber, l.amount, l.retainageReleased])).toEqual([
      [1, "0.00", "600.00"],
      [2, "0.00", "300.00"],
    ]);
    // A release counts from the moment it is entered, so the same retainage cannot be released twice.
    expect(await retainageOf(commitmentId)).toEqual({ held: "1500.00", released: "900.00", outstanding: "600.00" });
    await expect(release(commitmentId, "600.01")).rejects.toThrow("holds $600.00 of retainage not yet released");

    await fx.approve(partial.id);
    await expect(fx.pay(finance, partial.id, "900.01")).rejects.toThrow("more than the open balance of $900.00");
    expect(await fx.pay(finance, partial.id, "900.00")).toMatchObject({ invoice: { status: "paid" }, payment: { isRetainage: true } });

    const rest = await release(commitmentId, "600.00");
    expect(rest.total).toBe("600.00");
    await expect(release(commitmentId, "0.01")).rejects.toThrow("has no retainage left to release");
    // Voiding a release gives its retainage back.
    await fx.move(finance, rest.id, "void");
    expect(await retainageOf(commitmentId)).toMatchObject({ outstanding: "600.00" });
  });

  it("a subcontract's own line rate, step-down band and cap hold on billed to date; a release is entered per line", async () => {
    const c = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "60000.00"], [org.otherCostCodeId, "40000.00"]] });
    await owner`update commitments set retainage_cap_rate = 0.04, retainage_band_basis = 'percent_complete',
      retainage_bands = '[{"from": "50", "rate": "0.050000"}]'::jsonb where id = ${c.commitmentId}`;
    await owner`update commitment_lines set retainage_rate = 0.02 where id = ${c.lineIds[1]}`;
    const billAndApprove = async (lines: [string, string][]) => {
      const invoice = await fx.draftAgainst(finance, c.commitmentId);
      await fx.bill(finance, invoice.id, lines);
      await fx.approve(invoice.id);
      return fx.as(finance, (tx) => getApInvoice(tx, invoice.id));
    };
    // 30,000.00 of 100,000.00: line 1 at 10% = 3,000.00, under the 4,000.00 cap
    const first = await billAndApprove([[c.lineIds[0], "30000.00"]]);
    expect(first.lines.map((l) => [l.retainageRate, l.retainage])).toEqual([["0.100000", "3000.00"]]);
    // 60,000.00 billed to date (50% reached): line 1 at 5% of 50,000.00 = 2,500.00 to date (−500.00 now), line 2 at its own 2% of 10,000.00
    const second = await billAndApprove([[c.lineIds[0], "20000.00"], [c.lineIds[1], "10000.00"]]);
    expect(second.lines.map((l) => [l.retainageRate, l.amount, l.retainage])).toEqual([
      ["0.100000", "20000.00", "-500.00"],
      ["0.020000", "10000.00", "200.00"],
    ]);
    expect(second.invoice).toMatchObject({ total: "30000.00", retainage: "-300.00", amountDue: "30300.00" });
    expect(await retainageOf(c.commitmentId)).toEqual({ held: "2700.00", released: "0.00", outstanding: "2700.00" });

    const perLine = (lines: [string, string][], amount?: string) =>
      fx.as(finance, (tx) =>
        createRetainageRelease(
          tx,
          newRetainageReleaseSchema.parse({ commitmentId: c.commitmentId, ...fx.header(), amount, lines: lines.map(([commitmentLineId, value]) => ({ commitmentLineId, amount: value })) }),
        ),
      );
    await expect(perLine([[c.lineIds[1], "200.01"]])).rejects.toMatchObject({
      field: "lines[0].amount",
      message: "Line 2 (Scope 2) still holds $200.00 of retainage: $200.01 is more than that.",
    });
    await expect(perLine([[c.lineIds[0], "100.00"]], "150.00")).rejects.toThrow("The lines release $100.00 in all but the amount entered is $150.00");
    const released = await perLine([[c.lineIds[0], "1000.00"], [c.lineIds[1], "200.00"]]);
    const { lines } = await fx.as(finance, (tx) => getApInvoice(tx, released.id));
    expect(lines.map((l) => [l.lineNumber, l.retainageReleased])).toEqual([
      [1, "1000.00"],
      [2, "200.00"],
    ]);
    expect(await retainageOf(c.commitmentId)).toEqual({ held: "2700.00", released: "1200.00", outstanding: "1500.00" });
  });

  it("two releases entered at once cannot both spend the same retainage", async () => {
    const { commitmentId } = await approvedInvoice([["20000.00", "15000.00"]]);
    const input = (n: string) => newRetainageReleaseSchema.parse({ commitmentId, ...fx.header(n), amount: "1000.00" });
    const first = fx.heldOpen(finance, (tx) => createRetainageRelease(tx, input("R-A")));
    await first.ready;
    const second = fx.as(finance, (tx) => createRetainageRelease(tx, input("R-B"))).then(
      () => "created",
      (error: Error) => error.message,
    );
    await fx.lockWaiter();
    first.commit();
    await first.done;
    expect(await second).toContain("holds $500.00 of retainage not yet released: $1,000.00 is $500.00 more than that");
    expect(await retainageOf(commitmentId)).toEqual({ held: "1500.00", released: "1000.00", outstanding: "500.00" });
  });

  it("an invoice whose retainage was released cannot be voided before the release", async () => {
    const { commitmentId, invoiceId } = await approvedInvoice([["10000.00", "1000.00"]]);
    const released = await release(commitmentId, "100.00");
    await expect(fx.move(finance, invoiceId, "void")).rejects.toThrow("has been released: void the retainage release invoice first");
    await fx.move(finance, released.id, "void");
    expect((await fx.move(finance, invoiceId, "void")).status).toBe("void");
    expect(await retainageOf(commitmentId)).toEqual({ held: "0.00", released: "0.00", outstanding: "0.00" });
  });

  it("draft and pending invoices hold no retainage yet", async () => {
    const c = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const draft = await fx.draftAgainst(finance, c.commitmentId);
    await fx.bill(finance, draft.id, [[c.lineIds[0], "500.00"]]);
    await fx.move(finance, draft.id, "submit");
    await expect(release(c.commitmentId, "50.00")).rejects.toThrow("has no retainage left to release");
  });
});

describe("payments blocked without vendor compliance", () => {
  const setBlock = (on: boolean) => owner`update organizations set block_payments_without_compliance = ${on} where id = ${org.organizationId}`;
  const setVendor = (vendorId: string, flags: { expires: string | null; required: boolean; received: boolean }) =>
    owner`update vendors set insurance_expires_on = ${flags.expires}, lien_waiver_required = ${flags.required}, lien_waiver_received = ${flags.received} where id = ${vendorId}`;

  it("expired insurance blocks a payment only when the organization says so, as of the payment date", async () => {
    const { invoiceId, vendorId } = await approvedInvoice([["10000.00", "1000.00"]]);
    await setVendor(vendorId, { expires: "2025-03-31", required: false, received: false });
    await setBlock(false);
    await fx.pay(finance, invoiceId, "100.00", "2025-04-15");
    await setBlock(true);
    try {
      await expect(fx.pay(finance, invoiceId, "100.00", "2025-04-01")).rejects.toThrow(
        /^Payments to Vendor V-\d+ are blocked until their compliance is complete \(organization setting\): their insurance expired on 2025-03-31, before the payment date 2025-04-01\.$/,
      );
      // valid through its expiry date
      expect((await fx.pay(finance, invoiceId, "100.00", "2025-03-31")).openBalance).toBe("700.00");
      await setVendor(vendorId, { expires: "2026-03-31", required: false, received: false });
      expect((await fx.pay(finance, invoiceId, "100.00", "2025-04-01")).openBalance).toBe("600.00");
    } finally {
      await setBlock(false);
    }
  });

  it("a required lien waiver that has not been received blocks a payment", async () => {
    const { invoiceId, vendorId } = await approvedInvoice([["10000.00", "1000.00"]]);
    await setVendor(vendorId, { expires: null, required: true, received: false });
    await fx.pay(finance, invoiceId, "100.00");
    await setBlock(true);
    try {
      await expect(fx.pay(finance, invoiceId, "100.00")).rejects.toThrow("the lien waiver they must provide has not been received");
      expect(await paymentsOf(invoiceId)).toHaveLength(1);
      await setVendor(vendorId, { expires: null, required: true, received: true });
      expect((await fx.pay(finance, invoiceId, "100.00")).openBalance).toBe("700.00");
    } finally {
      await setBlock(false);
    }
  });
});
