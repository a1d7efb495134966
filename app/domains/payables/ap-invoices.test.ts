import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { getApInvoice } from "./ap-invoice-detail.server";
import { saveCommitmentBilling } from "./ap-invoice-lines.server";
import { changeApInvoiceStatus } from "./ap-invoice-status.server";
import { ApInvoiceRefused, createDirectInvoice, findApInvoice, updateApInvoiceHeader } from "./ap-invoices.server";
import { newCommitmentInvoiceSchema, newDirectInvoiceSchema } from "./payables.schema";
import { payablesFixture, type PayablesFixture } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let pm: TestMember;
let fx: PayablesFixture;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ap-invoices");
  pm = await org.addMember("project_manager");
  fx = payablesFixture(owner, org);
});
afterAll(() => owner.end());

const refusal = (promise: Promise<unknown>) => promise.then(() => null, (error: unknown) => error as ApInvoiceRefused);

describe("entering vendor invoices", () => {
  it("against an executed commitment: vendor, project and retainage rate come from the commitment", async () => {
    const { commitmentId, vendorId } = await fx.commitment({ retainageRate: "0.075", lines: [[org.costCodeId, "10000.00"]] });
    const invoice = await fx.draftAgainst(pm, commitmentId);
    expect(invoice).toMatchObject({ vendorId, projectId: org.projectId, commitmentId, kind: "progress", status: "draft", retainageRate: "0.075000", total: "0.00", version: 1 });
    const [audit] = await owner`select action, actor_user_id from audit_events where entity_id = ${invoice.id}`;
    expect(audit).toMatchObject({ action: "created", actor_user_id: pm.userId });
  });

  it("only executed commitments can be invoiced", async () => {
    const error = await refusal(fx.draftAgainst(pm, org.draftCommitmentId));
    expect(error).toBeInstanceOf(ApInvoiceRefused);
    expect(error).toMatchObject({ field: "commitmentId", message: expect.stringContaining("only executed commitments can be invoiced") });
  });

  it("a direct-cost invoice has a project and a vendor, no commitment and no retainage", async () => {
    const invoiceId = await fx.directInvoice(pm, [[org.costCodeId, "1250.50"], [org.otherCostCodeId, "99.99"]]);
    const detail = await fx.as(pm, (tx) => getApInvoice(tx, invoiceId));
    expect(detail.invoice).toMatchObject({ commitmentId: null, retainageRate: "0.000000", total: "1350.49", retainage: "0.00", amountDue: "1350.49" });
    expect(detail.lines.map((l) => [l.lineNumber, l.thisPeriod, l.storedMaterials, l.amount, l.retainage])).toEqual([
      [1, "1250.50", "0.00", "1250.50", "0.00"],
      [2, "99.99", "0.00", "99.99", "0.00"],
    ]);
    const unknownVendor = newDirectInvoiceSchema.parse({ ...fx.header(), projectId: org.projectId, vendorId: randomUUID() });
    await expect(fx.as(pm, (tx) => createDirectInvoice(tx, unknownVendor))).rejects.toMatchObject({ field: "vendorId" });
  });

  it("the due date cannot be before the invoice date", () => {
    const parsed = newCommitmentInvoiceSchema.safeParse({ commitmentId: org.commitmentId, invoiceNumber: "A-1", invoiceDate: "2025-03-10", dueDate: "2025-03-09" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]).toMatchObject({ path: ["dueDate"], message: "The due date cannot be before the invoice date" });
  });

  it("an invoice number is entered once per vendor: refused on the field, fine for another vendor, free again once voided", async () => {
    const first = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const second = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const original = await fx.draftAgainst(pm, first.commitmentId, "INV-100");
    const error = await refusal(fx.draftAgainst(pm, first.commitmentId, "INV-100"));
    expect(error).toMatchObject({ field: "invoiceNumber", message: expect.stringMatching(/^Invoice number INV-100 of Vendor V-\d+ is already entered/) });
    expect(await fx.draftAgainst(pm, second.commitmentId, "INV-100")).toMatchObject({ invoiceNumber: "INV-100", vendorId: second.vendorId });
    // A direct-cost invoice of the same vendor shares the vendor's numbers.
    const direct = newDirectInvoiceSchema.parse({ ...fx.header("INV-100"), projectId: org.projectId, vendorId: first.vendorId });
    await expect(fx.as(pm, (tx) => createDirectInvoice(tx, direct))).rejects.toMatchObject({ field: "invoiceNumber" });
    // Renaming another draft to the taken number is refused too.
    const other = await fx.draftAgainst(pm, first.commitmentId, "INV-101");
    await expect(
      fx.as(pm, (tx) => updateApInvoiceHeader(tx, other.id, { ...fx.header("INV-100"), version: other.version })),
    ).rejects.toMatchObject({ field: "invoiceNumber" });
    await fx.move(pm, original.id, "void");
    expect(await fx.draftAgainst(pm, first.commitmentId, "INV-100")).toMatchObject({ invoiceNumber: "INV-100", status: "draft" });
  });

  it("another organization can neither read nor touch an invoice", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const invoice = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, invoice.id, [[lineIds[0], "100.00"]]);
    const other = await financeOrganization(owner, "ap-intruder");
    const intruder = payablesFixture(owner, other);
    await expect(intruder.as(other.owner, (tx) => findApInvoice(tx, invoice.id))).rejects.toBeInstanceOf(RecordNotFound);
    await expect(intruder.as(other.owner, (tx) => getApInvoice(tx, invoice.id))).rejects.toBeInstanceOf(RecordNotFound);
    await expect(intruder.as(other.owner, (tx) => updateApInvoiceHeader(tx, invoice.id, { ...fx.header(), version: 2 }))).rejects.toBeInstanceOf(RecordNotFound);
    await expect(intruder.as(other.owner, (tx) => changeApInvoiceStatus(tx, invoice.id, { to: "void", version: 2, actorId: other.owner.userId }))).rejects.toBeInstanceOf(
      RecordNotFound,
    );
    await expect(intruder.draftAgainst(other.owner, commitmentId)).rejects.toBeInstanceOf(RecordNotFound);
    expect((await fx.current(invoice.id)).status).toBe("draft");
  });
});

