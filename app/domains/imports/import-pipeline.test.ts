import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, tenantOf, type FinanceOrganization } from "~/domains/approvals/test-fixtures";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import { ownerConnection } from "../../../tests/support/connections";
import { runCommit } from "./import-commit-job.server";
import { loadOrgKeys } from "./import-lookups.server";
import { runValidation } from "./import-validate-job.server";
import { validateMasterfile } from "./masterfile-validation.server";
import { inspectXlsx } from "./xlsx-inspection.server";
import { confirmImport, getImport, listImportErrors, requeueImport, retryImport } from "./imports.server";
import { confirmAndCommit, headerOf, importWorkbook, runJob, uploadMasterfile, validateUpload, workbookBuffer, type Sheets } from "./test-imports";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let other: FinanceOrganization;
const who = () => tenantOf(org, org.owner);

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "imp");
  other = await financeOrganization(owner, "imp-other");
});
afterAll(async () => {
  await owner.end();
});

const job = "MF-100";
const fullFile = (suffix = "", note = "This sheet is ignored"): Sheets => ({
  README: [[note]],
  Projects: [
    [...headerOf("projects"), "Our internal note"],
    [job, `Harbor Point Lofts${suffix}`, "Harbor Point LLC", "12 Dock St", "Active", "GMP", new Date(Date.UTC(2026, 2, 2)), "2027-01-29", "10%", "ignored"],
    [],
    ["MF-101", "  Elm Street Clinic  ", "", "", "", "", 46100, "", "", ""],
  ],
  "Cost Codes": [headerOf("costCodes"), ["03-4000", "Precast concrete", "03"], ["26", "Electrical", ""], ["26-0500", "Common work results", "26"]],
  Vendors: [headerOf("vendors"), ["Bayline Electric Inc", "Sam Reyes", "sam@bayline.example", "(555) 010-2000", "91-1234567", "12/31/2026", "Yes", "No"]],
  Commitments: [headerOf("commitments"), [job, "SC-900", "Bayline Electric Inc", "Subcontract", "Electrical rough-in", 0.05]],
  "Commitment Lines": [
    headerOf("commitmentLines"),
    [job, "SC-900", 1, "26-0500", "S", "Rough-in", "$120,000.50"],
    [job, "SC-900", 2, "26-0500", "M", "Fixtures", 45000],
  ],
  "Budget Lines": [
    headerOf("budgetLines"),
    [job, "03-4000", "S", "Precast panels", "1234.5"],
    [job, "26-0500", "S", "", 150000],
    ["MF-101", "03-3000", "L", "Slab", "$1,234.50"],
  ],
  Schedule: [headerOf("milestones"), [job, "Topping out", "2026-09-15", "", "Crane leaves after"]],
  Leads: [headerOf("leads"), ["Northside school", "District 9", "Bid board", "Proposal", "2,450,000", "40%", "6/30/2026"]],
});

async function tableState(organizationId: string) {
  const [state] = await owner`
    select (select count(*)::int from projects where organization_id = ${organizationId}) as projects,
      (select count(*)::int from cost_codes where organization_id = ${organizationId}) as cost_codes,
      (select count(*)::int from vendors where organization_id = ${organizationId}) as vendors,
      (select count(*)::int from commitments where organization_id = ${organizationId}) as commitments,
      (select count(*)::int from commitment_lines where organization_id = ${organizationId}) as commitment_lines,
      (select count(*)::int from budget_lines where organization_id = ${organizationId}) as budget_lines,
      (select count(*)::int from project_milestones where organization_id = ${organizationId}) as milestones,
      (select count(*)::int from leads where organization_id = ${organizationId}) as leads,
      (select md5(string_agg(concat_ws('|', p.job_number, p.name, p.client_name, p.status, p.contract_type, p.start_date, p.end_date, p.default_retainage_rate,
        b.original_amount, b.description), ',' order by p.job_number, b.original_amount))
        from projects p left join budget_lines b on b.project_id = p.id where p.organization_id = ${organizationId}) as hash`;
  return state;
}

