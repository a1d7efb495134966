import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOrderLines, changeOrders, costCodes, costTypes, projects } from "@db/schema";
import { withTenant, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { contractSchema } from "./contracts.schema";
import { assertSovMatchesContract, ContractConflict, ContractRefused, contractFigures, saveContract, SovMismatch } from "./contracts.server";
import { addSovLine, addSovLinesForChangeOrder, deleteSovLine, updateSovLine } from "./sov.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

/** A fresh organization with one project, a cost code and a cost type. */
async function tenantWithProject(label: string) {
  const account = await newAccount(label);
  const ctx = { organizationId: account.organizationId, userId: account.userId };
  const organizationId = account.organizationId;
  const ids = await withTenant(ctx, async (tx) => {
    const [project] = await tx.insert(projects).values({ organizationId, jobNumber: "2401", name: "Riverside Clinic" }).returning();
    const [code] = await tx.insert(costCodes).values({ organizationId, code: "98-3000", name: "Test concrete" }).returning();
    const [type] = await tx.insert(costTypes).values({ organizationId, code: "TST", name: "Test type" }).returning();
    return { projectId: project.id, costCodeId: code.id, costTypeId: type.id };
  });
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
  return { ...account, ...ids, run };
}

type Tenant = Awaited<ReturnType<typeof tenantWithProject>>;

const contractInput = (fields: Record<string, unknown>) => {
  const parsed = contractSchema.parse({ intent: "save-contract", ownerName: "City of Denver", ...fields });
  return parsed;
};

async function changeOrder(t: Tenant, number: number, status: "approved" | "draft", amounts: string[]) {
  return t.run(async (tx) => {
    const [co] = await tx
      .insert(changeOrders)
      .values({ organizationId: t.organizationId, projectId: t.projectId, number, kind: "prime", stage: "change_order", status, title: `Owner change ${number}` })
      .returning();
    await tx.insert(changeOrderLines).values(
      amounts.map((amount, i) => ({ organizationId: t.organizationId, changeOrderId: co.id, lineNumber: i + 1, costCodeId: t.costCodeId, costTypeId: t.costTypeId, description: i === 0 ? "Extra rebar" : "", amount })),
    );
    return co.id;
  });
}

const auditActions = async (organizationId: string, entityType: string) =>
  (await owner`select action from audit_events where organization_id = ${organizationId} and entity_type = ${entityType} order by occurred_at, id`).map((r) => r.action);

describe("prime contract", () => {
  it("is created once per project, edited with a version check, and audited", async () => {
    const t = await tenantWithProject("contract");
    const created = await t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "1,250,000.00", retainagePercent: "10", retainageCapPercent: "5" })));
    expect(created).toMatchObject({ originalSum: "1250000.00", retainageRate: "0.100000", retainageCapRate: "0.050000", retainageBandBasis: null, retainageBands: [], version: 1 });
    await expect(t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "1.00", retainagePercent: "10" })))).rejects.toThrow(ContractConflict);

    const edited = await t.run((tx) =>
      saveContract(tx, t.projectId, contractInput({
          originalSum: "1250000.50",
          retainagePercent: "7.5",
          retainageBandBasis: "percent_complete",
          retainageBands: [{ from: "50", ratePercent: "2.5" }, {}, { from: "", ratePercent: "" }, { from: "75.5", ratePercent: "0" }],
          version: "1",
        })),
    );
    expect(edited).toMatchObject({ originalSum: "1250000.50", retainageRate: "0.075000", retainageCapRate: null, version: 2 });
    expect(edited).toMatchObject({ retainageBandBasis: "percent_complete", retainageBands: [{ from: "50", rate: "0.025000" }, { from: "75.5", rate: "0.000000" }] });
    await expect(t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "9.99", retainagePercent: "10", version: "1" })))).rejects.toThrow(
      ContractConflict,
    );
    expect(await auditActions(t.organizationId, "prime_contract")).toEqual(["created", "updated"]);
  });

  it("refuses bad input in the schema: negative sums and rates over 100%", () => {
    const parsed = contractSchema.safeParse({ intent: "save-contract", ownerName: "Owner", originalSum: "-5", retainagePercent: "101" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path[0]).sort()).toEqual(["originalSum", "retainagePercent"]);
  });

  it("refuses bands that do not increase, rates outside 0–100% and thresholds outside their range, each on its row", () => {
    const issues = (fields: Record<string, unknown>) =>
      (contractSchema.safeParse({ intent: "save-contract", ownerName: "Owner", originalSum: "100", retainagePercent: "10", ...fields }).error?.issues ?? []).map(
        (i) => [i.path.join("."), i.message],
      );
    expect(issues({ retainageBandBasis: "percent_complete", retainageBands: [{ from: "50", ratePercent: "5" }, { from: "50", ratePercent: "2.5" }] })).toEqual([
      ["retainageBands.1.from", "Bands must increase: this band starts at 50, not above the band before it (50)"],
    ]);
    expect(issues({ retainageBandBasis: "percent_complete", retainageBands: [{ from: "100", ratePercent: "101" }] })).toEqual([
      ["retainageBands.0.ratePercent", "Enter a rate between 0 and 100%, such as 5"],
      ["retainageBands.0.from", "Enter the % complete the band starts at, between 0 and 100, such as 50"],
    ]);
    expect(issues({ retainageBandBasis: "amount_billed", retainageBands: [{ from: "500,000.00", ratePercent: "5" }, { from: "499,999.99", ratePercent: "2" }] })).toEqual([
      ["retainageBands.1.from", "Bands must increase: this band starts at 499999.99, not above the band before it (500000)"],
    ]);
    expect(issues({ retainageBands: [{ from: "50", ratePercent: "5" }] })).toEqual([["retainageBandBasis", "Choose what the bands measure: % complete or amount billed"]]);
    expect(issues({ retainageBandBasis: "amount_billed", retainageBands: [{}, { from: "", ratePercent: "" }] })).toEqual([]);
  });
});

