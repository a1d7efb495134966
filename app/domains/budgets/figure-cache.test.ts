import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { apInvoiceLines, apInvoices, budgetLines, changeOrderLines, changeOrders, commitmentLines, commitments, costCodes, costTypes, vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, withTenant, type Tx } from "~/utils/db.server";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { figuresRelation, MAX_DIRTY_KEYS } from "./figure-cache.server";
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

/** Each stored row's row version (xmin) by key: a row rewritten by a refresh gets a new one. */
const rowVersions = (run: Scenario["run"], projectId: string) =>
  run((tx) =>
    queryRows<{ key: string; xmin: string }>(tx, sql`select cost_code_id::text || ':' || cost_type_id::text as key, xmin::text as xmin from budget_figure_rows where project_id = ${projectId}`),
  ).then((rows) => new Map(rows.map((r) => [r.key, r.xmin])));

const rewritten = (before: Map<string, string>, after: Map<string, string>) =>
  [...new Set([...before.keys(), ...after.keys()])].filter((key) => before.get(key) !== after.get(key)).sort();

describe("a change recomputes only the stored rows of the keys it touched", () => {
  type Keyed = Awaited<ReturnType<typeof buildKeyed>>;
  let k: Keyed;

  async function buildKeyed() {
    const s = await buildScenario();
    const { fx, run } = s;
    const org = sql`${currentOrganizationId}`;
    const L = await fx.costType("KL", "K Labor", 1);
    const M = await fx.costType("KM", "K Material", 2);
    const division = await fx.costCode("K01", "K General");
    const [A, B, C, D] = [await fx.costCode("K01-A", "A", division), await fx.costCode("K01-B", "B", division), await fx.costCode("K01-C", "C", division), await fx.costCode("K01-D", "D", division)];
    const projectId = await fx.project("Keyed project");
    const lines = {
      AL: await fx.budgetLine(projectId, A, L, "1000.00"),
      BL: await fx.budgetLine(projectId, B, L, "2000.00"),
      CL: await fx.budgetLine(projectId, C, L, "500.00"),
      DM: await fx.budgetLine(projectId, D, M, "300.00"),
    };
    const executed = await fx.commitment(projectId, "executed", [
      [A, M, "700.00"],
      [B, M, "400.00"],
    ]);
    const draft = await fx.commitment(projectId, "draft", [[C, M, "100.00"]]);
    const spare = await fx.commitment(projectId, "draft", [[A, L, "10.00"]]);
    const commitmentChange = await fx.changeOrder(projectId, "pending_approval", [[A, M, "50.00"]], executed);
    const primeChange = await fx.changeOrder(projectId, "draft", [[B, L, "300.00", "250.00"]]);
    const openPrimeChange = await fx.changeOrder(projectId, "draft", [[C, L, "20.00", "15.00"]]);
    const invoice = await run(async (tx) => {
      const vendorId = (await tx.insert(vendors).values({ organizationId: org, name: "K Vendor" }).returning())[0].id;
      const [row] = await tx
        .insert(apInvoices)
        .values({ organizationId: org, vendorId, projectId, invoiceNumber: "K-1", invoiceDate: "2025-01-01", dueDate: "2025-01-31", status: "approved", approvedAt: new Date(), total: "80.00", amountDue: "80.00" })
        .returning();
      await tx.insert(apInvoiceLines).values({ organizationId: org, apInvoiceId: row.id, lineNumber: 1, costCodeId: D, costTypeId: L, thisPeriod: "80.00", amount: "80.00" });
      return row.id;
    });
    const key = (code: string, type: string) => `${code}:${type}`;
    return { ...s, projectId, L, M, A, B, C, D, lines, executed, draft, spare, commitmentChange, primeChange, openPrimeChange, invoice, key };
  }

  beforeAll(async () => {
    k = await buildKeyed();
  });

  /** Runs the write, reads the figures (refreshing them) and returns the keys whose stored rows were rewritten. */
  async function rowsRewrittenBy(write: (tx: Tx) => Promise<unknown>): Promise<string[]> {
    await expectCurrent(k, k.projectId);
    const before = await rowVersions(k.run, k.projectId);
    await k.run(write);
    await expectCurrent(k, k.projectId);
    const after = await rowVersions(k.run, k.projectId);
    const [left] = await k.run((tx) =>
      queryRows<{ dirty: number; full: boolean }>(tx, sql`select (select count(*)::int from budget_figure_dirty_keys where project_id = ${k.projectId}) as dirty, full_refresh as full from budget_figure_state where project_id = ${k.projectId}`),
    );
    expect(left).toEqual({ dirty: 0, full: false });
    return rewritten(before, after);
  }

  it("single-line changes of every input kind, deletions, moves, approvals and voids: stored rows = a fresh computation, only the touched keys rewritten", async () => {
    const { A, B, C, D, L, M, key } = k;
    const AL = key(A, L), AM = key(A, M), BL = key(B, L), BM = key(B, M), CL = key(C, L), CM = key(C, M), DL = key(D, L), DM = key(D, M);
    const cases: [string, (tx: Tx) => Promise<unknown>, string[]][] = [
      ["budget line amount", (tx) => tx.update(budgetLines).set({ originalAmount: "1100.00" }).where(eq(budgetLines.id, k.lines.AL)), [AL]],
      ["budget line added", (tx) => tx.insert(budgetLines).values({ organizationId: k.ctx.organizationId, projectId: k.projectId, costCodeId: C, costTypeId: M, originalAmount: "10.00" }), [CM]],
      // D × M keeps no activity (its row goes), D × L gains the budget next to its AP cost.
      ["budget line moved to another key", (tx) => tx.update(budgetLines).set({ costTypeId: L }).where(eq(budgetLines.id, k.lines.DM)), [DL, DM]],
      ["transfer", () => k.fx.transfer(k.projectId, k.lines.AL, k.lines.BL, "25.00"), [AL, BL]],
      ["commitment line amount", (tx) => tx.update(commitmentLines).set({ amount: "750.00" }).where(and(eq(commitmentLines.commitmentId, k.executed), eq(commitmentLines.costCodeId, A))), [AM]],
      ["commitment line moved to another cost code", (tx) => tx.update(commitmentLines).set({ costCodeId: C, costTypeId: L }).where(and(eq(commitmentLines.commitmentId, k.executed), eq(commitmentLines.costCodeId, B))), [BM, CL]],
      ["commitment line added", (tx) => tx.insert(commitmentLines).values({ organizationId: k.ctx.organizationId, commitmentId: k.executed, lineNumber: 9, costCodeId: D, costTypeId: M, amount: "5.00" }), [DM]],
      ["commitment executed (its lines' keys)", (tx) => tx.update(commitments).set({ status: "executed" }).where(eq(commitments.id, k.draft)), [CM]],
      ["draft commitment line deleted", (tx) => tx.delete(commitmentLines).where(eq(commitmentLines.commitmentId, k.spare)), [AL]],
      ["commitment change order approved", (tx) => tx.update(changeOrders).set({ status: "approved" }).where(eq(changeOrders.id, k.commitmentChange)), [AM]],
      ["commitment change order voided", (tx) => tx.update(changeOrders).set({ status: "void" }).where(eq(changeOrders.id, k.commitmentChange)), [AM]],
      ["prime change order approved", (tx) => tx.update(changeOrders).set({ status: "approved" }).where(eq(changeOrders.id, k.primeChange)), [BL]],
      ["change order line amount", (tx) => tx.update(changeOrderLines).set({ budgetAmount: "17.00" }).where(eq(changeOrderLines.changeOrderId, k.openPrimeChange)), [CL]],
      ["change order line deleted", (tx) => tx.delete(changeOrderLines).where(eq(changeOrderLines.changeOrderId, k.openPrimeChange)), [CL]],
      ["AP invoice line amount", (tx) => tx.update(apInvoiceLines).set({ thisPeriod: "90.00", amount: "90.00" }).where(eq(apInvoiceLines.apInvoiceId, k.invoice)), [DL]],
      ["AP invoice voided", (tx) => tx.update(apInvoices).set({ status: "void" }).where(eq(apInvoices.id, k.invoice)), [DL]],
      ["cost code renamed (the rows showing it)", (tx) => tx.update(costCodes).set({ name: "C renamed" }).where(eq(costCodes.id, C)), [CL, CM]],
      ["budget line deleted", (tx) => tx.delete(budgetLines).where(and(eq(budgetLines.projectId, k.projectId), eq(budgetLines.costCodeId, C), eq(budgetLines.costTypeId, M))), [CM]],
    ];
    for (const [what, write, keys] of cases) expect(await rowsRewrittenBy(write).catch((e: Error) => [`${what}: ${e.message}`]), what).toEqual([...keys].sort());
  });

  it("a deleted header, or more keys than the limit, recomputes the whole project", async () => {
    await expectCurrent(k, k.projectId);
    const all = [...(await rowVersions(k.run, k.projectId)).keys()].sort();
    // A draft commitment deleted (its lines go with it, before its own trigger could look them up).
    const spare = await k.fx.commitment(k.projectId, "draft", [[k.A, k.L, "1.00"]]);
    expect(await rowsRewrittenBy((tx) => tx.delete(commitments).where(eq(commitments.id, spare)))).toEqual(all);
    // One statement touching more keys than the limit marks the project for a full refresh; so do
    // several statements whose keys add up to more than the limit.
    const n = MAX_DIRTY_KEYS + 1;
    const codes = await k.run((tx) =>
      tx
        .insert(costCodes)
        .values(Array.from({ length: n * 2 }, (_, i) => ({ organizationId: k.ctx.organizationId, code: `K02-${String(i).padStart(4, "0")}`, name: `Bulk ${i}` })))
        .returning({ id: costCodes.id }),
    );
    const budget = (ids: { id: string }[]) => (tx: Tx) =>
      tx.insert(budgetLines).values(ids.map(({ id }) => ({ organizationId: k.ctx.organizationId, projectId: k.projectId, costCodeId: id, costTypeId: k.L, originalAmount: "1.00" })));
    const fullAfter = async (write: (tx: Tx) => Promise<unknown>) => {
      await expectCurrent(k, k.projectId);
      const before = await rowVersions(k.run, k.projectId);
      await k.run(write);
      const [marked] = await k.run((tx) => queryRows<{ full: boolean }>(tx, sql`select full_refresh as full from budget_figure_state where project_id = ${k.projectId}`));
      await expectCurrent(k, k.projectId);
      const after = await rowVersions(k.run, k.projectId);
      // Every row that existed before was rewritten too: the whole project was recomputed.
      expect([...before.keys()].every((key) => before.get(key) !== after.get(key))).toBe(true);
      return marked.full;
    };
    expect(await fullAfter(budget(codes.slice(0, n)))).toBe(true);
    const half = Math.ceil(n / 2);
    expect(
      await fullAfter(async (tx) => {
        await budget(codes.slice(n, n + half))(tx);
        await budget(codes.slice(n + half, 2 * n))(tx);
      }),
    ).toBe(false);
  });

  it("writes racing readers on several keys (status changes, lines added, amounts) leave the stored rows equal to the data", async () => {
    await expectCurrent(k, k.projectId);
    const target = await k.fx.commitment(k.projectId, "draft", [[k.B, k.M, "3.00"]]);
    const org = k.ctx.organizationId;
    await Promise.all([
      ...["executed", "draft", "executed"].map((status) => k.run((tx) => tx.update(commitments).set({ status: status as "executed" }).where(eq(commitments.id, target)))),
      ...[k.A, k.C, k.D].map((code, i) =>
        k.run((tx) => tx.insert(commitmentLines).values({ organizationId: org, commitmentId: target, lineNumber: 10 + i, costCodeId: code, costTypeId: k.M, amount: "4.00" })),
      ),
      ...["1.00", "2.00"].map((amount) => k.run((tx) => tx.update(budgetLines).set({ originalAmount: amount }).where(eq(budgetLines.id, k.lines.BL)))),
      ...Array.from({ length: 6 }, () => compare(k, k.projectId)),
    ]);
    await expectCurrent(k, k.projectId);
  });
});