describe("a complete masterfile", () => {
  it("validates every sheet (extra columns, README and empty rows ignored; values trimmed) and commits it in one go", async () => {
    const before = await tableState(org.organizationId);
    const { id } = await uploadMasterfile(who(), await workbookBuffer(fullFile()));
    const validated = await validateUpload(who(), id);
    expect(validated.failureMessage).toBeNull();
    expect(validated.status).toBe("validated");
    expect(validated.errorCount).toBe(0);
    expect(validated.summary.projects).toEqual({ rows: 2, create: 2, update: 0, error: 0, columns: headerOf("projects").map((_, i) => ["jobNumber", "name", "clientName", "address", "status", "contractType", "startDate", "endDate", "defaultRetainagePercent"][i]) });
    expect(validated.summary.costCodes).toMatchObject({ rows: 3, create: 2, update: 1 }); // division 26 comes with every new organization
    expect(validated.summary.commitmentLines).toMatchObject({ rows: 2, create: 2 });
    expect(validated.summary.budgetLines).toMatchObject({ rows: 3, create: 3 });
    expect((await tableState(org.organizationId)).projects).toBe(before.projects); // nothing written before the user confirms

    const done = await confirmAndCommit(who(), id);
    expect(done.failureMessage).toBeNull();
    expect(done.status).toBe("done");
    expect(done.committedCounts).toMatchObject({ projects: { created: 2, updated: 0 }, vendors: { created: 1, updated: 0 }, leads: { created: 1, updated: 0 } });
    const [project] = await owner`select name, status, contract_type, start_date::text, end_date::text, default_retainage_rate::text from projects
      where organization_id = ${org.organizationId} and job_number = ${job}`;
    expect(project).toEqual({ name: "Harbor Point Lofts", status: "active", contract_type: "gmp", start_date: "2026-03-02", end_date: "2027-01-29", default_retainage_rate: "0.100000" });
    const [clinic] = await owner`select name, start_date::text, status from projects where organization_id = ${org.organizationId} and job_number = 'MF-101'`;
    expect(clinic).toEqual({ name: "Elm Street Clinic", start_date: "2026-03-19", status: "bidding" });
    const amounts = await owner`select cc.code, b.original_amount::text from budget_lines b join cost_codes cc on cc.id = b.cost_code_id
      join projects p on p.id = b.project_id where p.organization_id = ${org.organizationId} and p.job_number in (${job}, 'MF-101') order by 1`;
    expect(amounts).toEqual([{ code: "03-3000", original_amount: "1234.50" }, { code: "03-4000", original_amount: "1234.50" }, { code: "26-0500", original_amount: "150000.00" }]);
    const [division] = await owner`select p.code from cost_codes c join cost_codes p on p.id = c.parent_id where c.organization_id = ${org.organizationId} and c.code = '26-0500'`;
    expect(division.code).toBe("26");
    const [commitment] = await owner`select c.status, v.name, (select sum(amount)::text from commitment_lines where commitment_id = c.id) as total
      from commitments c join vendors v on v.id = c.vendor_id where c.organization_id = ${org.organizationId} and c.number = 'SC-900'`;
    expect(commitment).toEqual({ status: "draft", name: "Bayline Electric Inc", total: "165000.50" });
    const [lead] = await owner`select stage, source, estimated_value::text, probability::text, expected_close::text from leads where organization_id = ${org.organizationId}`;
    expect(lead).toEqual({ stage: "proposal", source: "bid_board", estimated_value: "2450000.00", probability: "0.400000", expected_close: "2026-06-30" });
    const audit = await owner`select action, after from audit_events where organization_id = ${org.organizationId} and entity_type = 'import' and entity_id = ${id} order by occurred_at, id`;
    expect(audit.map((a) => a.action)).toEqual(["upload", "confirm", "commit"]);
    expect(audit[2].after.counts.budgetLines).toEqual({ created: 3, updated: 0 });
    // The job then recomputed the budget figures of the imported project in progress (the WIP
    // schedule reads them), not those of the bidding one.
    const figures = await owner`select p.status, s.cached_version = s.source_version as current,
        (select sum(original) from budget_figure_rows r where r.project_id = p.id) = (select sum(original_amount) from budget_lines b where b.project_id = p.id) as ties
      from projects p left join budget_figure_state s on s.project_id = p.id
      where p.organization_id = ${org.organizationId} and p.job_number in (${job}, 'MF-101') order by p.job_number = 'MF-101'`;
    expect(figures).toEqual([
      { status: "active", current: true, ties: true },
      { status: "bidding", current: false, ties: null }, // marked stale by the import, left for its first reader
    ]);
  });

  it("the same bytes again point at the same import; a changed file updates by natural key, never duplicates", async () => {
    // the same rows in other bytes (exceljs stamps the time in seconds: same-second files are identical)
    const again = await uploadMasterfile(who(), await workbookBuffer(fullFile("", "A second copy of the same rows")));
    const first = await owner`select id from imports where organization_id = ${org.organizationId} order by created_at limit 1`;
    // exceljs stamps the creation time into the file, so rebuild the identical bytes from storage instead
    const stored = await owner`select storage_key from imports where id = ${first[0].id}`;
    const bytes = await objectStorage().getBuffer(stored[0].storage_key);
    expect((await uploadMasterfile(who(), bytes, "copy.xlsx")).existing).toBe(true);
    expect((await uploadMasterfile(who(), bytes, "copy.xlsx")).id).toBe(first[0].id);

    const before = await tableState(org.organizationId);
    const validated = await validateUpload(who(), again.id);
    expect(validated.summary.projects).toMatchObject({ create: 0, update: 2 });
    expect(validated.summary.budgetLines).toMatchObject({ create: 0, update: 3 });
    const done = await confirmAndCommit(who(), again.id);
    expect(done.status).toBe("done");
    expect(await tableState(org.organizationId)).toEqual(before);

    const renamed = await importWorkbook(who(), fullFile(" (phase 2)"));
    expect(renamed.committedCounts?.projects).toEqual({ created: 0, updated: 2 });
    const after = await tableState(org.organizationId);
    expect({ ...after, hash: null }).toEqual({ ...before, hash: null });
    expect(after.hash).not.toBe(before.hash);
    const [row] = await owner`select name from projects where organization_id = ${org.organizationId} and job_number = ${job}`;
    expect(row.name).toBe("Harbor Point Lofts (phase 2)");
  });

  it("rows land only in the importing organization, and its import is invisible to another", async () => {
    const mine = await owner`select id from imports where organization_id = ${org.organizationId} limit 1`;
    expect(await withTenant(tenantOf(other, other.owner), (tx) => getImport(tx, mine[0].id))).toBeNull();
    const [leak] = await owner`select count(*)::int as n from projects where organization_id = ${other.organizationId} and job_number like 'MF-%'`;
    expect(leak.n).toBe(0);
  });
});

