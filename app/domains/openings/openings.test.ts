import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { figuresQuery } from "~/domains/budgets/figures-query.server";
import { budgetFigures, budgetTotals } from "~/domains/budgets/figures.server";
import { jobCostReport } from "~/domains/budgets/job-cost.server";
import { apAgingDocuments } from "~/domains/payables/ap-aging.server";
import { billingSheet } from "~/domains/payables/commitment-billing.server";
import { retainageSummary } from "~/domains/payables/retainage.server";
import { payablesFixture, type PayablesFixture } from "~/domains/payables/test-fixtures";
import { wipSchedule } from "~/domains/wip/wip.server";
import { queryRows, type Tx } from "~/utils/db.server";
import type { SqlClient } from "@db/sql-client";
import { ownerConnection } from "../../../tests/support/connections";
import { listCommitmentOpeningLines, replaceCommitmentOpenings } from "./commitment-openings.server";
import { wipScheduleAsOf } from "~/domains/wip/wip-as-of.server";
import { dec } from "~/utils/money";
import { openingCostAsOf, replaceOpeningCosts } from "./opening-costs.server";
import { OpeningRefused } from "./opening-refused";
import { commitmentOpeningsSchema, openingCostsSchema } from "./openings.schema";

let owner: SqlClient;
let org: FinanceOrganization;
let finance: TestMember;
let fx: PayablesFixture;
beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "openings");
  finance = await org.addMember("finance");
  fx = payablesFixture(owner, org);
  await owner`insert into budget_lines (organization_id, project_id, cost_code_id, cost_type_id, original_amount)
    values (${org.organizationId}, ${org.projectId}, ${org.costCodeId}, ${org.costTypeId}, '100000.00'),
           (${org.organizationId}, ${org.projectId}, ${org.otherCostCodeId}, ${org.costTypeId}, '20000.00')`;
});
afterAll(() => owner.end());

const costs = (lines: Record<string, string>[]) => openingCostsSchema.parse({ intent: "save-opening-costs", lines });
const saveCosts = (lines: Record<string, string>[]) => fx.as(finance, (tx) => replaceOpeningCosts(tx, org.projectId, costs(lines)));
const saveCommitmentOpenings = (lines: Record<string, string>[]) =>
  fx.as(finance, (tx) => replaceCommitmentOpenings(tx, org.projectId, commitmentOpeningsSchema.parse({ intent: "save-commitment-openings", lines })));
