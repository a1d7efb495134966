import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization } from "~/domains/approvals/test-fixtures";
import { withTenant, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { addBudgetLine, BudgetRefused, deleteBudgetLine, getBudgetLine, LOCKED_MESSAGE, setForecast, StaleBudgetRecord, updateBudgetLine } from "./budget-lines.server";
import { setBudgetLock } from "./budget-lock.server";
import { budgetFigures, budgetTotals } from "./figures.server";
import { financeFixture } from "./fixtures.server";
import { requireBudgetProject } from "./project-scope.server";
import { action as budgetAction, loader as budgetLoader } from "./routes/budget";
import { countTransfers, listTransfers, transferBudget } from "./transfers.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let ctx: { organizationId: string; userId: string };
let fx: ReturnType<typeof financeFixture>;
let codes: { a: string; b: string; c: string };
let labor: string;

beforeAll(async () => {
  owner = ownerConnection();
  const account = await newAccount("budget-lines");
  ctx = { organizationId: account.organizationId, userId: account.userId };
  fx = financeFixture(ctx);
  labor = await fx.costType("TL", "T Labor", 1);
  const division = await fx.costCode("T26", "T Electrical");
  codes = {
    a: await fx.costCode("T26-100", "Rough-in", division),
    b: await fx.costCode("T26-200", "Fixtures", division),
    c: await fx.costCode("T26-300", "Controls", division),
  };
});
afterAll(() => owner.end());

const as = <T>(fn: (tx: Tx) => Promise<T>) => withTenant(ctx, fn);
const line = (projectId: string, lineId: string) => as((tx) => getBudgetLine(tx, projectId, lineId));
const auditActions = async (entityId: string) =>
  (await owner`select action from audit_events where entity_id = ${entityId} order by occurred_at, id`).map((r) => r.action);

describe("budget lines", () => {
  it("adds a line once per cost code × cost type, edits and deletes it, all audited", async () => {
    const projectId = await fx.project();
    const added = await as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.a, costTypeId: labor, description: "", originalAmount: "1234.50" }));
    expect(added).toMatchObject({ originalAmount: "1234.50", ftcMode: "auto", version: 1 });
    await expect(as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.a, costTypeId: labor, description: "", originalAmount: "1.00" }))).rejects.toThrow(
      "This project already has a budget line for T26-100 Rough-in × T Labor.",
    );
    const updated = await as((tx) => updateBudgetLine(tx, projectId, { lineId: added.id, version: 1, description: "Conduit", originalAmount: "1300.00" }));
    expect(updated).toMatchObject({ description: "Conduit", originalAmount: "1300.00", version: 2 });
    await expect(as((tx) => updateBudgetLine(tx, projectId, { lineId: added.id, version: 1, description: "x", originalAmount: "1.00" }))).rejects.toThrow(StaleBudgetRecord);
    await as((tx) => deleteBudgetLine(tx, projectId, { lineId: added.id, version: 2 }));
    await expect(line(projectId, added.id)).rejects.toThrow(RecordNotFound);
    expect(await auditActions(added.id)).toEqual(["created", "updated", "deleted"]);
  });

  it("refuses inactive or unknown cost codes", async () => {
    const projectId = await fx.project();
    await owner`update cost_codes set active = false where id = ${codes.c}`;
    await expect(as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.c, costTypeId: labor, description: "", originalAmount: "1.00" }))).rejects.toThrow(
      "Choose an active cost code.",
    );
    await owner`update cost_codes set active = true where id = ${codes.c}`;
    await expect(
      as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.a, costTypeId: "00000000-0000-4000-8000-000000000000", description: "", originalAmount: "1.00" })),
    ).rejects.toThrow("Choose an active cost type.");
  });
});

