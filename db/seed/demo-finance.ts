import { sql } from "drizzle-orm";
import {
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
  primeContracts,
  projects,
  sovLines,
  vendors,
} from "@db/schema";
import { addSovLinesForChangeOrder } from "~/domains/contracts/sov.server";
import { seedOrganizationCatalog } from "~/domains/cost-codes/template.server";
import { resolveApprovalSteps } from "~/domains/approvals/policies.server";
import { COMMITMENT_DEFAULT_APPROVER_KEY } from "~/domains/commitments/commitment-status.server";
import type { Tx } from "~/utils/db.server";
import { allocate, sumMoney } from "~/utils/money";
import { DEMO_COST_CODES, type DemoProject } from "./demo-finance-data";

type Vendor = { name: string; contactName: string; email: string; phone: string; taxId: string };
type People = { pm: string; approver: string; owner: string };

/** Projects, budgets, contracts, commitments, change orders and approvals for one demo organization. */
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
    (await tx.insert(vendors).values(vendorRows.map((v) => ({ organizationId, ...v }))).returning()).map((v) => [v.name, v.id]),
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
        .values({ organizationId, projectId: project.id, ownerName: p.client, title: `${p.name} — owner agreement`, originalSum: p.contractSum, retainageRate: "0.10", retainageCapRate: "0.05", retainageStepDownRate: "0.05" })
        .returning();
      // The SOV splits the contract sum over the budget lines, to the cent.
      const values = allocate(p.contractSum, p.budget.map(([, , amount]) => amount));
      await tx.insert(sovLines).values(
        p.budget.map(([code], i) => ({ organizationId, contractId: contract.id, lineNumber: i + 1, description: DEMO_COST_CODES.find((c) => c[1] === code)![2], costCodeId: codeId.get(code), scheduledValue: values[i].toFixed(2) })),
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
  }
}

/**
 * Change orders: one step by anyone who may approve them, the owner too from $50,000. Commitments
 * from $100,000: whoever may execute commitments (finance), then the owner; smaller ones may be
 * executed directly.
 */
async function seedPolicies(tx: Tx, organizationId: string, ownerId: string) {
  const [standard] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "change_order", name: "Standard change orders", minAmount: "0" }).returning();
  const [large] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "change_order", name: "Change orders of $50,000 or more", minAmount: "50000.00" }).returning();
  const [commitment] = await tx.insert(approvalPolicies).values({ organizationId, documentType: "commitment", name: "Commitments of $100,000 or more", minAmount: "100000.00" }).returning();
  await tx.insert(approvalPolicySteps).values([
    { organizationId, policyId: standard.id, stepNumber: 1, permissionKey: "change_orders:approve" },
    { organizationId, policyId: large.id, stepNumber: 1, permissionKey: "change_orders:approve" },
    { organizationId, policyId: large.id, stepNumber: 2, approverUserId: ownerId },
    { organizationId, policyId: commitment.id, stepNumber: 1, permissionKey: "commitments:execute" },
    { organizationId, policyId: commitment.id, stepNumber: 2, approverUserId: ownerId },
  ]);
}

/** Who approves a document type when no policy applies (as its domain opens the request). */
const DEFAULT_APPROVER_KEYS = { change_order: "change_orders:approve", commitment: COMMITMENT_DEFAULT_APPROVER_KEY } as const;

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
