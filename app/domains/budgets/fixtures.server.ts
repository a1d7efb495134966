/**
 * Test data for the budgets tests, inserted straight through drizzle under the tenant's RLS (the
 * commitments and change-orders services have their own tests). Codes start with "T" so they never
 * meet the organization's template catalog.
 */
import { sql } from "drizzle-orm";
import {
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
  vendors,
} from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { withTenant, type TenantContext, type Tx } from "~/utils/db.server";

type CommitmentStatus = (typeof commitments.$inferSelect)["status"];
type ChangeOrderStatus = (typeof changeOrders.$inferSelect)["status"];
/** [cost code id, cost type id, amount, budget amount (prime change orders only)] */
type Line = [string, string, string, string?];

const org = sql`${currentOrganizationId}`;
let counter = 0;
const next = () => ++counter;

export function financeFixture(ctx: TenantContext) {
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
  const id = <T extends { id: string }>(rows: T[]) => rows[0].id;

  return {
    costType: (code: string, name: string, sortOrder: number) =>
      run(async (tx) => id(await tx.insert(costTypes).values({ organizationId: org, code, name, sortOrder }).returning())),

    costCode: (code: string, name: string, parentId: string | null = null) =>
      run(async (tx) => id(await tx.insert(costCodes).values({ organizationId: org, code, name, parentId }).returning())),

    project: (name = "Test project") =>
      run(async (tx) => id(await tx.insert(projects).values({ organizationId: org, jobNumber: `T-${next()}`, name }).returning())),

    primeContract: (projectId: string, originalSum: string) =>
      run(async (tx) =>
        id(await tx.insert(primeContracts).values({ organizationId: org, projectId, ownerName: "Owner", originalSum, retainageRate: "0.05" }).returning()),
      ),

    budgetLine: (projectId: string, costCodeId: string, costTypeId: string, originalAmount: string, ftcManual?: string) =>
      run(async (tx) =>
        id(
          await tx
            .insert(budgetLines)
            .values({ organizationId: org, projectId, costCodeId, costTypeId, originalAmount, ftcMode: ftcManual ? "manual" : "auto", ftcManual })
            .returning(),
        ),
      ),

    transfer: (projectId: string, fromLineId: string, toLineId: string, amount: string) =>
      run(async (tx) =>
        id(await tx.insert(budgetTransfers).values({ organizationId: org, projectId, fromLineId, toLineId, amount, reason: "test" }).returning()),
      ),

    commitment: (projectId: string, status: CommitmentStatus, lines: Line[]) =>
      run(async (tx) => {
        const n = next();
        const vendorId = id(await tx.insert(vendors).values({ organizationId: org, name: `Vendor ${n}` }).returning());
        const commitmentId = id(
          await tx
            .insert(commitments)
            .values({ organizationId: org, projectId, vendorId, number: `SC-${n}`, type: "subcontract", title: `Commitment ${n}`, status })
            .returning(),
        );
        await tx.insert(commitmentLines).values(
          lines.map(([costCodeId, costTypeId, amount], i) => ({ organizationId: org, commitmentId, lineNumber: i + 1, costCodeId, costTypeId, amount })),
        );
        return commitmentId;
      }),

    changeOrder: (projectId: string, status: ChangeOrderStatus, lines: Line[], commitmentId: string | null = null) =>
      run(async (tx) => {
        const changeOrderId = id(
          await tx
            .insert(changeOrders)
            .values({ organizationId: org, projectId, number: next(), kind: commitmentId ? "commitment" : "prime", commitmentId, status, title: "Change" })
            .returning(),
        );
        await tx.insert(changeOrderLines).values(
          lines.map(([costCodeId, costTypeId, amount, budgetAmount], i) => ({
            organizationId: org,
            changeOrderId,
            lineNumber: i + 1,
            costCodeId,
            costTypeId,
            amount,
            budgetAmount: budgetAmount ?? null,
          })),
        );
        return changeOrderId;
      }),
  };
}
