import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { budgetLines, changeOrders, commitmentLines, commitments, costCodes, costTypes } from "@db/schema";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { figuresRelation } from "./figure-cache.server";
import { figuresQuery } from "./figures-query.server";
import { financeFixture } from "./fixtures.server";

type Scenario = Awaited<ReturnType<typeof buildScenario>>;

async function buildScenario() {
  const account = await newAccount("figure-cache");
  const ctx = { organizationId: account.organizationId, userId: account.userId };
  const fx = financeFixture(ctx);
  const labor = await fx.costType("CL", "C Labor", 1);
  const material = await fx.costType("CM", "C Material", 2);
  const division = await fx.costCode("C03", "C Concrete");
  const footings = await fx.costCode("C03-100", "Footings", division);
  const slabs = await fx.costCode("C03-200", "Slabs", division);
  const projectId = await fx.project();
  const otherProjectId = await fx.project("Other project");
  const footingsLabor = await fx.budgetLine(projectId, footings, labor, "1000.00");
  const slabsLabor = await fx.budgetLine(projectId, slabs, labor, "2000.00");
  await fx.budgetLine(otherProjectId, footings, labor, "5.00");
  const commitmentId = await fx.commitment(projectId, "draft", [[footings, material, "700.00"]]);
  const changeOrderId = await fx.changeOrder(projectId, "draft", [[slabs, labor, "300.00", "250.00"]]);
  const run = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
  return { ctx, fx, run, projectId, otherProjectId, labor, material, division, footings, slabs, footingsLabor, slabsLabor, commitmentId, changeOrderId };
}

const rowsOf = (tx: Tx, relation: ReturnType<typeof sql>) => queryRows(tx, sql`select * from ${relation} f order by f."sortKey"`).then((rows) => rows.map((r) => ({ ...r })));

/** The stored rows (refreshed if stale) and a fresh computation, read in one transaction. */
const compare = (s: Scenario, projectId = s.projectId) =>
  s.run(async (tx) => ({ stored: await rowsOf(tx, await figuresRelation(tx, projectId)), fresh: await rowsOf(tx, sql`(${figuresQuery(projectId)})`) }));

async function expectCurrent(s: Scenario, projectId = s.projectId) {
  const { stored, fresh } = await compare(s, projectId);
  expect(fresh.length).toBeGreaterThan(0);
  expect(stored).toEqual(fresh);
  return stored;
}

const state = (s: Scenario, projectId = s.projectId) =>
  s.run((tx) =>
    queryRows<{ source: string; cached: string }>(tx, sql`select source_version::text as source, cached_version::text as cached from budget_figure_state where project_id = ${projectId}`)
      .then((rows) => rows[0]),
  );

const committedOf = (rows: Record<string, unknown>[], costCodeId: string, costTypeId: string) =>
  rows.find((r) => r.costCodeId === costCodeId && r.costTypeId === costTypeId)?.committed;

