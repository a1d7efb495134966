import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOrderLines, changeOrders, costCodes, costTypes, projects, vendors } from "@db/schema";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { addCommitmentLine, deleteCommitmentLine, listCommitmentLines, updateCommitmentLine } from "./commitment-lines.server";
import { allowedTransitions, changeCommitmentStatus } from "./commitment-status.server";
import { listCommitments } from "./commitments-list.server";
import { addCommitmentLineSchema, newCommitmentSchema } from "./commitments.schema";
import { CommitmentConflict, CommitmentRefused, commitmentFigures, createCommitment, getCommitment, listCommitmentChangeOrders, updateCommitmentHeader } from "./commitments.server";
import { commitmentsTable } from "./commitments.table";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
beforeAll(() => {
  owner = ownerConnection();
});
afterAll(() => owner.end());

/** A fresh organization with two projects, two vendors, two cost codes and a cost type. */
async function tenant(label: string) {
  const account = await newAccount(label);
  const ctx = { organizationId: account.organizationId, userId: account.userId };
  const organizationId = account.organizationId;
  const ids = await withTenant(ctx, async (tx) => {
    const [p1, p2] = await tx
      .insert(projects)
      .values([
        { organizationId, jobNumber: "2401", name: "Riverside Clinic", defaultRetainageRate: "0.075000" },
        { organizationId, jobNumber: "2402", name: "Hilltop School" },
      ])
      .returning();
    const [v1, v2] = await tx.insert(vendors).values([{ organizationId, name: "Rocky Mountain Concrete" }, { organizationId, name: "Front Range Electric" }]).returning();
    const [concrete, electrical] = await tx
      .insert(costCodes)
      .values([{ organizationId, code: "98-3000", name: "Test concrete" }, { organizationId, code: "97-0500", name: "Test wiring" }])
      .returning();
    const [type] = await tx.insert(costTypes).values({ organizationId, code: "TSUB", name: "Test subcontract" }).returning();
    return { projectId: p1.id, otherProjectId: p2.id, vendorId: v1.id, otherVendorId: v2.id, concreteId: concrete.id, electricalId: electrical.id, typeId: type.id };
  });
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
  return { ...account, ...ids, run };
}

type Tenant = Awaited<ReturnType<typeof tenant>>;

const header = (t: Tenant, fields: Record<string, string> = {}) =>
  newCommitmentSchema.parse({ vendorId: t.vendorId, type: "subcontract", number: "SC-001", title: "Concrete package", retainagePercent: "10", ...fields });

const create = (t: Tenant, fields: Record<string, string> = {}, projectId = t.projectId) => t.run((tx) => createCommitment(tx, projectId, header(t, fields)));

/** Line input as the form posts it, through the shared schema (amount as typed). */
const line = (t: Tenant, version: number, amount: string, costCodeId = t.concreteId) => {
  const { intent: _intent, ...input } = addCommitmentLineSchema.parse({ intent: "add-line", version: String(version), costCodeId, costTypeId: t.typeId, description: " Footings ", amount });
  return input;
};

async function commitmentChangeOrder(t: Tenant, commitmentId: string, number: number, status: "approved" | "pending_approval" | "rejected", amounts: string[]) {
  await t.run(async (tx) => {
    const [co] = await tx
      .insert(changeOrders)
      .values({ organizationId: t.organizationId, projectId: t.projectId, number, kind: "commitment", commitmentId, stage: "change_order", status, title: `Sub change ${number}` })
      .returning();
    await tx.insert(changeOrderLines).values(
      amounts.map((amount, i) => ({ organizationId: t.organizationId, changeOrderId: co.id, lineNumber: i + 1, costCodeId: t.concreteId, costTypeId: t.typeId, amount })),
    );
  });
}

const auditActions = async (organizationId: string, entityType: string) =>
  (await owner`select action from audit_events where organization_id = ${organizationId} and entity_type = ${entityType} order by occurred_at, id`).map((r) => r.action);

describe("creating and editing commitments", () => {
  it("keeps numbers unique per project (case-insensitively) with a clear error", async () => {
    const t = await tenant("numbers");
    const created = await create(t, { retainagePercent: "7.5" });
    expect(created).toMatchObject({ number: "SC-001", status: "draft", retainageRate: "0.075000", version: 1 });
    const duplicate = await create(t, { number: "sc-001" }).catch((e: unknown) => e);
    expect(duplicate).toBeInstanceOf(CommitmentRefused);
    expect(duplicate).toMatchObject({ field: "number", message: "Number sc-001 is already used by another commitment on this project." });
    await expect(create(t, {}, t.otherProjectId)).resolves.toMatchObject({ number: "SC-001" });
    await expect(create(t, { number: "PO-1", type: "purchase_order", vendorId: "5a1e0000-0000-4000-8000-000000000099" })).rejects.toMatchObject({ field: "vendorId" });
    expect(await auditActions(t.organizationId, "commitment")).toEqual(["created", "created"]);
  });

  it("edits the draft header with a version check", async () => {
    const t = await tenant("header");
    const c = await create(t);
    await create(t, { number: "SC-002" });
    const edited = await t.run((tx) => updateCommitmentHeader(tx, c.id, { ...header(t, { title: "Concrete and rebar", vendorId: t.otherVendorId }), version: 1 }));
    expect(edited).toMatchObject({ title: "Concrete and rebar", vendorId: t.otherVendorId, version: 2 });
    await expect(t.run((tx) => updateCommitmentHeader(tx, c.id, { ...header(t), version: 1 }))).rejects.toThrow(CommitmentConflict);
    await expect(t.run((tx) => updateCommitmentHeader(tx, c.id, { ...header(t, { number: "SC-002" }), version: 2 }))).rejects.toMatchObject({ field: "number" });
  });
});

