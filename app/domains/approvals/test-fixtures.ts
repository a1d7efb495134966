/**
 * Test setup for the change order and approval tests: a fresh organization (real sign-up) with
 * members of several roles, a project, cost codes, an executed commitment and a prime contract.
 * Rows are written over the owner connection (setup only); the code under test runs under RLS.
 */
import { addChangeOrderLine } from "~/domains/change-orders/change-order-lines.server";
import { submitChangeOrder } from "~/domains/change-orders/change-order-workflow.server";
import { createChangeOrder } from "~/domains/change-orders/change-orders.server";
import { withTenant } from "~/utils/db.server";
import { can, type Role } from "~/utils/permissions";
import { newAccount } from "../../../tests/support/identity-fixtures";
import type { SqlClient } from "../../../tests/support/connections";

export type TestMember = { userId: string; email: string; role: Role };

export async function financeOrganization(owner: SqlClient, label: string) {
  const account = await newAccount(label);
  const organizationId = account.organizationId;

  async function addMember(role: Role, options: { onTeam?: boolean } = {}): Promise<TestMember> {
    const person = await newAccount(`${label}-${role}`);
    await owner`insert into memberships (organization_id, user_id, role) values (${organizationId}, ${person.userId}, ${role})`;
    // A field member opens only the projects whose team they are on (projects:all): put them on this one
    // unless the test is about teams.
    if (!can(role, "projects:all") && (options.onTeam ?? true))
      await owner`insert into project_team_members (organization_id, project_id, user_id, role) values (${organizationId}, ${project.id}, ${person.userId}, 'superintendent')`;
    return { userId: person.userId, email: person.email, role };
  }

  // Sign-up may already have created a template: reuse codes that exist, add the rest.
  await owner`insert into cost_codes (organization_id, code, name) values (${organizationId}, '03', 'Concrete') on conflict (organization_id, code) do nothing`;
  const [division] = await owner`select id from cost_codes where organization_id = ${organizationId} and code = '03'`;
  await owner`insert into cost_codes (organization_id, parent_id, code, name) values (${organizationId}, ${division.id}, '03-3000', 'Cast-in-place concrete')
    on conflict (organization_id, code) do nothing`;
  await owner`insert into cost_codes (organization_id, code, name) values (${organizationId}, '09', 'Finishes') on conflict (organization_id, code) do nothing`;
  const codes = await owner`select id, code from cost_codes where organization_id = ${organizationId} and code in ('03', '03-3000', '09')`;
  const codeId = (code: string) => codes.find((c) => c.code === code)!.id as string;
  await owner`insert into cost_types (organization_id, code, name) values (${organizationId}, 'TST', 'Test material') on conflict (organization_id, code) do nothing`;
  const [costType] = await owner`select id from cost_types where organization_id = ${organizationId} and code = 'TST'`;

  const [project] = await owner`insert into projects (organization_id, job_number, name, status) values (${organizationId}, ${`J-${label}`}, ${`${label} tower`}, 'active') returning id`;
  const [vendor] = await owner`insert into vendors (organization_id, name) values (${organizationId}, ${`${label} Concrete Co`}) returning id`;
  const [commitment] = await owner`insert into commitments (organization_id, project_id, vendor_id, number, type, title, status, executed_at)
    values (${organizationId}, ${project.id}, ${vendor.id}, 'SC-001', 'subcontract', 'Concrete package', 'executed', now()) returning id`;
  const [draftCommitment] = await owner`insert into commitments (organization_id, project_id, vendor_id, number, type, title)
    values (${organizationId}, ${project.id}, ${vendor.id}, 'SC-002', 'subcontract', 'Draft package') returning id`;
  const [contract] = await owner`insert into prime_contracts (organization_id, project_id, owner_name, original_sum, retainage_rate)
    values (${organizationId}, ${project.id}, 'City of Example', '1000000.00', '0.05') returning id`;

  return {
    organizationId,
    owner: { userId: account.userId, email: account.email, role: "owner" as Role },
    addMember,
    projectId: project.id as string,
    divisionId: codeId("03"),
    costCodeId: codeId("03-3000"),
    otherCostCodeId: codeId("09"),
    costTypeId: costType.id as string,
    commitmentId: commitment.id as string,
    draftCommitmentId: draftCommitment.id as string,
    contractId: contract.id as string,
  };
}

export type FinanceOrganization = Awaited<ReturnType<typeof financeOrganization>>;

/** One member of each approving and non-approving role besides the owner. */
export async function addTypicalMembers(org: FinanceOrganization) {
  return {
    pm: await org.addMember("project_manager"),
    finance: await org.addMember("finance"),
    admin: await org.addMember("admin"),
    viewer: await org.addMember("viewer"),
  };
}

export const tenantOf = (org: { organizationId: string }, member: { userId: string }) => ({ organizationId: org.organizationId, userId: member.userId });
export const actorOf = (member: TestMember) => ({ userId: member.userId, role: member.role });

type LineSpec = { amount: string; budgetAmount?: string | null; costCodeId?: string; description?: string };

/** A change order in the change order stage with `lines`, ready to submit; returns it with its current version. */
export async function changeOrderWithLines(
  org: FinanceOrganization,
  member: TestMember,
  spec: { kind?: "prime" | "commitment"; title?: string; lines: LineSpec[] },
) {
  const kind = spec.kind ?? "prime";
  return withTenant(tenantOf(org, member), async (tx) => {
    const co = await createChangeOrder(tx, {
      projectId: org.projectId,
      kind,
      commitmentId: kind === "commitment" ? org.commitmentId : null,
      stage: "change_order",
      title: spec.title ?? "Added footing",
      description: "",
    });
    let version = co.version;
    for (const line of spec.lines) {
      await addChangeOrderLine(tx, {
        changeOrderId: co.id,
        version,
        costCodeId: line.costCodeId ?? org.costCodeId,
        costTypeId: org.costTypeId,
        description: line.description ?? "Extra work",
        amount: line.amount,
        budgetAmount: line.budgetAmount ?? null,
      });
      version += 1;
    }
    return { ...co, version };
  });
}

/** Creates the change order and submits it; returns the change order id and its approval request. */
export async function submittedChangeOrder(org: FinanceOrganization, submitter: TestMember, spec: Parameters<typeof changeOrderWithLines>[2]) {
  const co = await changeOrderWithLines(org, submitter, spec);
  const { request, changeOrder } = await withTenant(tenantOf(org, submitter), (tx) =>
    submitChangeOrder(tx, { changeOrderId: co.id, version: co.version, submittedBy: submitter.userId }),
  );
  return { changeOrderId: co.id, changeOrder, request };
}
