import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApprovalRefused, latestApprovalFor } from "~/domains/approvals/approval-requests.server";
import { policySchema } from "~/domains/approvals/approvals.schema";
import { savePolicy } from "~/domains/approvals/policies.server";
import { addTypicalMembers, financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { allowedApTransitions, changeApInvoiceStatus } from "./ap-invoice-status.server";
import { payablesFixture, type PayablesFixture } from "./test-fixtures";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let pm: TestMember;
let finance: TestMember;
let fx: PayablesFixture;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "ap-approvals");
  ({ pm, finance } = await addTypicalMembers(org));
  fx = payablesFixture(owner, org);
  const policy = policySchema.parse({
    documentType: "ap_invoice",
    name: "Vendor invoices of $50,000 or more",
    minAmount: "50,000",
    active: true,
    step1: "key:payables:approve",
    step2: `user:${org.owner.userId}`,
  });
  await fx.as(org.owner, (tx) => savePolicy(tx, policy));
});
afterAll(() => owner.end());

const approvalOf = (invoiceId: string) => fx.as(org.owner, async (tx) => (await latestApprovalFor(tx, "ap_invoice", invoiceId))!);
const auditActions = async (id: string) => (await owner`select action from audit_events where entity_id = ${id} order by occurred_at, id`).map((r) => r.action as string);

/** A draft invoice against a fresh commitment, billing `amount` on its one line. */
async function billedDraft(amount: string) {
  const { commitmentId, lineIds } = await fx.commitment({ lines: [[org.costCodeId, "1000000.00"]] });
  const invoice = await fx.draftAgainst(pm, commitmentId);
  await fx.bill(pm, invoice.id, [[lineIds[0], amount]]);
  return invoice.id;
}

describe("vendor invoice approval", () => {
  it("submitting needs at least one line", async () => {
    const { commitmentId } = await fx.commitment({ lines: [[org.costCodeId, "1000.00"]] });
    const empty = await fx.draftAgainst(pm, commitmentId);
    await expect(fx.move(pm, empty.id, "submit")).rejects.toThrow(`Add at least one line before submitting invoice ${empty.invoiceNumber}.`);
    expect(await fx.current(empty.id)).toMatchObject({ status: "draft", version: 1, submittedAt: null });
  });

  it("over the policy threshold: two steps in order (finance, then the owner); approved only after the last", async () => {
    const invoiceId = await billedDraft("60000.00");
    await fx.move(pm, invoiceId, "submit");
    const request = await approvalOf(invoiceId);
    expect(request).toMatchObject({ amount: "60000.00", totalSteps: 2, status: "pending", currentStep: 1 });
    expect(request.steps.map((s) => s.permissionKey ?? `user:${s.approverUserId}`)).toEqual(["payables:approve", `user:${org.owner.userId}`]);
    await expect(fx.decide(pm, invoiceId)).rejects.toBeInstanceOf(ApprovalRefused);
    await fx.decide(finance, invoiceId);
    expect(await fx.current(invoiceId)).toMatchObject({ status: "pending_approval", approvedAt: null });
    await expect(fx.decide(finance, invoiceId)).rejects.toBeInstanceOf(ApprovalRefused);
    await fx.decide(org.owner, invoiceId);
    const approved = await fx.current(invoiceId);
    expect(approved.status).toBe("approved");
    expect(approved.approvedAt).toBeInstanceOf(Date);
    expect(allowedApTransitions(approved.status)).toEqual(["void"]);
    expect(await auditActions(invoiceId)).toEqual(["created", "billing_saved", "submitted", "approved"]);
  });

  it("below the threshold: one step by anyone who may approve vendor invoices", async () => {
    const invoiceId = await billedDraft("49999.99");
    await fx.move(pm, invoiceId, "submit");
    const request = await approvalOf(invoiceId);
    expect(request).toMatchObject({ policyId: null, totalSteps: 1 });
    expect(request.steps.map((s) => s.permissionKey)).toEqual(["payables:approve"]);
    await fx.decide(finance, invoiceId);
    expect((await fx.current(invoiceId)).status).toBe("approved");
  });

  it("rejection sends the invoice back to draft with the reason; resubmitting clears it", async () => {
    const invoiceId = await billedDraft("1200.00");
    await fx.move(pm, invoiceId, "submit");
    await expect(fx.decide(finance, invoiceId, "rejected")).rejects.toThrow("Give the reason for rejecting.");
    await fx.decide(finance, invoiceId, "rejected", "Quantities do not match the field report");
    expect(await fx.current(invoiceId)).toMatchObject({ status: "draft", rejectionReason: "Quantities do not match the field report", approvedAt: null });
    await fx.move(pm, invoiceId, "submit");
    expect(await fx.current(invoiceId)).toMatchObject({ status: "pending_approval", rejectionReason: null });
    expect(await auditActions(invoiceId)).toEqual(["created", "billing_saved", "submitted", "rejected", "submitted"]);
  });

  it("withdrawing returns to draft and cancels the open request; a stale version is a conflict", async () => {
    const invoiceId = await billedDraft("800.00");
    await fx.move(pm, invoiceId, "submit");
    await expect(fx.as(pm, (tx) => changeApInvoiceStatus(tx, invoiceId, { to: "withdraw", version: 1, actorId: pm.userId }))).rejects.toThrow(
      "Someone else changed invoice",
    );
    await fx.move(pm, invoiceId, "withdraw");
    expect(await fx.current(invoiceId)).toMatchObject({ status: "draft", submittedAt: null });
    expect((await approvalOf(invoiceId)).status).toBe("cancelled");
  });

  it("void: drafts, pending and approved invoices without payments; refused once a payment exists; paid is final", async () => {
    const pending = await billedDraft("500.00");
    await fx.move(pm, pending, "submit");
    await fx.move(finance, pending, "void");
    expect((await approvalOf(pending)).status).toBe("cancelled");
    expect((await fx.current(pending)).status).toBe("void");
    await expect(fx.move(finance, pending, "submit")).rejects.toThrow("is void: it cannot be submitted for approval");

    const approved = await billedDraft("1000.00");
    await fx.approve(approved);
    await fx.pay(finance, approved, "100.00");
    await expect(fx.move(finance, approved, "void")).rejects.toThrow(/has payments recorded: it cannot be voided\.$/);
    expect((await fx.current(approved)).status).toBe("approved");
    await fx.pay(finance, approved, "800.00");
    await expect(fx.move(finance, approved, "void")).rejects.toThrow("is paid: it cannot be voided");

    const unpaid = await billedDraft("1000.00");
    await fx.approve(unpaid);
    expect((await fx.move(finance, unpaid, "void")).status).toBe("void");
  });
});