describe("commitment lines", () => {
  it("add, edit and delete while draft, summed exactly, each audited", async () => {
    const t = await tenant("lines");
    const c = await create(t);
    const first = await t.run((tx) => addCommitmentLine(tx, c.id, line(t, 1, "1,000.10")));
    const second = await t.run((tx) => addCommitmentLine(tx, c.id, line(t, 2, "2000.05", t.electricalId)));
    expect([first.lineNumber, second.lineNumber, first.amount]).toEqual([1, 2, "1000.10"]);
    expect(await t.run((tx) => commitmentFigures(tx, c.id))).toEqual({ originalValue: "3000.15", approvedChanges: "0.00", pendingChanges: "0.00", revisedValue: "3000.15" });

    await expect(t.run((tx) => updateCommitmentLine(tx, c.id, { ...line(t, 2, "1.00"), lineId: first.id }))).rejects.toThrow(CommitmentConflict);
    await t.run((tx) => updateCommitmentLine(tx, c.id, { ...line(t, 3, "999.99"), lineId: first.id }));
    await t.run((tx) => deleteCommitmentLine(tx, c.id, { version: 4, lineId: second.id }));
    const lines = await t.run((tx) => listCommitmentLines(tx, c.id));
    expect(lines.map((l) => [l.lineNumber, l.costCode, l.costTypeName, l.amount])).toEqual([[1, "98-3000", "Test subcontract", "999.99"]]);
    expect(await auditActions(t.organizationId, "commitment_line")).toEqual(["created", "created", "updated", "deleted"]);
  });

  it("refuses another organization's cost type", async () => {
    const t = await tenant("line-refusal");
    const other = await tenant("line-other");
    const c = await create(t);
    await expect(t.run((tx) => addCommitmentLine(tx, c.id, { ...line(t, 1, "5.00"), costTypeId: other.typeId }))).rejects.toMatchObject({ field: "costTypeId" });
  });
});

describe("status transitions", () => {
  it("draft → executed → closed; needs a line to execute; read-only once executed", async () => {
    const t = await tenant("lifecycle");
    const c = await create(t);
    expect(allowedTransitions("draft")).toEqual(["submit", "execute", "void"]);
    expect(allowedTransitions("pending_approval")).toEqual(["withdraw", "void"]);
    await expect(t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "execute", version: 1, actorId: t.userId }))).rejects.toThrow(/at least one line/);
    await expect(t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "close", version: 1, actorId: t.userId }))).rejects.toThrow(/draft: it cannot be closed/);
    await t.run((tx) => addCommitmentLine(tx, c.id, line(t, 1, "25000.00")));
    await expect(t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "execute", version: 1, actorId: t.userId }))).rejects.toThrow(CommitmentConflict);
    const executed = await t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "execute", version: 2, actorId: t.userId }));
    expect(executed).toMatchObject({ status: "executed", version: 3 });
    expect(executed.executedAt).toBeInstanceOf(Date);

    await expect(t.run((tx) => updateCommitmentHeader(tx, c.id, { ...header(t), version: 3 }))).rejects.toThrow("Commitment SC-001 is executed: it can no longer be edited.");
    await expect(t.run((tx) => addCommitmentLine(tx, c.id, line(t, 3, "1.00")))).rejects.toThrow(/executed: it can no longer be edited/);
    const [only] = await t.run((tx) => listCommitmentLines(tx, c.id));
    await expect(t.run((tx) => deleteCommitmentLine(tx, c.id, { version: 3, lineId: only.id }))).rejects.toThrow(CommitmentRefused);

    await t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "close", version: 3, actorId: t.userId }));
    await expect(t.run((tx) => changeCommitmentStatus(tx, c.id, { to: "void", version: 4, actorId: t.userId }))).rejects.toThrow(/closed: it cannot be voided/);
    expect(await auditActions(t.organizationId, "commitment")).toEqual(["created", "executed", "closed"]);
  });

  it("voids drafts and executed commitments", async () => {
    const t = await tenant("void");
    const draft = await create(t);
    await t.run((tx) => changeCommitmentStatus(tx, draft.id, { to: "void", version: 1, actorId: t.userId }));
    const executed = await create(t, { number: "SC-002" });
    await t.run((tx) => addCommitmentLine(tx, executed.id, line(t, 1, "10.00")));
    await t.run((tx) => changeCommitmentStatus(tx, executed.id, { to: "execute", version: 2, actorId: t.userId }));
    expect(await t.run((tx) => changeCommitmentStatus(tx, executed.id, { to: "void", version: 3, actorId: t.userId }))).toMatchObject({ status: "void" });
    await expect(t.run((tx) => changeCommitmentStatus(tx, executed.id, { to: "execute", version: 4, actorId: t.userId }))).rejects.toThrow(/void: it cannot be executed/);
    expect(await auditActions(t.organizationId, "commitment")).toEqual(["created", "voided", "created", "executed", "voided"]);
  });
});