describe("schedule of values", () => {
  it("totals exactly, must match the contract sum, and numbers lines automatically", async () => {
    const t = await tenantWithProject("sov");
    await t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "100000.00", retainagePercent: "10" })));
    const third = "33333.33";
    const lines: Awaited<ReturnType<typeof addSovLine>>[] = [];
    for (const [i, description] of ["Sitework", "Concrete", "Finishes"].entries())
      lines.push(await t.run((tx) => addSovLine(tx, t.projectId, { version: i + 1, description, scheduledValue: third, costCodeId: i === 1 ? t.costCodeId : undefined })));
    expect(lines.map((l) => l.lineNumber)).toEqual([1, 2, 3]);

    let figures = await t.run((tx) => contractFigures(tx, t.projectId));
    expect(figures).toMatchObject({ originalSum: "100000.00", approvedChanges: "0.00", contractSumToDate: "100000.00", sovTotal: "99999.99", difference: "0.01", sovLineCount: 3 });
    await expect(t.run((tx) => assertSovMatchesContract(tx, t.projectId))).rejects.toThrow(SovMismatch);
    await expect(t.run((tx) => assertSovMatchesContract(tx, t.projectId))).rejects.toThrow(/99999\.99.*100000\.00/);

    // A stale version (the page was read before the third line was added) is a conflict.
    await expect(t.run((tx) => updateSovLine(tx, t.projectId, { version: 3, lineId: lines[2].id, description: "Finishes", scheduledValue: "33333.34" }))).rejects.toThrow(
      ContractConflict,
    );
    const own = await t.run((tx) => updateSovLine(tx, t.projectId, { version: 4, lineId: lines[2].id, description: "Finishes", scheduledValue: "33333.34", retainagePercent: "0.050000" }));
    expect([own.retainageRate, lines[0].retainageRate]).toEqual(["0.050000", null]);
    figures = await t.run((tx) => assertSovMatchesContract(tx, t.projectId));
    expect(figures).toMatchObject({ sovTotal: "100000.00", difference: "0.00" });

    await t.run((tx) => deleteSovLine(tx, t.projectId, { version: 5, lineId: lines[0].id }));
    const next = await t.run((tx) => addSovLine(tx, t.projectId, { version: 6, description: "Sitework again", scheduledValue: "0.01" }));
    expect(next.lineNumber).toBe(4);
    expect(await t.run((tx) => contractFigures(tx, t.projectId))).toMatchObject({ sovTotal: "66666.68", difference: "33333.32" });
    expect(await auditActions(t.organizationId, "sov_line")).toEqual(["created", "created", "created", "updated", "deleted", "created"]);
  });

  it("refuses a cost code of another organization and needs a contract first", async () => {
    const t = await tenantWithProject("sov-refusals");
    const other = await tenantWithProject("sov-other");
    await expect(t.run((tx) => addSovLine(tx, t.projectId, { version: 1, description: "x", scheduledValue: "1.00" }))).rejects.toThrow(RecordNotFound);
    await t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "10.00", retainagePercent: "5" })));
    const refused = await t.run((tx) => addSovLine(tx, t.projectId, { version: 1, description: "x", scheduledValue: "1.00", costCodeId: other.costCodeId })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ContractRefused);
    expect((refused as ContractRefused).field).toBe("costCodeId");
    await expect(t.run((tx) => assertSovMatchesContract(tx, other.projectId))).rejects.toThrow(RecordNotFound);
    await expect(other.run((tx) => assertSovMatchesContract(tx, other.projectId))).rejects.toThrow(/no prime contract/);
  });
});

