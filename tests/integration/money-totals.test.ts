/**
 * Amounts that each fit a money column (numeric(14,2)) can add up to a total that does not (issue
 * 15 §5): the line that would make a total too large is refused with a clear message, nothing is
 * written, and the document's page figures still read.
 */
import type { SqlClient } from "@db/sql-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { addBudgetLine } from "~/domains/budgets/budget-lines.server";
import { addChangeOrderLine } from "~/domains/change-orders/change-order-lines.server";
import { addCommitmentLine } from "~/domains/commitments/commitment-lines.server";
import { commitmentFigures } from "~/domains/commitments/commitments.server";
import { addSovLine } from "~/domains/contracts/sov.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { ownerConnection } from "../support/connections";

const [SUMMIT] = DEMO_ORGANIZATIONS;
const LARGEST = "999999999999.99";
const TOO_LARGE = /This would make .* [\d,]+\.\d\d, more than the largest amount this system holds \(999,999,999,999\.99\)/;
let owner: SqlClient;

beforeAll(async () => {
  await seedDemo();
  owner = ownerConnection();
}, 120_000);
afterAll(() => owner.end());

const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant({ organizationId: SUMMIT.id }, fn);

async function row(statement: string) {
  const [found] = await owner.unsafe(statement.replaceAll("$org", `'${SUMMIT.id}'`));
  if (!found) throw new Error(`the demo seed has no row for: ${statement}`);
  return found as Record<string, string | number>;
}
const codes = () => row("select c.id as code, t.id as type from cost_codes c, cost_types t where c.organization_id = $org and t.organization_id = $org and c.active and t.active order by c.code, t.code limit 1");
const count = async (table: string, column: string, id: unknown) => Number((await row(`select count(*) as n from ${table} where ${column} = '${id}'`)).n);

describe("a total too large for a money column is refused", () => {
  it("commitment lines", async () => {
    const c = await row("select id, version from commitments where organization_id = $org and status = 'draft' order by number limit 1");
    const { code, type } = await codes();
    const add = (version: number, amount: string) => run((tx) => addCommitmentLine(tx, String(c.id), { version, costCodeId: String(code), costTypeId: String(type), description: "Huge", amount }));
    await add(Number(c.version), "1.00");
    const before = await count("commitment_lines", "commitment_id", c.id);
    await expect(add(Number(c.version) + 1, LARGEST)).rejects.toThrow(TOO_LARGE);
    expect(await count("commitment_lines", "commitment_id", c.id)).toBe(before);
    const figures = await run((tx) => commitmentFigures(tx, String(c.id)));
    expect(figures.originalValue).toMatch(/^\d+\.\d\d$/);
  });

  it("change order lines", async () => {
    const co = await row("select id, version from change_orders where organization_id = $org and status = 'draft' and kind = 'prime' order by number limit 1");
    const { code, type } = await codes();
    const add = (version: number) =>
      run((tx) => addChangeOrderLine(tx, { changeOrderId: String(co.id), version, costCodeId: String(code), costTypeId: String(type), description: "Huge", amount: LARGEST, budgetAmount: null }));
    const before = await count("change_order_lines", "change_order_id", co.id);
    await expect(add(Number(co.version))).rejects.toThrow(TOO_LARGE);
    expect(await count("change_order_lines", "change_order_id", co.id)).toBe(before);
  });

  it("schedule of values lines", async () => {
    const contract = await row("select project_id, version from prime_contracts where organization_id = $org order by id limit 1");
    await expect(run((tx) => addSovLine(tx, String(contract.project_id), { version: Number(contract.version), description: "Huge", scheduledValue: LARGEST }))).rejects.toThrow(
      /This would make the schedule of values total/,
    );
  });

  it("budget lines", async () => {
    const project = await row("select id from projects where organization_id = $org and budget_locked_at is null order by job_number limit 1");
    const [first, second] = await owner.unsafe(
      `select c.id as code, t.id as type from cost_codes c, cost_types t where c.organization_id = '${SUMMIT.id}' and t.organization_id = '${SUMMIT.id}' and c.active and t.active
       and not exists (select 1 from budget_lines b where b.project_id = '${project.id}' and b.cost_code_id = c.id and b.cost_type_id = t.id) order by c.code, t.code limit 2`,
    );
    const add = (choice: Record<string, string>, originalAmount: string) =>
      run((tx) => addBudgetLine(tx, String(project.id), { costCodeId: choice.code, costTypeId: choice.type, description: "Huge", originalAmount }));
    await add(first, "1.00");
    await expect(add(second, LARGEST)).rejects.toThrow(TOO_LARGE);
    expect(await count("budget_lines", `project_id = '${project.id}' and cost_type_id = '${second.type}' and cost_code_id`, second.code)).toBe(0);
  });
});