describe("budget transfers", () => {
  it("move budget between two lines of one project, keep the project total and are audited", async () => {
    const projectId = await fx.project();
    const from = await fx.budgetLine(projectId, codes.a, labor, "1000.00");
    const to = await fx.budgetLine(projectId, codes.b, labor, "0.10");
    const before = await as((tx) => budgetTotals(tx, projectId));
    const transfer = await as((tx) => transferBudget(tx, projectId, { fromLineId: from, toLineId: to, amount: "0.20", reason: "Fixture upgrade" }));
    const after = await as((tx) => budgetTotals(tx, projectId));
    expect(after.revised).toBe(before.revised);
    expect(after.revised).toBe("1000.10");
    const rows = await as((tx) => budgetFigures(tx, projectId));
    expect(rows.map((r) => [r.costCode, r.approvedChanges, r.revised])).toEqual([
      ["T26-100", "-0.20", "999.80"],
      ["T26-200", "0.20", "0.30"],
    ]);
    expect(await auditActions(transfer.id)).toEqual(["created"]);
    const [history] = await as((tx) => listTransfers(tx, projectId));
    expect(history).toMatchObject({ from: "T26-100 × T Labor", to: "T26-200 × T Labor", amount: "0.20", reason: "Fixture upgrade", createdBy: "Test budget-lines" });
    await expect(as((tx) => deleteBudgetLine(tx, projectId, { lineId: to, version: 1 }))).rejects.toThrow("This line has budget transfers");
  });

  it("the history lists the latest transfers first, all or only the latest few", async () => {
    const projectId = await fx.project();
    const from = await fx.budgetLine(projectId, codes.a, labor, "100.00");
    const to = await fx.budgetLine(projectId, codes.b, labor, "0.00");
    for (const reason of ["first", "second", "third"]) await as((tx) => transferBudget(tx, projectId, { fromLineId: from, toLineId: to, amount: "1.00", reason }));
    expect((await as((tx) => listTransfers(tx, projectId))).map((t) => t.reason)).toEqual(["third", "second", "first"]);
    expect((await as((tx) => listTransfers(tx, projectId, 2))).map((t) => t.reason)).toEqual(["third", "second"]);
    expect(await as((tx) => countTransfers(tx, projectId))).toBe(3);
  });

  it("are refused across projects, for the same line, and for an amount of zero or less", async () => {
    const projectId = await fx.project();
    const otherProject = await fx.project();
    const from = await fx.budgetLine(projectId, codes.a, labor, "100.00");
    const to = await fx.budgetLine(projectId, codes.b, labor, "100.00");
    const elsewhere = await fx.budgetLine(otherProject, codes.b, labor, "100.00");
    const transfer = (fromLineId: string, toLineId: string, amount: string) =>
      as((tx) => transferBudget(tx, projectId, { fromLineId, toLineId, amount, reason: "Because" }));
    await expect(transfer(from, elsewhere, "1.00")).rejects.toThrow("Choose a line of this project's budget to move budget to.");
    await expect(as((tx) => transferBudget(tx, otherProject, { fromLineId: from, toLineId: elsewhere, amount: "1.00", reason: "x" }))).rejects.toThrow(BudgetRefused);
    await expect(transfer(from, from, "1.00")).rejects.toThrow("Choose two different lines.");
    await expect(transfer(from, to, "0.00")).rejects.toThrow("The amount must be greater than zero.");
    await expect(transfer(from, to, "-5.00")).rejects.toThrow("The amount must be greater than zero.");
    const [{ count }] = await owner`select count(*)::int from budget_transfers where project_id in (${projectId}, ${otherProject})`;
    expect(count).toBe(0);
  });
});

