import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import {
  apInvoices,
  approvalPolicies,
  approvalPolicySteps,
  approvalRequests,
  approvalRequestSteps,
  budgetLines,
  budgetTransfers,
  changeOrderLines,
  changeOrders,
  commitmentLines,
  commitments,
  costCodes,
  costTypes,
  formSubmissions,
  primeContracts,
  projects,
  sovLines,
  vendors,
} from "@db/schema";
import { addSovLinesForChangeOrder } from "~/domains/contracts/sov.server";
import { seedOrganizationCatalog } from "~/domains/cost-codes/template.server";
import { resolveApprovalSteps } from "~/domains/approvals/policies.server";
import { COMMITMENT_DEFAULT_APPROVER_KEY } from "~/domains/commitments/commitment-status.server";
import { apInvoiceApprovalDocument } from "~/domains/payables/ap-invoice-approval.server";
import { addDirectLine, saveCommitmentBilling } from "~/domains/payables/ap-invoice-lines.server";
import { AP_INVOICE_DEFAULT_APPROVER_KEY } from "~/domains/payables/ap-invoice-status.server";
import { createCommitmentInvoice, createDirectInvoice, findApInvoice, type ApInvoice } from "~/domains/payables/ap-invoices.server";
import { recordApPayment } from "~/domains/payables/ap-payments.server";
import { createRetainageRelease } from "~/domains/payables/retainage.server";
import { replaceCommitmentOpenings } from "~/domains/openings/commitment-openings.server";
import { replaceOpeningCosts } from "~/domains/openings/opening-costs.server";
import { commitmentOpeningsSchema, openingCostsSchema } from "~/domains/openings/openings.schema";
import type { Tx } from "~/utils/db.server";
import { allocate, sumMoney } from "~/utils/money";
import { DEMO_COST_CODES, DEMO_VENDOR_COMPLIANCE, type DemoApInvoice, type DemoProject } from "./demo-finance-data";

type Vendor = { name: string; contactName: string; email: string; phone: string; taxId: string };
type Ref = (code: string, type: string) => { costCodeId: string; costTypeId: string };
type People = { pm: string; approver: string; owner: string };

/** Projects, budgets, contracts, commitments, change orders and approvals for one demo organization. */
/**
 * Retainage terms of the demo contracts: Cedar Ridge (2302) holds 10% on the first 1,000,000.00
 * billed and 5% above (marginal amount bands); the others 10% until half complete, then 5%.
 */
const demoRetainageBands = (jobNumber: string) =>
  jobNumber === "2302"
    ? { retainageBandBasis: "amount_billed" as const, retainageBands: [{ from: "1000000.00", rate: "0.050000" }] }
    : { retainageBandBasis: "percent_complete" as const, retainageBands: [{ from: "50", rate: "0.050000" }] };