describe("approved prime change orders", () => {
  it("raise the contract sum to date and add SOV lines once", async () => {
    const t = await tenantWithProject("co-sov");
    await t.run((tx) => saveContract(tx, t.projectId, contractInput({ originalSum: "38500.00", retainagePercent: "5" })));
    await t.run((tx) => addSovLine(tx, t.projectId, { version: 1, description: "Base work", scheduledValue: "38500.00" }));
    const approved = await changeOrder(t, 1, "approved", ["1300.50", "-20.50"]);
    await changeOrder(t, 2, "draft", ["999.99"]);

    expect(await t.run((tx) => contractFigures(tx, t.projectId))).toMatchObject({
      approvedChanges: "1280.00",
      contractSumToDate: "39780.00",
      sovTotal: "38500.00",
      difference: "1280.00",
    });
    const added = await t.run((tx) => addSovLinesForChangeOrder(tx, approved));
    expect(added.map((l) => [l.lineNumber, l.description, l.scheduledValue, l.changeOrderId])).toEqual([
      [2, "CO #1: Extra rebar", "1300.50", approved],
      [3, "CO #1: Owner change 1", "-20.50", approved],
    ]);
    const again = await t.run((tx) => addSovLinesForChangeOrder(tx, approved));
    expect(again.map((l) => l.id)).toEqual(added.map((l) => l.id));
    expect(await t.run((tx) => assertSovMatchesContract(tx, t.projectId))).toMatchObject({ sovOriginal: "38500.00", sovFromChangeOrders: "1280.00", sovTotal: "39780.00", sovLineCount: 3 });
    expect(await auditActions(t.organizationId, "sov_line")).toEqual(["created", "added_from_change_order", "added_from_change_order"]);

    // Lines from an approved change order are immutable; the contract version moved with them.
    await expect(t.run((tx) => updateSovLine(tx, t.projectId, { version: 3, lineId: added[0].id, description: "x", scheduledValue: "1.00" }))).rejects.toThrow(/approved change order/);
  });

  it("refuses change orders that are not approved, and projects without a contract", async () => {
    const t = await tenantWithProject("co-refused");
    const draft = await changeOrder(t, 1, "draft", ["10.00"]);
    await expect(t.run((tx) => addSovLinesForChangeOrder(tx, draft))).rejects.toThrow(/not approved/);
    const approved = await changeOrder(t, 2, "approved", ["10.00"]);
    await expect(t.run((tx) => addSovLinesForChangeOrder(tx, approved))).rejects.toThrow(/no prime contract/);
  });
});

describe("tenancy", () => {
  it("another organization's project, contract or change order is not found", async () => {
    const a = await tenantWithProject("tenant-a");
    const b = await tenantWithProject("tenant-b");
    await a.run((tx) => saveContract(tx, a.projectId, contractInput({ originalSum: "500.00", retainagePercent: "10" })));
    const coA = await changeOrder(a, 1, "approved", ["5.00"]);
    await expect(b.run((tx) => saveContract(tx, a.projectId, contractInput({ originalSum: "1.00", retainagePercent: "10", version: "1" })))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => addSovLine(tx, a.projectId, { version: 1, description: "x", scheduledValue: "1.00" }))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => addSovLinesForChangeOrder(tx, coA))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => contractFigures(tx, a.projectId))).resolves.toMatchObject({ hasContract: false, originalSum: "0.00", approvedChanges: "0.00" });
    await expect(b.run((tx) => saveContract(tx, "not-a-uuid", contractInput({ originalSum: "1.00", retainagePercent: "1" })))).rejects.toThrow(RecordNotFound);
  });
});
