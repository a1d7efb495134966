import { and, asc, desc, eq, lte, sql } from "drizzle-orm";
import { approvalPolicies, approvalPolicySteps, memberships, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import type { PermissionKey } from "~/utils/permissions";
import { policySteps, type ApprovalDocumentType, type PolicyInput, type StepApprover } from "./approvals.schema";
import { isUniqueViolation } from "~/utils/pg-errors.server";

export class PolicyRefused extends Error {}

/** Every policy with its steps (approver names resolved), by document type and threshold. */
export async function listPolicies(tx: Tx) {
  const policies = await tx.select().from(approvalPolicies).orderBy(asc(approvalPolicies.documentType), asc(approvalPolicies.minAmount), asc(approvalPolicies.name));
  const steps = await tx
    .select({
      policyId: approvalPolicySteps.policyId,
      stepNumber: approvalPolicySteps.stepNumber,
      permissionKey: approvalPolicySteps.permissionKey,
      approverUserId: approvalPolicySteps.approverUserId,
      approverName: users.name,
    })
    .from(approvalPolicySteps)
    .leftJoin(users, eq(users.id, approvalPolicySteps.approverUserId))
    .orderBy(asc(approvalPolicySteps.stepNumber));
  return policies.map((p) => ({ ...p, steps: steps.filter((s) => s.policyId === p.id) }));
}

export async function getPolicy(tx: Tx, policyId: string) {
  const policy = (await listPolicies(tx)).find((p) => p.id === policyId);
  if (!policy) throw new RecordNotFound("approval policy");
  return policy;
}

/** Members who can be named as a step's approver. */
export async function listApproverMembers(tx: Tx) {
  return tx
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(asc(users.name));
}

async function assertMembers(tx: Tx, steps: StepApprover[]) {
  for (const step of steps) {
    if (!step.approverUserId) continue;
    const [found] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, step.approverUserId));
    if (!found) throw new PolicyRefused("A named approver must be a member of this organization.");
  }
}

const isThresholdTaken = (error: unknown) => isUniqueViolation(error, "approval_policies_org_type_min_key");

async function writeSteps(tx: Tx, policyId: string, steps: StepApprover[]) {
  await tx.delete(approvalPolicySteps).where(eq(approvalPolicySteps.policyId, policyId));
  await tx.insert(approvalPolicySteps).values(
    steps.map((s, i) => ({ organizationId: sql`${currentOrganizationId}`, policyId, stepNumber: i + 1, ...s })),
  );
}

/** Creates a policy, or replaces one (fields and steps) if nobody saved it since `version`. */
export async function savePolicy(tx: Tx, input: PolicyInput) {
  const steps = policySteps(input);
  await assertMembers(tx, steps);
  const fields = { documentType: input.documentType, name: input.name, minAmount: input.minAmount, active: input.active };
  const before = input.policyId ? await getPolicy(tx, input.policyId) : null;
  try {
    // A savepoint, so a taken threshold becomes a clear refusal instead of an aborted transaction.
    return await tx.transaction(async (sp) => {
      let policyId: string;
      if (before) {
        const [row] = await sp
          .update(approvalPolicies)
          .set({ ...fields, version: sql`${approvalPolicies.version} + 1`, updatedAt: sql`now()` })
          .where(and(eq(approvalPolicies.id, before.id), eq(approvalPolicies.version, input.version ?? 0)))
          .returning({ id: approvalPolicies.id });
        if (!row) throw new PolicyRefused("Someone else changed this policy meanwhile. Reload and try again.");
        policyId = row.id;
      } else {
        const [row] = await sp
          .insert(approvalPolicies)
          .values({ organizationId: sql`${currentOrganizationId}`, ...fields })
          .returning({ id: approvalPolicies.id });
        policyId = row.id;
      }
      await writeSteps(sp, policyId, steps);
      const after = await getPolicy(sp, policyId);
      await recordAudit(sp, { entityType: "approval_policy", entityId: policyId, action: before ? "updated" : "created", before, after });
      return after;
    });
  } catch (error) {
    if (isThresholdTaken(error)) throw new PolicyRefused(`Another active policy for this document type already starts at ${input.minAmount}. Use a different amount.`);
    throw error;
  }
}

export async function deletePolicy(tx: Tx, input: { policyId: string; version: number }) {
  const before = await getPolicy(tx, input.policyId);
  // Requests keep the steps they copied; the foreign key nulls only their link (migration 0015).
  const rows = await tx
    .delete(approvalPolicies)
    .where(and(eq(approvalPolicies.id, input.policyId), eq(approvalPolicies.version, input.version)))
    .returning({ id: approvalPolicies.id });
  if (rows.length === 0) throw new PolicyRefused("Someone else changed this policy meanwhile. Reload and try again.");
  await recordAudit(tx, { entityType: "approval_policy", entityId: input.policyId, action: "deleted", before });
}

export type ResolvedSteps = { policyId: string | null; policyName: string; steps: StepApprover[] };

/**
 * The steps a document of `amount` needs: the active policy of its type with the highest
 * threshold at or below the amount's size. A deductive change (negative amount) is as material as
 * an additive one, so thresholds compare against the absolute amount. With no matching policy the
 * document still needs one step by anyone holding `defaultKey` (never approved without a person).
 */
export async function resolveApprovalSteps(tx: Tx, documentType: ApprovalDocumentType, amount: string, defaultKey: PermissionKey): Promise<ResolvedSteps> {
  const size = dec(amount).abs().toFixed(2);
  const [policy] = await tx
    .select({ id: approvalPolicies.id, name: approvalPolicies.name })
    .from(approvalPolicies)
    .where(and(eq(approvalPolicies.documentType, documentType), eq(approvalPolicies.active, true), lte(approvalPolicies.minAmount, size)))
    .orderBy(desc(approvalPolicies.minAmount))
    .limit(1);
  if (!policy) return { policyId: null, policyName: "Default", steps: [{ permissionKey: defaultKey, approverUserId: null }] };
  const steps = await tx
    .select({ permissionKey: approvalPolicySteps.permissionKey, approverUserId: approvalPolicySteps.approverUserId })
    .from(approvalPolicySteps)
    .where(eq(approvalPolicySteps.policyId, policy.id))
    .orderBy(asc(approvalPolicySteps.stepNumber));
  return { policyId: policy.id, policyName: policy.name, steps: steps as StepApprover[] };
}
