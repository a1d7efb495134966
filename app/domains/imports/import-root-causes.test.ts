import ExcelJS from "exceljs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { ImportErrorsTable, ProblemGroupsTable } from "./import-problems-view";
import { loader as errorsLoader } from "./routes/import-errors-export";
import { loader as importLoader } from "./routes/import";
import { headerOf, uploadMasterfile, validateUpload, workbookBuffer, type Sheets } from "./test-imports";
import type { SqlClient } from "@db/sql-client";

/**
 * A file with a few deliberate mistakes and thousands of rows that fail only because of them: the
 * import page and the error workbook lead with the causes, name them on the rows that follow from
 * them, and the progress bar has its final total from its first write.
 */

let owner: SqlClient;
let org: FinanceOrganization;
let admin: SignedIn;

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "rootcause");
  admin = await signIn(org.owner.email, { organizationId: org.organizationId });
  // Every write to an import, as the page would have seen it (this test file has its own database).
  await owner.unsafe(`
    create table test_import_writes (id bigserial primary key, import_id uuid, status text, done int, total int);
    create function test_log_import_write() returns trigger language plpgsql security definer set search_path = public as $$
      begin insert into test_import_writes (import_id, status, done, total) values (new.id, new.status, new.progress_done, new.progress_total); return new; end $$;
    create trigger test_import_writes after update on imports for each row execute function test_log_import_write();`);
});
afterAll(() => owner.end());

const CODES = 700;
const code = (i: number) => `03-${5000 + i}`;
const line = (job: string, i: number, amount: unknown = 100) => [job, code(i), "L", "", amount];

/**
 * 4 mistakes: two projects with a status the app does not know (rows 3 and 5), one ending before it
 * starts (row 6), one budget amount that is not an amount. Everything naming those 3 projects fails
 * because of them: 3 × 700 budget lines, a commitment, and its 3 lines (which also name the commitment).
 */
const mistakes = (): Sheets => ({
  Projects: [
    headerOf("projects"),
    ["RC-1", "Good one"],
    ["RC-2", "Paused one", "", "", "Paused"],
    ["RC-3", "Unused"],
    ["RC-4", "Paused too", "", "", "Paused"],
    ["RC-5", "Backwards", "", "", "", "", "2026-05-01", "2026-04-01"],
  ],
  "Cost Codes": [headerOf("costCodes"), ...Array.from({ length: CODES }, (_, i) => [code(i), `Item ${i}`, "03"])],
  "Budget Lines": [
    headerOf("budgetLines"),
    ...Array.from({ length: CODES }, (_, i) => line("RC-1", i, i === 10 ? "12,34.5x" : 100)), // rows 2-701; row 12 bad
    ...["RC-2", "RC-4", "RC-5"].flatMap((job) => Array.from({ length: CODES }, (_, i) => line(job, i))), // rows 702-2801
  ],
  Vendors: [headerOf("vendors"), ["Root Cause Supply"]],
  Commitments: [headerOf("commitments"), ["RC-2", "SC-1", "Root Cause Supply", "Subcontract", "Work"]],
  "Commitment Lines": [headerOf("commitmentLines"), ...[1, 2, 3].map((n) => ["RC-2", "SC-1", n, code(n), "L", "", 10])],
});
const DATA_ROWS = 5 + CODES + 4 * CODES + 1 + 1 + 3;
const PROBLEMS = 2 + 1 + 1 + 1 + 3 * CODES + 3 + 3;

let importId: string;
beforeAll(async () => {
  const { id } = await uploadMasterfile(tenantOf(org, org.owner), await workbookBuffer(mistakes()));
  importId = id;
  const validated = await validateUpload(tenantOf(org, org.owner), id);
  expect(validated.status).toBe("validated");
}, 120_000);

type PageData = Awaited<ReturnType<typeof importLoader>>;
const importPage = async (search = "") => {
  const out = await callRoute(importLoader, admin.get(`/imports/${importId}${search}`), { importId });
  expect(out.status).toBe(200);
  return out.data as PageData;
};