describe("budget figure read model", () => {
  let s: Scenario;
  beforeAll(async () => {
    s = await buildScenario();
  });

  it("serves the computed rows, and a second read uses them without recomputing", async () => {
    await expectCurrent(s);
    const first = await state(s);
    expect(first.cached).toBe(first.source);
    await expectCurrent(s);
    expect(await state(s)).toEqual(first);
  });

  it("every kind of write to an input marks the rows stale and the next read shows it", async () => {
    const writes: [string, (tx: Tx) => Promise<unknown>][] = [
      ["budget line amount", (tx) => tx.update(budgetLines).set({ originalAmount: "1234.56" }).where(eq(budgetLines.id, s.footingsLabor))],
      ["budget line added", (tx) => tx.insert(budgetLines).values({ organizationId: s.ctx.organizationId, projectId: s.projectId, costCodeId: s.slabs, costTypeId: s.material, originalAmount: "10.00" })],
      ["transfer", () => s.fx.transfer(s.projectId, s.slabsLabor, s.footingsLabor, "99.99")],
      ["commitment executed", (tx) => tx.update(commitments).set({ status: "executed" }).where(eq(commitments.id, s.commitmentId))],
      ["commitment line amount", (tx) => tx.update(commitmentLines).set({ amount: "650.25" }).where(eq(commitmentLines.commitmentId, s.commitmentId))],
      ["change order approved", (tx) => tx.update(changeOrders).set({ status: "approved" }).where(eq(changeOrders.id, s.changeOrderId))],
      // An approved change order's lines cannot be deleted (migration 0017); voiding it takes them out.
      ["change order voided", (tx) => tx.update(changeOrders).set({ status: "void" }).where(eq(changeOrders.id, s.changeOrderId))],
      ["cost code renamed", (tx) => tx.update(costCodes).set({ name: "Footings and piers" }).where(eq(costCodes.id, s.footings))],
      ["division renamed", (tx) => tx.update(costCodes).set({ name: "Cast-in-place concrete" }).where(eq(costCodes.id, s.division))],
      ["cost type renamed", (tx) => tx.update(costTypes).set({ name: "C Materials" }).where(eq(costTypes.id, s.material))],
      ["budget line deleted", (tx) => tx.delete(budgetLines).where(and(eq(budgetLines.costCodeId, s.slabs), eq(budgetLines.costTypeId, s.material)))],
    ];
    let before = await expectCurrent(s);
    for (const [what, write] of writes) {
      await s.run(write).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
      const after = await expectCurrent(s);
      expect(after, what).not.toEqual(before);
      before = after;
    }
    expect(committedOf(before, s.footings, s.material)).toBe("650.25");
  });

  it("a write and a read in the same transaction see the write; a rollback leaves the stored rows as they were", async () => {
    const before = await expectCurrent(s);
    await s
      .run(async (tx) => {
        await tx.update(commitmentLines).set({ amount: "1.00" }).where(eq(commitmentLines.commitmentId, s.commitmentId));
        expect(committedOf(await rowsOf(tx, await figuresRelation(tx, s.projectId)), s.footings, s.material)).toBe("1.00");
        throw new Error("roll back");
      })
      .catch((error: Error) => expect(error.message).toBe("roll back"));
    expect(await expectCurrent(s)).toEqual(before);
  });

  it("only the touched project is marked stale", async () => {
    await expectCurrent(s, s.otherProjectId);
    const other = await state(s, s.otherProjectId);
    await s.run((tx) => tx.update(budgetLines).set({ description: "touched" }).where(eq(budgetLines.id, s.footingsLabor)));
    expect(await state(s, s.otherProjectId)).toEqual(other);
    const touched = await state(s);
    expect(Number(touched.source)).toBeGreaterThan(Number(touched.cached));
  });

  it("writes to columns the figures never read leave the stored rows current", async () => {
    await expectCurrent(s);
    await expectCurrent(s, s.otherProjectId);
    const before = [await state(s), await state(s, s.otherProjectId)];
    const bump = { version: sql`version + 1`, updatedAt: sql`now()` };
    await s.run(async (tx) => {
      await tx.update(commitments).set(bump).where(eq(commitments.id, s.commitmentId));
      await tx.update(commitmentLines).set({ description: "Rebar, revised wording" }).where(eq(commitmentLines.commitmentId, s.commitmentId));
      await tx.update(changeOrders).set(bump).where(eq(changeOrders.id, s.changeOrderId));
      await tx.update(costCodes).set({ active: false, ...bump }).where(eq(costCodes.id, s.footings));
      await tx.update(costTypes).set({ active: false }).where(eq(costTypes.id, s.labor));
      // Rewriting a relevant column with its own value changes nothing either.
      await tx.update(changeOrders).set({ status: sql`status` }).where(eq(changeOrders.id, s.changeOrderId));
    });
    expect([await state(s), await state(s, s.otherProjectId)]).toEqual(before);
    await s.run((tx) => tx.update(costCodes).set({ active: true }).where(eq(costCodes.id, s.footings)));
    await s.run((tx) => tx.update(costTypes).set({ active: true }).where(eq(costTypes.id, s.labor)));
  });

  it("renaming a cost code marks stale only the projects whose rows show it", async () => {
    await expectCurrent(s);
    await expectCurrent(s, s.otherProjectId);
    const other = await state(s, s.otherProjectId);
    await s.run((tx) => tx.update(costCodes).set({ name: "Slabs on grade" }).where(eq(costCodes.id, s.slabs)));
    expect(await state(s, s.otherProjectId)).toEqual(other);
    const touched = await state(s);
    expect(Number(touched.source)).toBeGreaterThan(Number(touched.cached));
    expect((await expectCurrent(s)).some((row) => row.costCodeName === "Slabs on grade")).toBe(true);
    // The division shows in both projects' rows (Footings, in the other project, belongs to it).
    await s.run((tx) => tx.update(costCodes).set({ name: "C Cast-in-place" }).where(eq(costCodes.id, s.division)));
    expect((await expectCurrent(s, s.otherProjectId)).every((row) => row.divisionName === "C Cast-in-place")).toBe(true);
  });

  it("a reader does not wait for figures another transaction holds: it reads a fresh computation, as of its own snapshot", async () => {
    await expectCurrent(s);
    await s.run((tx) => tx.update(commitmentLines).set({ amount: "808.00" }).where(eq(commitmentLines.commitmentId, s.commitmentId)));
    // A writer's uncommitted change holds the (committed-stale) state row's lock.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let writing!: () => void;
    const written = new Promise<void>((resolve) => (writing = resolve));
    const writer = s.run(async (tx) => {
      await tx.update(commitmentLines).set({ amount: "909.00" }).where(eq(commitmentLines.commitmentId, s.commitmentId));
      writing();
      await gate;
    });
    await written;
    try {
      const read = await Promise.race([
        compare(s),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the reader waited for the writer")), 10_000)),
      ]);
      expect(read.stored).toEqual(read.fresh);
      expect(committedOf(read.stored, s.footings, s.material)).toBe("808.00");
      const held = await state(s);
      expect(held.cached).not.toBe(held.source); // nothing stored while the lock was held
    } finally {
      release();
      await writer;
    }
    expect(committedOf(await expectCurrent(s), s.footings, s.material)).toBe("909.00");
  });

  it("readers racing a writer never keep figures older than the committed data", async () => {
    const amounts = ["11.00", "22.00", "33.00", "44.00", "55.00"];
    await Promise.all([
      ...amounts.map((amount) => s.run((tx) => tx.update(commitmentLines).set({ amount }).where(eq(commitmentLines.commitmentId, s.commitmentId)))),
      ...amounts.map(() => compare(s)),
    ]);
    const final = await expectCurrent(s);
    expect(amounts).toContain(committedOf(final, s.footings, s.material));
  });
});