describe("budget lock", () => {
  it("fixes original amounts while locked; forecasts, descriptions, transfers and zero lines still work", async () => {
    const projectId = await fx.project();
    const a = await fx.budgetLine(projectId, codes.a, labor, "500.00");
    const b = await fx.budgetLine(projectId, codes.b, labor, "500.00");
    const project = await as((tx) => requireBudgetProject(tx, projectId));
    const locked = await as((tx) => setBudgetLock(tx, projectId, { lock: true, version: project.version }));
    expect(locked.budgetLockedAt).not.toBeNull();
    expect(locked.budgetLockedBy).toBe(ctx.userId);
    await expect(as((tx) => setBudgetLock(tx, projectId, { lock: false, version: project.version }))).rejects.toThrow(StaleBudgetRecord);

    await expect(as((tx) => updateBudgetLine(tx, projectId, { lineId: a, version: 1, description: "", originalAmount: "900.00" }))).rejects.toThrow(LOCKED_MESSAGE);
    await expect(as((tx) => deleteBudgetLine(tx, projectId, { lineId: a, version: 1 }))).rejects.toThrow(LOCKED_MESSAGE);
    await expect(as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.c, costTypeId: labor, description: "", originalAmount: "10.00" }))).rejects.toThrow(
      LOCKED_MESSAGE,
    );
    expect((await line(projectId, a)).originalAmount).toBe("500.00");

    await as((tx) => updateBudgetLine(tx, projectId, { lineId: a, version: 1, description: "Renamed", originalAmount: "500.00" }));
    const zero = await as((tx) => addBudgetLine(tx, projectId, { costCodeId: codes.c, costTypeId: labor, description: "", originalAmount: "0.00" }));
    await as((tx) => transferBudget(tx, projectId, { fromLineId: b, toLineId: zero.id, amount: "125.00", reason: "Controls scope" }));
    await as((tx) => setForecast(tx, projectId, { lineId: a, version: 2, ftcMode: "manual", ftcManual: "42.00" }));
    const totals = await as((tx) => budgetTotals(tx, projectId));
    expect(totals).toMatchObject({ original: "1000.00", revised: "1000.00", ftc: "542.00" });

    await as((tx) => setBudgetLock(tx, projectId, { lock: false, version: locked.version }));
    await as((tx) => updateBudgetLine(tx, projectId, { lineId: a, version: 3, description: "Renamed", originalAmount: "900.00" }));
    expect((await line(projectId, a)).originalAmount).toBe("900.00");
    expect(await auditActions(projectId)).toEqual(["budget_locked", "budget_unlocked"]);
  });

  it("refuses a second lock and another organization's project", async () => {
    const projectId = await fx.project();
    const { version } = await as((tx) => requireBudgetProject(tx, projectId));
    const { version: next } = await as((tx) => setBudgetLock(tx, projectId, { lock: true, version }));
    await expect(as((tx) => setBudgetLock(tx, projectId, { lock: true, version: next }))).rejects.toThrow("The budget is already locked.");
    const stranger = await newAccount("budget-lock-stranger");
    await expect(withTenant({ organizationId: stranger.organizationId, userId: stranger.userId }, (tx) => setBudgetLock(tx, projectId, { lock: false, version: next }))).rejects.toThrow(
      RecordNotFound,
    );
  });
});

describe("budget page", () => {
  type PageData = { choices: { costCodes: { id: string; label: string }[]; costTypes: unknown[] } | null };

  it("opens the add-line form (every active cost code) on demand, for editors only, and keeps it open after adding a line", async () => {
    const org = await financeOrganization(owner, "budget-page");
    const [pm, viewer] = [await org.addMember("project_manager"), await org.addMember("viewer")];
    const [asPm, asViewer] = [await signIn(pm.email, { organizationId: org.organizationId }), await signIn(viewer.email, { organizationId: org.organizationId })];
    const path = `/projects/${org.projectId}/budget`;
    const choicesOf = async (who: SignedIn, search: string) => {
      const out = await callRoute(budgetLoader, who.get(`${path}${search}`), { projectId: org.projectId });
      expect(out.status).toBe(200);
      return (out.data as PageData).choices;
    };

    expect(await choicesOf(asPm, "")).toBeNull();
    const opened = await choicesOf(asPm, "?add=1");
    expect(opened?.costCodes.map((c) => c.id)).toContain(org.costCodeId);
    expect(opened?.costTypes.length).toBeGreaterThan(0);
    expect(await choicesOf(asViewer, "?add=1")).toBeNull();

    const added = await callRoute(
      budgetAction,
      asPm.post(`${path}?add=1`, { intent: "add-line", costCodeId: org.costCodeId, costTypeId: org.costTypeId, description: "", originalAmount: "500.00" }),
      { projectId: org.projectId },
    );
    expect(added).toMatchObject({ status: 303, location: `${path}?add=1#add-line` });
    expect(await owner`select original_amount::text as amount from budget_lines where project_id = ${org.projectId}`).toEqual([{ amount: "500.00" }]);
  });
});