const rowOf = async (costCodeId: string) => (await fx.as(finance, (tx) => budgetFigures(tx, org.projectId, { costCodeId, costTypeId: org.costTypeId })))[0];
const issues = (result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
  result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("opening cost to date", () => {
  it("counts as actual and direct cost (Opening cost shows it) in the budget, the job cost report and WIP, to the cent; the stored figures stay fresh", async () => {
    const before = await fx.as(finance, (tx) => budgetTotals(tx, org.projectId));
    await saveCosts([
      { costCodeId: org.otherCostCodeId, costTypeId: org.costTypeId, amount: "12,345.67", asOf: "2025-01-31", note: "Ledger at cut-over" },
      { costCodeId: "", costTypeId: "", amount: "", asOf: "", note: "" }, // a blank row is not an entry
    ]);
    expect(await rowOf(org.otherCostCodeId)).toMatchObject({ openingCost: "12345.67", directCosts: "12345.67", actual: "12345.67", committed: "0.00", projectedCost: "12345.67" });
    const totals = await fx.as(finance, (tx) => budgetTotals(tx, org.projectId));
    expect(totals.actual).toBe("12345.67");
    expect(Number(before.actual)).toBe(0);
    const report = await fx.as(finance, (tx) => jobCostReport(tx, org.projectId));
    expect(report.total).toMatchObject({ openingCost: "12345.67", actual: "12345.67" });
    const wip = await fx.as(finance, (tx) => wipSchedule(tx));
    expect(wip.rows.find((r) => r.projectId === org.projectId)).toMatchObject({ costToDate: "12345.67", estimatedTotalCost: totals.eac });
    // The stored rows (kept fresh by the triggers) equal a fresh computation.
    const fresh = await fx.as(finance, (tx) => queryRows<{ actual: string }>(tx, sql`select sum(actual)::text as actual from (${figuresQuery(org.projectId)}) f`));
    expect(fresh[0].actual).toBe("12345.67");
  });

  it("replaces the whole set in one save (edited, removed), audited", async () => {
    await saveCosts([{ costCodeId: org.costCodeId, costTypeId: org.costTypeId, amount: "1000.01", asOf: "2025-02-28", note: "" }]);
    expect((await rowOf(org.otherCostCodeId))?.openingCost ?? "0.00").toBe("0.00");
    expect(await rowOf(org.costCodeId)).toMatchObject({ openingCost: "1000.01", actual: "1000.01" });
    const [audit] = await owner`select action, before, after from audit_events where organization_id = ${org.organizationId} and action = 'opening_costs_replaced' order by occurred_at desc limit 1`;
    expect(audit.before.openingCosts.map((l: { amount: string }) => l.amount)).toEqual(["12345.67"]);
    expect(audit.after.openingCosts.map((l: { amount: string }) => l.amount)).toEqual(["1000.01"]);
  });

  it("refuses negative amounts, duplicate cost code × cost type rows, a date without an amount, no rows at all and unknown cost codes, writing nothing", async () => {
    const row = { costCodeId: org.costCodeId, costTypeId: org.costTypeId, asOf: "2025-02-28", note: "" };
    expect(issues(openingCostsSchema.safeParse({ intent: "save-opening-costs", lines: [{ asOf: "2025-02-28" }] }))).toEqual([
      "lines.0.costCodeId: Choose a cost code",
      "lines.0.costTypeId: Choose a cost type",
      "lines.0.amount: Enter the opening cost",
    ]);
    expect(issues(openingCostsSchema.safeParse({ intent: "save-opening-costs", lines: [] }))).toEqual(["lines: The form posted no rows: reload the page and try again"]);
    expect(issues(openingCostsSchema.safeParse({ intent: "save-opening-costs", lines: [{ ...row, amount: "-5.00" }] }))).toEqual(["lines.0.amount: The opening cost cannot be negative"]);
    expect(issues(openingCostsSchema.safeParse({ intent: "save-opening-costs", lines: [{ ...row, amount: "5.00" }, { ...row, amount: "6.00" }] }))).toEqual([
      "lines.1.costCodeId: Row 1 already has this cost code and cost type: enter one amount for each.",
    ]);
    const unknown = "00000000-0000-4000-8000-000000000000";
    await expect(saveCosts([{ ...row, amount: "5.00" }, { ...row, costCodeId: unknown, amount: "6.00" }])).rejects.toMatchObject(
      new OpeningRefused("Row 2: choose an active cost code of this organization.", "lines[1].costCodeId"),
    );
    expect(await rowOf(org.costCodeId)).toMatchObject({ openingCost: "1000.01" });
  });

  it("opening cost as of a date: only entries dated on or before it", async () => {
    const asOf = (date: string) =>
      fx.as(finance, (tx) => queryRows<{ amount: string }>(tx, sql`select coalesce(sum(o.amount), 0)::numeric(14,2)::text as amount from (${openingCostAsOf(date)}) o where o.project_id = ${org.projectId}`));
    expect((await asOf("2025-02-27"))[0].amount).toBe("0.00");
    expect((await asOf("2025-02-28"))[0].amount).toBe("1000.01");
  });

  it("the WIP schedule as of a period end counts an opening cost from its as-of date, as a direct cost", async () => {
    const costOn = async (date: string) => {
      const schedule = await fx.as(finance, (tx) => wipScheduleAsOf(tx, date));
      return schedule.rows.find((r) => r.projectId === org.projectId)?.costToDate ?? null;
    };
    const [before, on] = [await costOn("2025-02-27"), await costOn("2025-02-28")];
    expect(before).not.toBeNull();
    expect(dec(on!).minus(before!).toFixed(2)).toBe("1000.01");
  });
});

describe("commitment openings", () => {
  let commitment: { commitmentId: string; lineIds: string[] };
  beforeAll(async () => {
    commitment = await fx.commitment({ retainageRate: "0.10", lines: [[org.costCodeId, "50000.00"], [org.costCodeId, "10000.00"]] });
  });

  it("the next vendor invoice bills on top of the opening: previous billed and retainage held include it exactly", async () => {
    await saveCommitmentOpenings([
      { commitmentLineId: commitment.lineIds[0], billedToDate: "20,000.10", retainageHeld: "2,000.01", asOf: "2025-01-31", note: "Pay app 4 of the old system" },
      { commitmentLineId: commitment.lineIds[1], billedToDate: "", retainageHeld: "", asOf: "", note: "" },
    ]);
    const invoice = await fx.draftAgainst(finance, commitment.commitmentId);
    await fx.bill(finance, invoice.id, [[commitment.lineIds[0], "5000.00"]]);
    const sheet = await fx.as(finance, (tx) => billingSheet(tx, invoice));
    expect(sheet.map((l) => [l.previouslyBilled, l.openingBilled, l.amount, l.retainage])).toEqual([
      ["20000.10", "20000.10", "5000.00", "500.00"],
      ["0.00", "0.00", "0.00", "0.00"],
    ]);
    // Billing past the line's value counts the opening: 20,000.10 + 30,000.00 > 50,000.00.
    await expect(fx.bill(finance, invoice.id, [[commitment.lineIds[0], "30000.00"]])).rejects.toThrow(/50,000\.10 to date, \$0\.10 over/);
    await fx.approve(invoice.id);
    expect(await fx.as(finance, (tx) => retainageSummary(tx, commitment.commitmentId))).toEqual({ held: "2500.01", released: "0.00", outstanding: "2500.01" });
  });

  it("counts once as actual cost on the line's cost code × cost type, inside committed, besides the project opening cost (no double counting)", async () => {
    const row = await rowOf(org.costCodeId);
    // committed: the commitment (60,000.00); actual: project opening 1,000.01 + commitment opening 20,000.10 + approved invoice 5,000.00
    expect(row).toMatchObject({ committed: "60000.00", openingCost: "21000.11", directCosts: "1000.01", actual: "26000.11", projectedCost: "61000.01" });
    const fresh = await fx.as(finance, (tx) =>
      queryRows<{ actual: string }>(tx, sql`select actual::text from (${figuresQuery(org.projectId)}) f where f."costCodeId" = ${org.costCodeId} and f."costTypeId" = ${org.costTypeId}`),
    );
    expect(fresh[0].actual).toBe("26000.11");
  });

  it("is not in AP aging and needs no approval", async () => {
    // AP aging holds the approved invoice only (amount due 4,500.00 and its 500.00 retainage, aged apart), nothing of the opening.
    const documents = await fx.as(finance, (tx) => apAgingDocuments(tx, { projectId: org.projectId }));
    expect(documents.map((d) => d.openAmount)).toEqual(["4500.00", "500.00"]);
    const [{ n }] = await owner`select count(*)::int as n from approval_requests where organization_id = ${org.organizationId} and document_type not in ('ap_invoice')`;
    expect(n).toBe(0);
    const [{ total }] = await owner`select coalesce(sum(total), 0)::text as total from ap_invoices where project_id = ${org.projectId}`;
    expect(total).toBe("5000.00");
  });

  it("refuses retainage above billed, billing above the line's value and lines of commitments not executed", async () => {
    expect(
      issues(commitmentOpeningsSchema.safeParse({ intent: "save-commitment-openings", lines: [{ commitmentLineId: commitment.lineIds[0], billedToDate: "10.00", retainageHeld: "10.01", asOf: "2025-01-31" }] })),
    ).toEqual(["lines.0.retainageHeld: Retainage held cannot be more than billed to date"]);
    expect(
      issues(commitmentOpeningsSchema.safeParse({ intent: "save-commitment-openings", lines: [{ commitmentLineId: commitment.lineIds[0], billedToDate: "-1.00", asOf: "2025-01-31" }] })),
    ).toEqual(["lines.0.billedToDate: The billed to date cannot be negative"]);
    await expect(saveCommitmentOpenings([{ commitmentLineId: commitment.lineIds[1], billedToDate: "10000.01", asOf: "2025-01-31" }])).rejects.toThrow(
      /line 2: billed to date \$10,000\.01 is more than the line's value of \$10,000\.00/,
    );
    const draft = await fx.commitment({ status: "draft", lines: [[org.costCodeId, "100.00"]] });
    await expect(saveCommitmentOpenings([{ commitmentLineId: draft.lineIds[0], billedToDate: "1.00", asOf: "2025-01-31" }])).rejects.toThrow(/executed commitments only/);
    const lines = await fx.as(finance, (tx: Tx) => listCommitmentOpeningLines(tx, org.projectId));
    expect(lines.find((l) => l.commitmentLineId === commitment.lineIds[0])).toMatchObject({ billedToDate: "20000.10", retainageHeld: "2000.01", billedInApp: "5000.00" });
  });
});