describe("an import with a few root causes and thousands of rows that follow from them", () => {
  it("summarizes the problems by kind with exact counts, root causes first, the others marked with their cause", async () => {
    const { errors, record } = await importPage();
    expect(record.errorRows).toBe(3 + 1 + 3 * CODES + 1 + 3);
    expect(errors).toMatchObject({ total: PROBLEMS, page: 1, pages: Math.ceil(PROBLEMS / 100), groupCount: 9 });
    const groups = errors!.groups.map((g) => [g.sheet, g.column, g.message.replace(/: .*/, ""), g.becauseOf, g.problems, g.firstRow]);
    expect(groups).toEqual([
      ["Projects", "Status", "Choose one of", null, 2, 3],
      ["Projects", "End date", "The end date is before the start date (2026-05-01)", null, 1, 6],
      ["Budget Lines", "Original amount", expect.stringMatching(/^Enter /), null, 1, 12],
      ["Commitments", "Job number", "Job number RC-2 was refused on the Projects sheet", "Projects row 3", 1, 2],
      ["Budget Lines", "Job number", "Job number RC-2 was refused on the Projects sheet", "Projects row 3", CODES, 702],
      ["Budget Lines", "Job number", "Job number RC-4 was refused on the Projects sheet", "Projects row 5", CODES, 702 + CODES],
      ["Budget Lines", "Job number", "Job number RC-5 was refused on the Projects sheet", "Projects row 6", CODES, 702 + 2 * CODES],
      ["Commitment Lines", "Job number", "Job number RC-2 was refused on the Projects sheet", "Projects row 3", 3, 2],
      ["Commitment Lines", "Commitment number", "Commitment SC-1 on job RC-2 was refused on the Commitments sheet", "Commitments row 2", 3, 2],
    ]);
    expect(errors!.groups.reduce((n, g) => n + g.problems, 0)).toBe(PROBLEMS);
    const html = renderToString(createElement(ProblemGroupsTable, { errors: errors! }));
    expect(html).toContain("9 kinds of problem");
    expect(html).toMatch(/Job number RC-4 was refused on the Projects sheet<span[^>]*>because of <!-- -->Projects row 5<\/span>/);
  });

  it("lists every problem in the same order, a page at a time: the causes on page 1, the last dependants on the last page", async () => {
    const first = (await importPage()).errors!;
    expect(first.rows.slice(0, 5).map((e) => [e.sheet, e.rowNumber, e.column, e.becauseOf])).toEqual([
      ["Projects", 3, "Status", null],
      ["Projects", 5, "Status", null],
      ["Projects", 6, "End date", null],
      ["Budget Lines", 12, "Original amount", null],
      ["Commitments", 2, "Job number", "Projects row 3"],
    ]);
    expect(first.rows[5]).toMatchObject({ sheet: "Budget Lines", rowNumber: 702, becauseOf: "Projects row 3" });
    expect(renderToString(createElement(ImportErrorsTable, { errors: first, pathname: `/imports/${importId}` }))).toContain("because of <!-- -->Projects row 3");
    const last = (await importPage(`?page=${first.pages}`)).errors!;
    expect(last.rows.slice(-3).map((e) => [e.sheet, e.rowNumber, e.column, e.becauseOf])).toEqual([
      ["Commitment Lines", 2, "Commitment number", "Commitments row 2"],
      ["Commitment Lines", 3, "Commitment number", "Commitments row 2"],
      ["Commitment Lines", 4, "Commitment number", "Commitments row 2"],
    ]);
  });

  it("gives the rows in error in the same order in the error workbook, with a Because of column", async () => {
    const out = await callRoute(errorsLoader, admin.get(`/imports/${importId}/errors.xlsx`), { importId });
    expect(out.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await (out.data as Response).arrayBuffer());
    expect(book.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ["Projects", 1 + 3],
      ["Budget Lines", 1 + 1 + 3 * CODES],
      ["Commitments", 1 + 1],
      ["Commitment Lines", 1 + 3],
    ]);
    const rows = (name: string) => {
      const sheet = book.getWorksheet(name)!;
      const header = (sheet.getRow(1).values as unknown[]).slice(1);
      const at = (title: string) => header.indexOf(title);
      return Array.from({ length: sheet.rowCount - 1 }, (_, i) => {
        const values = (sheet.getRow(i + 2).values as unknown[]).slice(1);
        return { key: values[0], errors: values[at("Errors")], becauseOf: values[at("Because of")] ?? null };
      });
    };
    expect(rows("Projects").map((r) => [r.key, r.becauseOf])).toEqual([["RC-2", null], ["RC-4", null], ["RC-5", null]]);
    const budget = rows("Budget Lines");
    expect(budget[0]).toMatchObject({ key: "RC-1", becauseOf: null });
    expect(budget[0].errors).toMatch(/^Original amount: Enter an amount/);
    expect(budget.slice(1).map((r) => r.becauseOf)).toEqual([
      ...Array(CODES).fill("Projects row 3"),
      ...Array(CODES).fill("Projects row 5"),
      ...Array(CODES).fill("Projects row 6"),
    ]);
    expect(budget[1].errors).toBe("Job number: Job number RC-2 was refused on the Projects sheet");
    expect(rows("Commitments")).toEqual([{ key: "RC-2", errors: "Job number: Job number RC-2 was refused on the Projects sheet", becauseOf: "Projects row 3" }]);
    expect(rows("Commitment Lines").map((r) => r.becauseOf)).toEqual(Array(3).fill("Projects row 3; Commitments row 2"));
  });

  it("shows the progress total it ends with from its first progress write", async () => {
    const writes = await owner`select status, done, total from test_import_writes where import_id = ${importId} order by id`;
    const parsing = writes.filter((w) => w.status === "parsing");
    // the claim (done 0 and the upload's estimate, none here), then the job's progress writes
    expect(parsing[0]).toEqual({ status: "parsing", done: 0, total: 0 });
    expect(parsing.slice(1).map((w) => [w.done, w.total])).toEqual([
      [0, DATA_ROWS],
      [2000, DATA_ROWS],
      [DATA_ROWS, DATA_ROWS],
    ]);
    expect(writes.at(-1)).toEqual({ status: "validated", done: DATA_ROWS, total: DATA_ROWS });
  });
});