export async function seedFinance(tx: Tx, organizationId: string, data: DemoProject[], vendorRows: Vendor[], people: People) {
  await seedOrganizationCatalog(tx);
  const [{ n }] = await tx.select({ n: sql<number>`count(*)::int` }).from(projects);
  if (n > 0) return;

  const divisions = new Map((await tx.select().from(costCodes)).map((c) => [c.code, c.id]));
  for (const [division, code, name] of DEMO_COST_CODES)
    await tx.insert(costCodes).values({ organizationId, parentId: divisions.get(division), code, name }).onConflictDoNothing();
  const codeId = new Map((await tx.select().from(costCodes)).map((c) => [c.code, c.id]));
  const typeId = new Map((await tx.select().from(costTypes)).map((t) => [t.code, t.id]));
  const vendorId = new Map(
    (await tx.insert(vendors).values(vendorRows.map((v) => ({ organizationId, ...v, ...DEMO_VENDOR_COMPLIANCE[v.name] }))).returning()).map((v) => [v.name, v.id]),
  );
  const ref = (code: string, type: string) => ({ costCodeId: codeId.get(code)!, costTypeId: typeId.get(type)! });

  await seedPolicies(tx, organizationId, people.owner);
  for (const p of data) {
    const [project] = await tx
      .insert(projects)
      .values({
        organizationId, jobNumber: p.jobNumber, name: p.name, clientName: p.client, address: p.address, status: p.status,
        contractType: p.contractType, startDate: p.start, endDate: p.end, projectManagerId: people.pm,
        budgetLockedAt: p.status === "bidding" ? null : sql`now()`, budgetLockedBy: p.status === "bidding" ? null : people.owner,
      })
      .returning();
    // As if entered through the New project form (whose submission token a resend would find).
    await tx.insert(formSubmissions).values({ organizationId, token: randomUUID(), scope: "/projects/new#", userId: people.pm, location: `/projects/${project.id}` });
    const lines = await tx
      .insert(budgetLines)
      .values(p.budget.map(([code, type, amount]) => ({ organizationId, projectId: project.id, ...ref(code, type), originalAmount: amount })))
      .returning();
    if (p.jobNumber === "2301")
      await tx.insert(budgetTransfers).values({
        organizationId, projectId: project.id, fromLineId: lines[1].id, toLineId: lines[0].id, amount: "6500.00",
        reason: "Temporary facilities savings moved to supervision", createdBy: people.owner,
      });
    if (p.contractSum) {
      const [contract] = await tx
        .insert(primeContracts)
        .values({ organizationId, projectId: project.id, ownerName: p.client, title: `${p.name} — owner agreement`, originalSum: p.contractSum, retainageRate: "0.10", retainageCapRate: "0.05", ...demoRetainageBands(p.jobNumber) })
        .returning();
      // The SOV splits the contract sum over the budget lines, to the cent.
      const values = allocate(p.contractSum, p.budget.map(([, , amount]) => amount));
      await tx.insert(sovLines).values(
        p.budget.map(([code], i) => ({ organizationId, contractId: contract.id, lineNumber: i + 1, description: DEMO_COST_CODES.find((c) => c[1] === code)![2], costCodeId: codeId.get(code), scheduledValue: values[i].toFixed(2),
          // Cedar Ridge holds its first line (general conditions) at its own 5%.
          retainageRate: p.jobNumber === "2302" && i === 0 ? "0.05" : null })),
      );
    }
    const commitmentIds = new Map<string, string>();
    for (const [number, vendor, type, status, commitmentLinesData] of p.commitments) {
      const executed = status === "executed" || status === "closed";
      const [row] = await tx
        .insert(commitments)
        .values({
          organizationId, projectId: project.id, vendorId: vendorId.get(vendor)!, number, type, title: commitmentLinesData[0][3], retainageRate: type === "subcontract" ? "0.10" : "0", status,
          executedAt: executed ? sql`now()` : null, submittedAt: status === "pending_approval" ? sql`now()` : null,
        })
        .returning();
      commitmentIds.set(number, row.id);
      await tx.insert(commitmentLines).values(commitmentLinesData.map(([code, t, amount, description], i) => ({ organizationId, commitmentId: row.id, lineNumber: i + 1, ...ref(code, t), description, amount })));
      if (status === "pending_approval")
        await seedApproval(tx, organizationId, { type: "commitment", id: row.id }, sumMoney(commitmentLinesData.map((l) => l[2])).toFixed(2), status, people);
    }
    let number = 0;
    for (const [kind, commitmentNumber, stage, status, title, coLines] of p.changeOrders) {
      const decided = status === "approved" || status === "rejected";
      const [co] = await tx
        .insert(changeOrders)
        .values({
          organizationId, projectId: project.id, number: ++number, kind, commitmentId: commitmentNumber ? commitmentIds.get(commitmentNumber) : null,
          stage, status, title, description: title, rejectionReason: status === "rejected" ? "Delay was caused by the supplier; not reimbursable." : null,
          submittedAt: status === "draft" ? null : sql`now() - interval '10 days'`, decidedAt: decided ? sql`now() - interval '3 days'` : null,
        })
        .returning();
      await tx.insert(changeOrderLines).values(coLines.map(([code, t, amount, budgetAmount], i) => ({ organizationId, changeOrderId: co.id, lineNumber: i + 1, ...ref(code, t), description: title, amount, budgetAmount })));
      if (status !== "draft") await seedApproval(tx, organizationId, { type: "change_order", id: co.id }, sumMoney(coLines.map((l) => l[2])).toFixed(2), status, people);
      if (kind === "prime" && status === "approved") await addSovLinesForChangeOrder(tx, co.id);
    }
    for (const invoice of p.apInvoices ?? []) await seedApInvoice(tx, organizationId, invoice, { projectId: project.id, commitmentIds, vendorId, ref }, people);
    await seedOpenings(tx, project.id, p, commitmentIds, ref);
  }
}