describe("values with change orders, and the list", () => {
  it("revised value = Σ lines + Σ approved commitment change order lines", async () => {
    const t = await tenant("revised");
    const c = await create(t);
    await t.run((tx) => addCommitmentLine(tx, c.id, line(t, 1, "10000.00")));
    await t.run((tx) => addCommitmentLine(tx, c.id, line(t, 2, "0.01", t.electricalId)));
    await commitmentChangeOrder(t, c.id, 1, "approved", ["500.00", "-125.25"]);
    await commitmentChangeOrder(t, c.id, 2, "pending_approval", ["99.99"]);
    await commitmentChangeOrder(t, c.id, 3, "rejected", ["1000.00"]);
    const po = await create(t, { number: "PO-7", type: "purchase_order", vendorId: t.otherVendorId, retainagePercent: "0" });
    await t.run((tx) => addCommitmentLine(tx, po.id, line(t, 1, "250.50", t.electricalId)));

    expect(await t.run((tx) => commitmentFigures(tx, c.id))).toEqual({ originalValue: "10000.01", approvedChanges: "374.75", pendingChanges: "99.99", revisedValue: "10374.76" });
    expect((await t.run((tx) => listCommitmentChangeOrders(tx, c.id))).map((co) => [co.number, co.status, co.amount])).toEqual([
      [1, "approved", "374.75"],
      [2, "pending_approval", "99.99"],
      [3, "rejected", "1000.00"],
    ]);

    const list = (search: string) => t.run((tx) => listCommitments(tx, t.projectId, parseTableQuery(commitmentsTable, new URLSearchParams(search))));
    const all = await list("");
    expect(all.rows.map((r) => [r.number, r.vendor, r.type, r.costCode, r.originalValue, r.approvedChanges, r.revisedValue, r.retainagePercent])).toEqual([
      ["PO-7", "Front Range Electric", "purchase_order", "97-0500", "250.50", "0.00", "250.50", "0"],
      ["SC-001", "Rocky Mountain Concrete", "subcontract", "97-0500, 98-3000", "10000.01", "374.75", "10374.76", "10"],
    ]);
    expect(all.totals).toEqual({ originalValue: "10250.51", approvedChanges: "374.75", revisedValue: "10625.26" });
    expect((await list("f.costCode=98-3000")).rows.map((r) => r.number)).toEqual(["SC-001"]);
    expect((await list(`f.costCode=${t.electricalId}`)).rows.map((r) => r.number)).toEqual(["PO-7", "SC-001"]);
    expect((await list("f.costCode=98")).totals).toEqual({ originalValue: "10000.01", approvedChanges: "374.75", revisedValue: "10374.76" });
    expect((await list("f.costCode=99-0000")).rows).toEqual([]);
    expect((await list("f.type=purchase_order&f.vendor=Front+Range+Electric")).rows.map((r) => r.number)).toEqual(["PO-7"]);
    expect((await list("f.status=executed")).rows).toEqual([]);
    expect((await list("sort=revisedValue&dir=desc")).rows.map((r) => r.number)).toEqual(["SC-001", "PO-7"]);
  });
});

describe("tenancy", () => {
  it("another organization's commitment or project is not found", async () => {
    const a = await tenant("tenant-a");
    const b = await tenant("tenant-b");
    const c = await create(a);
    await expect(b.run((tx) => getCommitment(tx, c.id))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => updateCommitmentHeader(tx, c.id, { ...header(b), version: 1 }))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => addCommitmentLine(tx, c.id, line(b, 1, "1.00")))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => changeCommitmentStatus(tx, c.id, { to: "void", version: 1, actorId: b.userId }))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => createCommitment(tx, a.projectId, header(b)))).rejects.toThrow(RecordNotFound);
    await expect(b.run((tx) => getCommitment(tx, "not-a-uuid"))).rejects.toThrow(RecordNotFound);
    expect((await b.run((tx) => listCommitments(tx, a.projectId, parseTableQuery(commitmentsTable, new URLSearchParams())))).rows).toEqual([]);
  });
});
