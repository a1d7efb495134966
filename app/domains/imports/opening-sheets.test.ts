import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { budgetFigures } from "~/domains/budgets/figures.server";
import { billingSheet } from "~/domains/payables/commitment-billing.server";
import { withTenant } from "~/utils/db.server";
import type { SqlClient } from "@db/sql-client";
import { ownerConnection } from "../../../tests/support/connections";
import type { OrgKeys } from "./import-lookups.server";
import { validateMasterfile } from "./masterfile-validation.server";
import { headerOf, importWorkbook, workbookBuffer, type Sheets } from "./test-imports";
import { DEFAULT_LIMITS } from "./upload-limits";
import { inspectXlsx } from "./xlsx-inspection.server";

// The Opening Costs and Commitment Openings sheets (ADR 0014) through validate → preview → commit.

let owner: SqlClient;
let org: FinanceOrganization;
let workDir: string;
beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "open-imp");
  workDir = await mkdtemp(path.join(tmpdir(), "secg-opening-sheets-"));
});
afterAll(async () => {
  await owner.end();
  await rm(workDir, { recursive: true, force: true });
});

const noKeys = (): OrgKeys => ({
  projects: new Map(),
  costCodes: new Map(),
  costTypes: new Set(["L", "S"]),
  vendorNames: new Set(),
  vendorTaxIds: new Set(),
  commitments: new Map(),
  budgetLines: new Set(),
  commitmentLines: new Set(),
  milestones: new Set(),
  leads: new Set(),
  openingCosts: new Set(),
  commitmentOpenings: new Set(),
  contracts: new Map(),
  sovLines: new Set(),
});

async function validate(sheets: Sheets) {
  const buffer = await workbookBuffer(sheets);
  const inspection = await inspectXlsx(buffer, DEFAULT_LIMITS);
  if (!inspection.ok) throw new Error(inspection.message);
  return validateMasterfile({ buffer, sheets: inspection.sheets }, noKeys(), { workDir, maxRowsPerSheet: 1000, onProgress: async () => {} });
}

describe("validation", () => {
  it("refuses unknown cost codes, negative or zero amounts, duplicate cost code × cost type rows, retainage above billed and missing commitment lines", async () => {
    const outcome = await validate({
      Projects: [headerOf("projects"), ["OP-1", "Job under way"]],
      "Cost Codes": [headerOf("costCodes"), ["03", "Concrete", ""]],
      Vendors: [headerOf("vendors"), ["V One"]],
      Commitments: [headerOf("commitments"), ["OP-1", "SC-1", "V One", "Subcontract", "Work"]],
      "Commitment Lines": [headerOf("commitmentLines"), ["OP-1", "SC-1", 1, "03", "S", "", 1000]],
      "Opening Costs": [
        headerOf("openingCosts"),
        ["OP-1", "03", "L", "1,234.56", "2026-01-31", "Payroll"],
        ["OP-1", "99-9999", "L", 10, "2026-01-31"],
        ["OP-1", "03", "S", -5, "2026-01-31"],
        ["OP-1", "03", "S", 0, "2026-01-31"],
        ["OP-1", "03", "L", 7, "2026-01-31"],
      ],
      "Commitment Openings": [
        headerOf("commitmentOpenings"),
        ["OP-1", "SC-1", 1, "400.00", "40.00", "2026-01-31"],
        ["OP-1", "SC-1", 2, "100.00", "", "2026-01-31"],
        ["OP-2", "SC-1", 3, "100.00", "100.01", "2026-01-31"],
      ],
    });
    const seen = outcome.problems.filter((p) => p.sheet.includes("Open")).map((p) => [p.sheet, p.rowNumber, p.column, p.message]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ["Opening Costs", 3, "Cost code", "Unknown cost code 99-9999: it is not on the Cost Codes sheet (without errors) or in the system"],
        ["Opening Costs", 4, "Amount", "The amount cannot be negative"],
        ["Opening Costs", 5, "Amount", "The amount must be greater than zero"],
        ["Opening Costs", 6, "Cost type", "Duplicate job number + cost code + cost type OP-1 / 03 / L: already on row 2"],
        ["Commitment Openings", 3, "Line number", "Commitment SC-1 on job OP-1 has no line 2: it is not on the Commitment Lines sheet (without errors) or in the system"],
        ["Commitment Openings", 4, "Retainage held", "Retainage held cannot be more than billed to date (100.00)"],
      ]),
    );
    expect(seen).toHaveLength(6);
    expect(outcome.summary.openingCosts).toMatchObject({ rows: 5, create: 1, error: 4 });
    expect(outcome.summary.commitmentOpenings).toMatchObject({ rows: 3, create: 1, error: 2 });
  });
});

describe("commit", () => {
  it("writes opening costs and the opening of an executed commitment's line: actual cost and the next invoice's previous billed, to the cent; a second import updates them", async () => {
    const [line] = await owner`insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, amount)
      values (${org.organizationId}, ${org.commitmentId}, 1, ${org.costCodeId}, ${org.costTypeId}, '90000.00') returning id`;
    const job = `J-open-imp`;
    const file = (amount: string): Sheets => ({
      "Opening Costs": [headerOf("openingCosts"), [job, "09", "TST", amount, "2026-01-31", "Ledger at cut-over"]],
      "Commitment Openings": [headerOf("commitmentOpenings"), [job, "SC-001", 1, "30,000.30", "3,000.03", "2026-01-31", "Pay app 2"]],
    });
    const done = await importWorkbook(tenantOf(org, org.owner), file("12,345.67"));
    expect(done.failureMessage).toBeNull();
    expect(done.committedCounts).toMatchObject({ openingCosts: { created: 1, updated: 0 }, commitmentOpenings: { created: 1, updated: 0 } });
    const figures = (costCodeId: string) => withTenant(tenantOf(org, org.owner), (tx) => budgetFigures(tx, org.projectId, { costCodeId, costTypeId: org.costTypeId }));
    expect((await figures(org.otherCostCodeId))[0]).toMatchObject({ openingCost: "12345.67", directCosts: "12345.67", actual: "12345.67" });
    expect((await figures(org.costCodeId))[0]).toMatchObject({ committed: "90000.00", openingCost: "30000.30", actual: "30000.30" });
    const invoice = { id: "00000000-0000-4000-8000-000000000000", commitmentId: org.commitmentId };
    const sheet = await withTenant(tenantOf(org, org.owner), (tx) => billingSheet(tx, invoice));
    expect(sheet.find((l) => l.commitmentLineId === line.id)?.previouslyBilled).toBe("30000.30");

    const again = await importWorkbook(tenantOf(org, org.owner), file("12,000.00"));
    expect(again.committedCounts).toMatchObject({ openingCosts: { created: 0, updated: 1 }, commitmentOpenings: { created: 0, updated: 1 } });
    expect((await figures(org.otherCostCodeId))[0]).toMatchObject({ openingCost: "12000.00", actual: "12000.00" });
  });
});