/** A job under way at adoption: its opening costs and commitment openings, entered through their services (ADR 0014). */
async function seedOpenings(tx: Tx, projectId: string, p: DemoProject, commitmentIds: Map<string, string>, ref: Ref) {
  if (p.openingCosts?.length) {
    const lines = p.openingCosts.map(([code, type, amount, asOf, note]) => ({ ...ref(code, type), amount, asOf, note }));
    await replaceOpeningCosts(tx, projectId, openingCostsSchema.parse({ intent: "save-opening-costs", lines }));
  }
  if (!p.commitmentOpenings?.length) return;
  const lines = [];
  for (const [number, lineNumber, billedToDate, retainageHeld, asOf, note] of p.commitmentOpenings) {
    const [line] = await tx
      .select({ id: commitmentLines.id })
      .from(commitmentLines)
      .where(and(eq(commitmentLines.commitmentId, commitmentIds.get(number)!), eq(commitmentLines.lineNumber, lineNumber)));
    lines.push({ commitmentLineId: line.id, billedToDate, retainageHeld, asOf, note });
  }
  await replaceCommitmentOpenings(tx, projectId, commitmentOpeningsSchema.parse({ intent: "save-commitment-openings", lines }));
}

/** "YYYY-MM-DD", `days` from today. */
const dayFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * A vendor invoice entered, billed and paid through the payables services (so retainage, totals and
 * ceilings are what the app computes). Submission and approval are recorded like the other seeded
 * approvals (no mail); the final approval goes through the invoice's own approval handler.
 */
async function seedApInvoice(
  tx: Tx,
  organizationId: string,
  d: DemoApInvoice,
  on: { projectId: string; commitmentIds: Map<string, string>; vendorId: Map<string, string>; ref: Ref },
  people: People,
) {
  const header = { invoiceNumber: d.number, invoiceDate: dayFromToday(d.invoiceDay), dueDate: dayFromToday(d.dueDay), description: d.description };
  const commitmentId = d.commitment ? on.commitmentIds.get(d.commitment)! : null;
  let invoice: ApInvoice;
  if (commitmentId && d.release) invoice = await createRetainageRelease(tx, { commitmentId, ...header, amount: d.release });
  else if (commitmentId) {
    const created = await createCommitmentInvoice(tx, { commitmentId, ...header });
    const lines = await tx.select({ id: commitmentLines.id, lineNumber: commitmentLines.lineNumber }).from(commitmentLines).where(eq(commitmentLines.commitmentId, commitmentId));
    const billing = (d.billing ?? []).map(([n, thisPeriod, storedMaterials]) => ({ commitmentLineId: lines.find((l) => l.lineNumber === n)!.id, thisPeriod, storedMaterials }));
    invoice = (await saveCommitmentBilling(tx, created.id, { version: created.version, lines: billing })).invoice;
  } else {
    invoice = await createDirectInvoice(tx, { projectId: on.projectId, vendorId: on.vendorId.get(d.vendor!)!, ...header });
    for (const [code, type, amount, description] of d.lines ?? [])
      invoice = (await addDirectLine(tx, invoice.id, { ...on.ref(code, type), amount, description, version: invoice.version })).invoice;
  }
  if (d.status === "draft") return;
  await tx
    .update(apInvoices)
    .set({ status: "pending_approval", submittedAt: sql`now() - interval '2 days'`, version: sql`${apInvoices.version} + 1` })
    .where(and(eq(apInvoices.id, invoice.id), eq(apInvoices.status, "draft")));
  await seedApproval(tx, organizationId, { type: "ap_invoice", id: invoice.id }, invoice.total, d.status, people);
  if (d.status === "pending_approval") return;
  await apInvoiceApprovalDocument.onDecided(tx, invoice.id, "approved", null);
  for (const [day, amount, method, reference] of d.payments ?? []) {
    const current = await findApInvoice(tx, invoice.id);
    await recordApPayment(tx, invoice.id, { paidOn: dayFromToday(day), amount, method, reference, version: current.version });
  }
}