async function errorsOf(sheets: Sheets) {
  const { id } = await uploadMasterfile(who(), await workbookBuffer(sheets));
  const record = await validateUpload(who(), id);
  const { rows } = await withTenant(who(), (tx) => listImportErrors(tx, id, { offset: 0, limit: 500 }));
  return { record, errors: rows.map((e) => ({ sheet: e.sheet, row: e.rowNumber, column: e.column, value: e.value, message: e.message })) };
}

describe("validation collects every problem of the file, by sheet, row and column", () => {
  it("money and date forms: accepted ones pass, each rejection names the cell", async () => {
    const { record, errors } = await errorsOf({
      Projects: [
        headerOf("projects"),
        ["V-1", "Serial date", "", "", "", "", 46100, "3/15/27"],
        ["V-2", "Bad date", "", "", "", "", "2026-02-30"],
        ["V-3", "Backwards", "", "", "", "", "2026-05-01", "2026-04-01"],
      ],
      "Budget Lines": [
        headerOf("budgetLines"),
        ["V-1", "03-3000", "L", "", "(1,234.50)"],
        ["V-1", "03-3000", "M", "", "12,34.5x"],
        ["V-1", "03-3000", "S", "", "10.005"],
        ["V-1", "09", "L", "", 99.99],
      ],
    });
    expect(record.summary.projects).toMatchObject({ rows: 3, create: 1, error: 2 });
    expect(record.summary.budgetLines).toMatchObject({ rows: 4, create: 1, error: 3 });
    // sheets in dependency order: Projects before the sheets that name its job numbers
    expect(errors).toEqual([
      expect.objectContaining({ sheet: "Projects", row: 3, column: "Start date", value: "2026-02-30" }),
      expect.objectContaining({ sheet: "Projects", row: 4, column: "End date", message: "The end date is before the start date (2026-05-01)" }),
      expect.objectContaining({ sheet: "Budget Lines", row: 2, column: "Original amount", value: "(1,234.50)" }),
      expect.objectContaining({ sheet: "Budget Lines", row: 3, column: "Original amount", value: "12,34.5x" }),
      expect.objectContaining({ sheet: "Budget Lines", row: 4, column: "Original amount", value: "10.005" }),
    ]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
  });

  it("duplicate natural keys, unknown references, an executed commitment and a locked budget are row errors", async () => {
    await owner`update projects set budget_locked_at = now() where id = ${org.projectId}`;
    const lockedJob = `J-imp`;
    const { errors, record } = await errorsOf({
      Projects: [headerOf("projects"), ["D-1", "First"], ["D-1", "Second"]],
      Vendors: [headerOf("vendors"), ["Only Vendor"]],
      Commitments: [headerOf("commitments"), ["D-1", "SC-1", "Nobody Inc", "Subcontract", "Work"], [lockedJob, "SC-001", "Only Vendor", "Subcontract", "Executed one"]],
      "Commitment Lines": [headerOf("commitmentLines"), ["D-1", "SC-1", 1, "03-3000", "L", "", 10]],
      "Budget Lines": [headerOf("budgetLines"), ["D-9", "03-3000", "L", "", 1], ["D-1", "99-9999", "ZZ", "", 1], [lockedJob, "03-3000", "L", "", 5]],
    });
    await owner`update projects set budget_locked_at = null where id = ${org.projectId}`;
    const text = errors.map((e) => `${e.sheet}:${e.row}:${e.column}:${e.message}`);
    expect(text).toEqual(
      expect.arrayContaining([
        "Projects:3:Job number:Duplicate job number D-1: already on row 2",
        expect.stringMatching(/^Commitments:2:Vendor:Unknown vendor Nobody Inc/),
        expect.stringMatching(/^Commitments:3:Commitment number:Commitment SC-001 on job J-imp is executed/),
        "Commitment Lines:2:Commitment number:Commitment SC-1 on job D-1 was refused on the Commitments sheet", // because of Commitments row 2
        expect.stringMatching(/^Budget Lines:2:Job number:Unknown job number D-9/),
        expect.stringMatching(/^Budget Lines:3:Cost code:Unknown cost code 99-9999/),
        expect.stringMatching(/^Budget Lines:3:Cost type:Unknown cost type ZZ/),
        expect.stringMatching(/^Budget Lines:4:Job number:The budget of job J-imp is locked/),
      ]),
    );
    expect(record.summary.projects).toMatchObject({ create: 1, error: 1 });
    expect(record.errorCount).toBe(errors.length);
  });

  it("a sheet without a required column is refused whole; other sheets still validate; a missing sheet is fine", async () => {
    const { record, errors } = await errorsOf({
      Projects: [["Job number", "Client"], ["N-1", "Someone"]],
      Vendors: [headerOf("vendors"), ["Lone Vendor LLC"], [" "], []],
    });
    expect(errors).toEqual([{ sheet: "Projects", row: null, column: "Name", value: null, message: 'The sheet has no "Name" column, which is required: the sheet was not imported' }]);
    expect(record.summary.projects).toBeUndefined();
    expect(record.summary.vendors).toMatchObject({ rows: 1, create: 1, error: 0 });
  });

  it("a workbook with none of the masterfile sheets fails with a message", async () => {
    const { record } = await errorsOf({ Sheet1: [["a", "b"], [1, 2]] });
    expect(record.status).toBe("failed");
    expect(record.failureMessage).toMatch(/none of the masterfile sheets/);
  });

  it("stores the cells of rows in error, to download and fix", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Projects: [headerOf("projects"), ["E-1", "", "Client"], ["E-1", "Dup"], ["E-1", "Dup again"]] }));
    await validateUpload(who(), id);
    const rows = await owner`select row_number, cells from import_error_rows where import_id = ${id} order by row_number`;
    expect(rows.map((r) => [r.row_number, r.cells.slice(0, 3)])).toEqual([
      [2, ["E-1", null, "Client"]],
      [4, ["E-1", "Dup again", null]],
    ]);
  });
});

