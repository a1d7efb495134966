import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { parseCell } from "./cell-parsers";
import { MASTERFILE_SHEETS, README_SHEET_NAME } from "./masterfile-spec";
import { buildMasterfileTemplate, VALIDATED_ROWS } from "./masterfile-template.server";
import { loader } from "./routes/masterfile-template";
import { financeOrganization } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, useDevelopmentCookies } from "../../../tests/support/route-requests";

async function readBack(buffer: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

const rowValues = (row: ExcelJS.Row, width: number) => Array.from({ length: width }, (_, i) => row.getCell(i + 1).value);

describe("masterfile template", () => {
  let workbook: ExcelJS.Workbook;
  beforeAll(async () => {
    workbook = await readBack(await buildMasterfileTemplate());
  });

  it("has the README first, then one sheet per entity in the spec's order", () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "README",
      "Projects",
      "Cost Codes",
      "Budget Lines",
      "Vendors",
      "Commitments",
      "Commitment Lines",
      "Schedule",
      "Leads",
      "Prime Contracts",
      "Contract Lines",
      "Opening Positions",
      "Opening Billing",
      "Opening Costs",
      "Commitment Openings",
    ]);
  });

  it("gives every sheet the spec's headers, bold and frozen, and exactly one example row", () => {
    for (const spec of MASTERFILE_SHEETS) {
      const sheet = workbook.getWorksheet(spec.name)!;
      expect(rowValues(sheet.getRow(1), spec.columns.length + 1)).toEqual([...spec.columns.map((c) => c.header), null]);
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
      expect(sheet.actualRowCount).toBe(2);
    }
  });

  it("explains every column in the README", () => {
    const readme = workbook.getWorksheet(README_SHEET_NAME)!;
    expect(rowValues(readme.getRow(1), 7)).toEqual(["Sheet", "Column", "Required", "Type", "Allowed values", "Natural key", "Help"]);
    const rows = readme.getRows(2, readme.rowCount - 1)!.map((r) => rowValues(r, 7));
    const expected = MASTERFILE_SHEETS.flatMap((s) => s.columns.map((c) => [s.name, c.header, c.required ? "Yes" : "No"]));
    expect(rows.map((r) => r.slice(0, 3))).toEqual(expected);
    const status = rows.find((r) => r[0] === "Projects" && r[1] === "Status")!;
    expect(status[4]).toBe("Bidding, Active, On hold, Closed");
    expect(rows.find((r) => r[0] === "Budget Lines" && r[1] === "Cost type")![4]).toBe("L (Labor), M (Material), S (Subcontract), E (Equipment), O (Other)");
    expect(rows.filter((r) => r[0] === "Budget Lines" && r[5] === "Yes").map((r) => r[1])).toEqual(["Job number", "Cost code", "Cost type"]);
    expect(rows.find((r) => r[0] === "Vendors" && r[1] === "Tax id")![5]).toBe("Also");
    for (const row of rows) expect(String(row[6]).length).toBeGreaterThan(5);
  });

  it("puts dropdown lists with the spec's choices on enum columns, down to the last validated row", () => {
    const projects = workbook.getWorksheet("Projects")!;
    const statusColumn = MASTERFILE_SHEETS[0].columns.findIndex((c) => c.key === "status") + 1;
    for (const row of [2, VALIDATED_ROWS + 1]) {
      expect(projects.getCell(row, statusColumn).dataValidation).toMatchObject({
        type: "list",
        allowBlank: true,
        formulae: ['"Bidding,Active,On hold,Closed"'],
      });
    }
    const leads = workbook.getWorksheet("Leads")!;
    expect(leads.getCell("D2").dataValidation).toMatchObject({ type: "list", formulae: ['"Prospect,Qualified,Proposal,Negotiation,Won,Lost"'] });
    const commitmentType = workbook.getWorksheet("Commitments")!.getCell("D3").dataValidation;
    expect(commitmentType).toMatchObject({ type: "list", formulae: ['"Subcontract,Purchase order"'] });
    expect(commitmentType.allowBlank).toBeFalsy(); // a required column
  });

  it("writes money, dates and percents as real formatted cells", () => {
    const projects = workbook.getWorksheet("Projects")!;
    expect(projects.getCell("G2").value).toEqual(new Date(Date.UTC(2026, 2, 2)));
    expect(projects.getCell("G2").numFmt).toBe("yyyy-mm-dd");
    expect(projects.getCell("I2").value).toBe(0.1);
    expect(projects.getCell("I2").numFmt).toBe("0.00%");
    const budget = workbook.getWorksheet("Budget Lines")!;
    expect(budget.getCell("E2").value).toBe(185000);
    expect(budget.getCell("E2").numFmt).toContain("#,##0.00");
  });

  it("has examples that parse cleanly back to the spec's example values", () => {
    for (const spec of MASTERFILE_SHEETS) {
      const row = workbook.getWorksheet(spec.name)!.getRow(2);
      const parsed = Object.fromEntries(
        spec.columns.map((c, i) => {
          const result = parseCell(c, row.getCell(i + 1).value);
          if (!result.ok) throw new Error(`${spec.name} ${c.header}: ${result.message}`);
          return [c.key, result.value];
        }),
      );
      const expected = Object.fromEntries(spec.columns.map((c) => [c.key, spec.example[c.key] ?? c.defaultValue ?? null]));
      expect(parsed, spec.name).toEqual(expected);
    }
  });

  it("offers the organization's own cost types and uses one of them in the examples", async () => {
    const custom = await readBack(await buildMasterfileTemplate({ costTypes: [{ code: "LAB", name: "Labour" }, { code: "SUB", name: "Subs" }] }));
    const budget = custom.getWorksheet("Budget Lines")!;
    expect(budget.getCell("C2").value).toBe("LAB");
    expect(budget.getCell("C2").dataValidation).toMatchObject({ type: "list", formulae: ['"LAB,SUB"'] });
  });
});

describe("GET /imports/templates/masterfile.xlsx", () => {
  useDevelopmentCookies();

  it("sends finance the template with the organization's cost types, and refuses a field user", async () => {
    const owner = ownerConnection();
    try {
      const org = await financeOrganization(owner, "template-route");
      const finance = await org.addMember("finance");
      const field = await org.addMember("field");
      const allowed = await callRoute(loader, (await signIn(finance.email, { organizationId: org.organizationId })).get("/imports/templates/masterfile.xlsx"), {});
      expect(allowed.status).toBe(200);
      const response = allowed.data as Response;
      expect(response.headers.get("content-type")).toContain("spreadsheetml");
      expect(response.headers.get("content-disposition")).toContain("secg-masterfile-template.xlsx");
      const sent = await readBack(Buffer.from(await response.arrayBuffer()));
      expect(sent.worksheets[0].name).toBe(README_SHEET_NAME);
      // The cost type dropdown lists the organization's own cost types (the fixture adds TST).
      const costTypeList = sent.getWorksheet("Budget Lines")!.getCell("C2").dataValidation;
      expect(costTypeList.type).toBe("list");
      expect(costTypeList.formulae?.[0]).toContain("TST");

      const refused = await callRoute(loader, (await signIn(field.email, { organizationId: org.organizationId })).get("/imports/templates/masterfile.xlsx"), {});
      expect(refused.status).toBe(403);
    } finally {
      await owner.end();
    }
  });
});