describe("billing a commitment", () => {
  it("holds retainage per line at the commitment's rate, rounded half-up; totals are the sums of the lines; billed to date is shown", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "10000.00"], [org.otherCostCodeId, "5000.00"]] });
    const invoice = await fx.draftAgainst(pm, commitmentId);
    const { invoice: saved, lines } = await fx.bill(pm, invoice.id, [
      [lineIds[0], "1,000.05"],
      [lineIds[1], "333.33", "0.02"],
    ]);
    expect(lines.map((l) => [l.lineNumber, l.thisPeriod, l.storedMaterials, l.amount, l.retainage])).toEqual([
      [1, "1000.05", "0.00", "1000.05", "100.01"],
      [2, "333.33", "0.02", "333.35", "33.34"],
    ]);
    expect(saved).toMatchObject({ total: "1333.40", retainage: "133.35", amountDue: "1200.05", version: 2 });

    await fx.approve(invoice.id);
    const next = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, next.id, [[lineIds[0], "500.00"]]);
    const { sheet } = await fx.as(pm, (tx) => getApInvoice(tx, next.id));
    expect(sheet.map((l) => [l.lineNumber, l.ceiling, l.previouslyBilled, l.amount, l.retainage])).toEqual([
      [1, "10000.00", "1000.05", "500.00", "50.00"],
      [2, "5000.00", "333.35", "0.00", "0.00"],
    ]);
    // Saving again replaces the sheet; a line billing nothing is not stored.
    const { lines: replaced } = await fx.bill(pm, next.id, [
      [lineIds[0], "0"],
      [lineIds[1], "10.00"],
    ]);
    expect(replaced.map((l) => [l.lineNumber, l.amount])).toEqual([[2, "10.00"]]);
  });

  it("overbilling: exactly at the ceiling is accepted, a cent over is refused naming the line, its ceiling and the excess", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "10000.00"]] });
    const first = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, first.id, [[lineIds[0], "6000.00"]]);
    await fx.approve(first.id);

    const second = await fx.draftAgainst(pm, commitmentId);
    const over = await refusal(fx.bill(pm, second.id, [[lineIds[0], "3999.99", "0.02"]]));
    expect(over).toBeInstanceOf(ApInvoiceRefused);
    expect(over?.message).toBe(
      "Line 1 (03-3000 Scope 1) would be billed $10,000.01 to date, $0.01 over its ceiling of $10,000.00 (line value plus approved change orders). " +
        "Reduce this period or stored materials, or approve a change order first.",
    );
    expect(over?.field).toBe("lines[0].thisPeriod");
    expect(await fx.current(second.id)).toMatchObject({ version: 1, total: "0.00" });
    const { invoice } = await fx.bill(pm, second.id, [[lineIds[0], "3999.98", "0.02"]]);
    expect(invoice).toMatchObject({ total: "4000.00", retainage: "400.00", amountDue: "3600.00" });
  });

  it("an approved commitment change order raises the ceiling of the first line with its cost code × type; pending ones do not", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "10000.00"], [org.otherCostCodeId, "5000.00"], [org.costCodeId, "2000.00"]] });
    await fx.commitmentChange(commitmentId, org.costCodeId, "1500.00", "approved");
    await fx.commitmentChange(commitmentId, org.costCodeId, "800.00", "pending_approval");
    await fx.commitmentChange(commitmentId, org.otherCostCodeId, "-250.00", "approved");
    const invoice = await fx.draftAgainst(pm, commitmentId);
    const { sheet } = await fx.as(pm, (tx) => getApInvoice(tx, invoice.id));
    expect(sheet.map((l) => [l.lineNumber, l.lineAmount, l.approvedChanges, l.ceiling])).toEqual([
      [1, "10000.00", "1500.00", "11500.00"],
      [2, "5000.00", "-250.00", "4750.00"],
      [3, "2000.00", "0.00", "2000.00"],
    ]);
    await expect(fx.bill(pm, invoice.id, [[lineIds[0], "11500.01"]])).rejects.toThrow("$0.01 over its ceiling of $11,500.00");
    await expect(fx.bill(pm, invoice.id, [[lineIds[1], "4750.01"]])).rejects.toThrow("Line 2 (09 Scope 2)");
    await expect(fx.bill(pm, invoice.id, [[lineIds[2], "2000.01"]])).rejects.toThrow("Line 3");
    const { invoice: saved } = await fx.bill(pm, invoice.id, [
      [lineIds[0], "11500.00"],
      [lineIds[1], "4750.00"],
      [lineIds[2], "2000.00"],
    ]);
    expect(saved.total).toBe("18250.00");
  });

  it("drafts and pending invoices bill nothing yet; approving re-checks the ceiling against what was approved meanwhile", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "10000.00"]] });
    const a = await fx.draftAgainst(pm, commitmentId);
    const b = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, a.id, [[lineIds[0], "7000.00"]]);
    await fx.bill(pm, b.id, [[lineIds[0], "7000.00"]]);
    await fx.move(pm, a.id, "submit");
    await fx.move(pm, b.id, "submit");
    await fx.decide(org.owner, a.id);
    await expect(fx.decide(org.owner, b.id)).rejects.toThrow("Line 1 (03-3000 Scope 1) would be billed $14,000.00 to date, $4,000.00 over");
    expect(await fx.current(b.id)).toMatchObject({ status: "pending_approval" });
    const [request] = await owner`select status from approval_requests where document_id = ${b.id}`;
    expect(request.status).toBe("pending");
    // Submitting re-checks too: a draft saved within the ceiling, then another invoice approved first.
    const c = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, c.id, [[lineIds[0], "3000.00"]]);
    const d = await fx.draftAgainst(pm, commitmentId);
    await fx.bill(pm, d.id, [[lineIds[0], "1.00"]]);
    await fx.approve(d.id);
    await expect(fx.move(pm, c.id, "submit")).rejects.toThrow("would be billed $10,001.00 to date, $1.00 over its ceiling");
    expect(await fx.current(c.id)).toMatchObject({ status: "draft" });
  });

  it("two approvals racing on the same commitment line: the second waits for the first and is refused", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "10000.00"]] });
    const [a, b] = [await fx.draftAgainst(pm, commitmentId), await fx.draftAgainst(pm, commitmentId)];
    for (const invoice of [a, b]) {
      await fx.bill(pm, invoice.id, [[lineIds[0], "6000.00"]]);
      await fx.move(pm, invoice.id, "submit");
    }
    // The first approval is decided but not yet committed when the second arrives.
    const first = fx.heldOpen(org.owner, await fx.decision(org.owner, a.id));
    await first.ready;
    const second = fx.decide(org.owner, b.id).then(
      () => "approved",
      (error: Error) => error.message,
    );
    await fx.lockWaiter();
    first.commit();
    await first.done;
    expect(await second).toContain("Line 1 (03-3000 Scope 1) would be billed $12,000.00 to date, $2,000.00 over its ceiling");
    expect([(await fx.current(a.id)).status, (await fx.current(b.id)).status]).toEqual(["approved", "pending_approval"]);
  });

  it("only a draft's lines can be changed, only with its current version, and only on its own commitment's lines", async () => {
    const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "10000.00"]] });
    const elsewhere = await fx.commitment({ lines: [[org.costCodeId, "10000.00"]] });
    const invoice = await fx.draftAgainst(pm, commitmentId);
    await expect(fx.bill(pm, invoice.id, [[elsewhere.lineIds[0], "1.00"]])).rejects.toBeInstanceOf(RecordNotFound);
    await fx.bill(pm, invoice.id, [[lineIds[0], "100.00"]]);
    await expect(
      fx.as(pm, (tx) => saveCommitmentBilling(tx, invoice.id, { version: 1, lines: [{ commitmentLineId: lineIds[0], thisPeriod: "5.00", storedMaterials: "0.00" }] })),
    ).rejects.toThrow("Someone else changed invoice");
    await fx.move(pm, invoice.id, "submit");
    await expect(fx.bill(pm, invoice.id, [[lineIds[0], "5.00"]])).rejects.toThrow("is waiting for approval: withdraw it from approval to edit it");
  });
});