/**
 * Change orders: one step by anyone who may approve them, the owner too from $50,000. Commitments
 * from $100,000: whoever may execute commitments (finance), then the owner; smaller ones may be
 * executed directly. Vendor invoices from $100,000: whoever may approve invoices, then the owner.
 */
async function seedPolicies(tx: Tx, organizationId: string, ownerId: string) {
  const [standard] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "change_order", name: "Standard change orders", minAmount: "0" }).returning();
  const [large] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "change_order", name: "Change orders of $50,000 or more", minAmount: "50000.00" }).returning();
  const [commitment] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "commitment", name: "Commitments of $100,000 or more", minAmount: "100000.00" }).returning();
  const [invoices] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "ap_invoice", name: "Vendor invoices of $100,000 or more", minAmount: "100000.00" }).returning();
  await tx.insert(approvalPolicySteps).values([
    { organizationId, policyId: standard.id, stepNumber: 1, permissionKey: "change_orders:approve" },
    { organizationId, policyId: large.id, stepNumber: 1, permissionKey: "change_orders:approve" },
    { organizationId, policyId: large.id, stepNumber: 2, approverUserId: ownerId },
    { organizationId, policyId: commitment.id, stepNumber: 1, permissionKey: "commitments:execute" },
    { organizationId, policyId: commitment.id, stepNumber: 2, approverUserId: ownerId },
    { organizationId, policyId: invoices.id, stepNumber: 1, permissionKey: "payables:approve" },
    { organizationId, policyId: invoices.id, stepNumber: 2, approverUserId: ownerId },
  ]);
}

/** Who approves a document type when no policy applies (as its domain opens the request). */
const DEFAULT_APPROVER_KEYS = { change_order: "change_orders:approve", commitment: COMMITMENT_DEFAULT_APPROVER_KEY, ap_invoice: AP_INVOICE_DEFAULT_APPROVER_KEY } as const;

/** The approval history a document in this state would have: steps chosen by the real policy resolver. */
async function seedApproval(
  tx: Tx,
  organizationId: string,
  document: { type: keyof typeof DEFAULT_APPROVER_KEYS; id: string },
  amount: string,
  status: "pending_approval" | "approved" | "rejected",
  people: People,
) {
  const { policyId, steps } = await resolveApprovalSteps(tx, document.type, amount, DEFAULT_APPROVER_KEYS[document.type]);
  const [request] = await tx
    .insert(approvalRequests)
    .values({
      organizationId, documentType: document.type, documentId: document.id, policyId, amount,
      status: status === "pending_approval" ? "pending" : status, currentStep: status === "approved" ? steps.length + 1 : 1,
      totalSteps: steps.length, submittedBy: people.pm,
    })
    .returning();
  // Approved: every step decided; rejected: the first step rejected; pending: nothing decided yet.
  const decisionAt = (i: number): "approved" | "rejected" | null =>
    status === "approved" ? "approved" : status === "rejected" && i === 0 ? "rejected" : null;
  await tx.insert(approvalRequestSteps).values(
    steps.map((s, i) => {
      const decision = decisionAt(i);
      return {
        organizationId, requestId: request.id, stepNumber: i + 1, permissionKey: s.permissionKey, approverUserId: s.approverUserId,
        decision, decidedBy: decision ? (s.approverUserId ?? people.approver) : null, decidedAt: decision ? sql`now() - interval '3 days'` : null,
        reason: decision === "rejected" ? "Delay was caused by the supplier; not reimbursable." : null,
      };
    }),
  );
}