describe("job control", () => {
  it("a job of a superseded attempt does nothing; a failed import can be retried", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Vendors: [headerOf("vendors"), ["Retry Vendor"]] }));
    await owner`update imports set worker_id = 'dead-worker', heartbeat_at = now() - interval '1 hour', status = 'parsing' where id = ${id}`;
    const stuck = await withTenant(who(), (tx) => getImport(tx, id));
    expect(stuck?.stuck).toBe(true);
    await withTenant(who(), (tx) => requeueImport(tx, { id, version: stuck!.version, userId: who().userId }));
    await runValidation(runJob.jobContext(who(), id, 1)); // the dead worker's job, come back to life
    expect((await withTenant(who(), (tx) => getImport(tx, id)))!.status).toBe("queued");
    const validated = await validateUpload(who(), id);
    expect(validated).toMatchObject({ status: "validated", attempt: 2 });

    await withTenant(who(), (tx) => confirmImport(tx, { id, version: validated.version, userId: who().userId }));
    const key = `imports/${org.organizationId}/${id}/staged/vendors.csv`;
    await objectStorage().delete(key);
    await runCommit(runJob.jobContext(who(), id, 2));
    const failed = (await withTenant(who(), (tx) => getImport(tx, id)))!;
    expect(failed).toMatchObject({ status: "failed", failedPhase: "committing" });
    expect(failed.failureMessage).toMatch(/nothing was imported/);
    const retried = await withTenant(who(), (tx) => retryImport(tx, { id, version: failed.version, userId: who().userId }));
    expect(retried).toMatchObject({ status: "committing", attempt: 3 });
    const [queued] = await owner`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'imports__commit' and payload->>'importId' = ${id} and (payload->>'attempt')::int = 3`;
    expect(queued.n).toBe(1);
  });

  it("an import whose worker still beats is not stuck, however long its current statement takes", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Vendors: [headerOf("vendors"), ["Slow Vendor"]] }));
    await owner`insert into worker_heartbeats (worker_id, hostname, pid, seen_at) values ('busy-worker', 'host', 1, now())`;
    await owner`update imports set worker_id = 'busy-worker', heartbeat_at = now() - interval '1 hour', status = 'committing' where id = ${id}`;
    expect((await withTenant(who(), (tx) => getImport(tx, id)))?.stuck).toBe(false);
    await owner`update worker_heartbeats set seen_at = now() - interval '1 hour' where worker_id = 'busy-worker'`;
    await owner`insert into worker_heartbeats (worker_id, hostname, pid, seen_at) values ('another-live-worker', 'host', 2, now())`;
    expect((await withTenant(who(), (tx) => getImport(tx, id)))?.stuck).toBe(true); // another worker's beat does not count
  });

  it("the row limit holds while streaming, whatever the sheet's dimension claims", async () => {
    const bytes = await workbookBuffer({ Leads: [headerOf("leads"), ...Array.from({ length: 6 }, (_, i) => [`Lead ${i}`, "Co"])] });
    const inspection = await inspectXlsx(bytes);
    if (!inspection.ok) throw new Error(inspection.message);
    const scratch = await mkdtemp(path.join(tmpdir(), "secg-limit-"));
    const validating = validateMasterfile({ buffer: bytes, sheets: inspection.sheets }, await withTenant(who(), loadOrgKeys), { workDir: scratch, maxRowsPerSheet: 5, onProgress: async () => {} });
    await expect(validating).rejects.toThrow("The Leads sheet has more than 5 rows; split it into several files.");
    await rm(scratch, { recursive: true, force: true });
  });

  it("two jobs of one attempt (a worker and a direct call): one validates, the other stands aside; two commits write once", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Vendors: [headerOf("vendors"), ["Twice Vendor", "", "bad-email"], ["Once Vendor"]] }));
    await Promise.all([runValidation(runJob.jobContext(who(), id, 1)), runValidation(runJob.jobContext(who(), id, 1))]);
    const validated = (await withTenant(who(), (tx) => getImport(tx, id)))!;
    expect(validated).toMatchObject({ status: "validated", errorCount: 1 });
    const [stored] = await owner`select count(*)::int as n from import_error_rows where import_id = ${id}`;
    expect(stored.n).toBe(1);
    await withTenant(who(), (tx) => confirmImport(tx, { id, version: validated.version, userId: who().userId }));
    await Promise.all([runCommit(runJob.jobContext(who(), id, 1)), runCommit(runJob.jobContext(who(), id, 1))]);
    expect((await withTenant(who(), (tx) => getImport(tx, id)))!.status).toBe("done");
    const audits = await owner`select count(*)::int as n from audit_events where entity_id = ${id} and action = 'commit'`;
    expect(audits[0].n).toBe(1);
  });

  it("a running import cannot be re-queued, confirmed twice or retried", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Vendors: [headerOf("vendors"), ["Busy Vendor"]] }));
    const record = (await withTenant(who(), (tx) => getImport(tx, id)))!;
    await expect(withTenant(who(), (tx) => requeueImport(tx, { id, version: record.version, userId: who().userId }))).rejects.toThrow(/still running/);
    await expect(withTenant(who(), (tx) => confirmImport(tx, { id, version: record.version, userId: who().userId }))).rejects.toThrow(/Only a validated import/);
    await expect(withTenant(who(), (tx) => retryImport(tx, { id, version: record.version, userId: who().userId }))).rejects.toThrow(/Only a failed import/);
  });

  it("a commit refused because a project was locked after validation writes nothing", async () => {
    const { id } = await uploadMasterfile(who(), await workbookBuffer({ Projects: [headerOf("projects"), ["L-1", "Late lock"]], "Budget Lines": [headerOf("budgetLines"), ["L-1", "03-3000", "L", "", 10], ["J-imp", "03-3000", "M", "", 20]] }));
    const validated = await validateUpload(who(), id);
    expect(validated.errorCount).toBe(0);
    await owner`update projects set budget_locked_at = now() where id = ${org.projectId}`;
    const failed = await confirmAndCommit(who(), id);
    await owner`update projects set budget_locked_at = null where id = ${org.projectId}`;
    expect(failed.status).toBe("failed");
    expect(failed.failureMessage).toMatch(/^Budget Lines: 1 of 2 rows no longer match/);
    const [none] = await owner`select count(*)::int as n from projects where organization_id = ${org.organizationId} and job_number = 'L-1'`;
    expect(none.n).toBe(0);
  });
});
