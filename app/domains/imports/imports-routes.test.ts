import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import ExcelJS from "exceljs";
import { zipSync, unzipSync, type Zippable } from "fflate";
import { createElement, Fragment } from "react";
import { renderToString } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import yauzl from "yauzl";
import { objectStorage } from "~/utils/storage.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { callRoute, signIn, type SignedIn } from "../../../tests/support/route-requests";
import { masterfileRowsEstimate, uploadFileName } from "./import-upload.server";
import { confirmLabel, ImportProgress, RefreshWithoutScript, SheetCountsTable } from "./import-view";
import { masterfileSheet } from "./masterfile-spec";
import { loader as errorsLoader } from "./routes/import-errors-export";
import { action as newAction, loader as newLoader } from "./routes/import-new";
import { action as importAction, loader as importLoader } from "./routes/import";
import { loader as listLoader } from "./routes/imports";
import { loader as exportLoader } from "./routes/imports-export";
import { inspectXlsx } from "./xlsx-inspection.server";
import type { SqlClient } from "@db/sql-client";

const MB = 1024 * 1024;
const projects = masterfileSheet("projects");
const headers = projects.columns.map((c) => c.header);

let owner: SqlClient;
let organizationId: string;
let admin: SignedIn;
let field: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  owner = ownerConnection();
  const account = await newAccount("imports-routes");
  organizationId = account.organizationId;
  admin = await signIn(account.email, { organizationId });
  const fieldAccount = await newAccount("imports-routes-field");
  await owner`insert into memberships (organization_id, user_id, role) values (${organizationId}, ${fieldAccount.userId}, 'field')`;
  field = await signIn(fieldAccount.email, { organizationId });
  const other = await newAccount("imports-routes-other");
  stranger = await signIn(other.email, { organizationId: other.organizationId });
});
afterAll(() => owner.end());

let serial = 0;
/** A small masterfile: a Projects sheet with the spec's header row and `count` projects (unique per call, so unique bytes). */
async function masterfile(count = 2): Promise<Buffer> {
  serial += 1;
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(projects.name);
  sheet.addRow(headers);
  for (let i = 1; i <= count; i++) sheet.addRow([`IMP-${serial}-${i}`, `Imported tower ${serial}.${i}`]);
  return Buffer.from(await book.xlsx.writeBuffer());
}

const xlsxFile = (bytes: Buffer | Uint8Array, name = "masterfile.xlsx") => new File([new Uint8Array(bytes)], name);
const upload = (user: SignedIn, file: File) => callRoute(newAction, user.postMultipart("/imports/new", { file }));

const importCount = async () => (await owner`select count(*)::int as n from imports where organization_id = ${organizationId}`)[0].n as number;
const importRow = async (id: string) => (await owner`select * from imports where id = ${id}`)[0];
const jobCount = async (task: string, importId: string) =>
  (
    await owner`select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
      where t.identifier = ${task} and j.payload->>'importId' = ${importId}`
  )[0].n as number;
const idFrom = (location: string | null) => {
  const match = /^\/imports\/([0-9a-f-]{36})(\?again=1)?$/.exec(location ?? "");
  if (!match) throw new Error(`unexpected redirect ${location}`);
  return match[1];
};

async function uploadedImport() {
  const out = await upload(admin, xlsxFile(await masterfile()));
  expect(out.status).toBe(303);
  return idFrom(out.location);
}

type PageData = Awaited<ReturnType<typeof importLoader>>;
const importPage = async (id: string, search = "", user = admin) => {
  const out = await callRoute(importLoader, user.get(`/imports/${id}${search}`), { importId: id });
  expect(out.status).toBe(200);
  return out.data as PageData;
};
const post = (id: string, fields: Record<string, string>) => callRoute(importAction, admin.post(`/imports/${id}`, fields), { importId: id });

async function readWorkbook(response: unknown) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await (response as Response).arrayBuffer());
  return book;
}

describe("uploading a masterfile", () => {
  it("stores the file, records a queued import with its row estimate and queues its validation", async () => {
    expect((await callRoute(newLoader, admin.get("/imports/new"))).status).toBe(200);
    const before = await importCount();
    const bytes = await masterfile();
    const out = await upload(admin, xlsxFile(bytes, "C:\\Users\\pm\\Desktop\\Riverside masterfile.xlsx"));
    expect(out.status).toBe(303);
    const id = idFrom(out.location);
    expect(out.location).toBe(`/imports/${id}`);
    expect(await importCount()).toBe(before + 1);

    const row = await importRow(id);
    expect(row).toMatchObject({ status: "queued", file_name: "Riverside masterfile.xlsx", progress_total: 2, attempt: 1, organization_id: organizationId });
    expect(Number(row.byte_size)).toBe(bytes.length);
    expect(row.storage_key).toBe(`imports/${organizationId}/${row.sha256}.xlsx`);
    expect(await objectStorage().exists(row.storage_key)).toBe(true);
    expect((await objectStorage().getBuffer(row.storage_key)).equals(bytes)).toBe(true);
    expect(await jobCount("imports__validate", id)).toBe(1);
    // Tests keep stored files in their scratch directory, never in the checkout.
    expect(objectStorage().description).not.toContain(path.resolve(".data"));
  });

  it("points a second upload of the same bytes at the first import", async () => {
    const bytes = await masterfile();
    const first = await upload(admin, xlsxFile(bytes, "first.xlsx"));
    const id = idFrom(first.location);
    const before = await importCount();
    const again = await upload(admin, xlsxFile(bytes, "renamed copy.xlsx"));
    expect(again.status).toBe(303);
    expect(again.location).toBe(`/imports/${id}?again=1`);
    expect(await importCount()).toBe(before);
    expect(await jobCount("imports__validate", id)).toBe(1);
    expect((await importRow(id)).file_name).toBe("first.xlsx");
    expect((await importPage(id, "?again=1")).uploadedAgain).toBe(true);
    expect((await importPage(id)).uploadedAgain).toBe(false);
  });

  it("refuses what is not a safe .xlsx with a clear message, storing nothing in the database", async () => {
    const before = await importCount();
    const refusal = async (file: File) => {
      const out = await upload(admin, file);
      expect(out.status).toBe(400);
      return (out.data as { message: string }).message;
    };
    expect(await refusal(new File(["Job number,Name\nJ-1,Tower\n"], "projects.csv"))).toMatch(/CSV files cannot be imported/);
    expect(await refusal(new File(["not a zip at all, just text"], "projects.xlsx"))).toMatch(/\.xlsx|Excel/);
    const xls = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)]);
    expect(await refusal(xlsxFile(xls, "legacy.xlsx"))).toMatch(/xls/i);
    // 20 MB of zeros deflate to about 20 KB: a zip bomb dressed as the Projects sheet of a genuine workbook.
    const parts = unzipSync(await masterfile());
    parts["xl/worksheets/sheet1.xml"] = new Uint8Array(20 * MB);
    const bomb = Buffer.from(zipSync(parts as Zippable, { level: 9 }));
    expect(bomb.length).toBeLessThan(1 * MB);
    expect(await refusal(xlsxFile(bomb, "bomb.xlsx"))).toMatch(/unzip|expand|compress/i);
    expect(await refusal(new File([], "empty.xlsx"))).toMatch(/Choose the masterfile/);
    expect((await callRoute(newAction, admin.postMultipart("/imports/new", {}))).status).toBe(400);
    expect(await refusal(xlsxFile(Buffer.alloc(21 * MB), "huge.xlsx"))).toMatch(/larger than 20 MB/);
    expect(await importCount()).toBe(before);
  });

  it("streams a multi-MB workbook from the request to storage, never holding it whole, and leaves no temp file", async () => {
    // A genuine workbook carrying 6 MB of incompressible media, stored (not deflated): 6 MB on the wire.
    const parts = unzipSync(await masterfile());
    parts["xl/media/photo.bin"] = randomBytes(6 * MB);
    const bytes = Buffer.from(zipSync(parts as Zippable, { level: 0 }));
    expect(bytes.length).toBeGreaterThan(6 * MB);
    const storage = objectStorage();
    const put = vi.spyOn(storage, "put");
    const readWhole = vi.spyOn(Blob.prototype, "arrayBuffer");
    const zipInMemory = vi.spyOn(yauzl, "fromBufferPromise");
    const zipFromDisk = vi.spyOn(yauzl, "openPromise");
    const scratch = await mkdtemp(path.join(tmpdir(), "secg-upload-test-"));
    const tmp = process.env.TMPDIR;
    process.env.TMPDIR = scratch; // os.tmpdir() reads it on each call: the upload's temp folder lands here
    try {
      const out = await upload(admin, xlsxFile(bytes, "large.xlsx"));
      expect(out.status).toBe(303);
      expect(readWhole).not.toHaveBeenCalled();
      expect(zipInMemory).not.toHaveBeenCalled();
      expect(zipFromDisk).toHaveBeenCalledTimes(1); // the spies do see the app's calls into yauzl
      expect(put).toHaveBeenCalledTimes(1);
      expect(put.mock.calls[0][1]).toBeInstanceOf(Readable);
      const row = await importRow(idFrom(out.location));
      expect(row.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      expect(Number(row.byte_size)).toBe(bytes.length);
      const stored = createHash("sha256");
      await pipeline(await storage.getStream(row.storage_key), stored);
      expect(stored.digest("hex")).toBe(row.sha256);

      expect((await upload(admin, new File(["not a zip at all, just text"], "projects.xlsx"))).status).toBe(400);
      expect((await upload(admin, xlsxFile(Buffer.alloc(21 * MB), "huge.xlsx"))).status).toBe(400);
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      if (tmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = tmp;
      for (const spy of [put, readWhole, zipInMemory, zipFromDisk]) spy.mockRestore();
      await rm(scratch, { recursive: true, force: true });
    }
  });

  it("keeps the base name of the file, at most 200 characters with its extension", () => {
    expect(uploadFileName("/home/pm/../masterfile.xlsx")).toBe("masterfile.xlsx");
    expect(uploadFileName("a\u0000b\u001f.xlsx")).toBe("ab.xlsx");
    const long = uploadFileName(`${"x".repeat(300)}.xlsx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith(".xlsx")).toBe(true);
  });

  it("estimates rows from the masterfile's sheets only, without their header rows", () => {
    const sheet = (name: string, rowsEstimate?: number) => ({ name, path: "", rowsEstimate, uncompressedBytes: 0 });
    expect(masterfileRowsEstimate([sheet(" projects ", 11), sheet("Vendors", 1), sheet("README", 40), sheet("Cost Codes"), sheet("Leads", 0)])).toBe(10);
  });
});

describe("who may import", () => {
  it("refuses members without imports:run (403) and hides other organizations' imports (404)", async () => {
    const id = await uploadedImport();
    expect((await callRoute(newLoader, field.get("/imports/new"))).status).toBe(403);
    expect((await upload(field, xlsxFile(await masterfile()))).status).toBe(403);
    expect((await callRoute(listLoader, field.get("/imports"))).status).toBe(403);
    expect((await callRoute(importLoader, field.get(`/imports/${id}`), { importId: id })).status).toBe(403);
    expect((await callRoute(errorsLoader, field.get(`/imports/${id}/errors.xlsx`), { importId: id })).status).toBe(403);

    expect((await callRoute(importLoader, stranger.get(`/imports/${id}`), { importId: id })).status).toBe(404);
    expect((await callRoute(errorsLoader, stranger.get(`/imports/${id}/errors.xlsx`), { importId: id })).status).toBe(404);
    expect((await callRoute(importAction, stranger.post(`/imports/${id}`, { intent: "retry", version: "1" }), { importId: id })).status).toBe(404);
    expect((await callRoute(importLoader, admin.get("/imports/not-a-uuid"), { importId: "not-a-uuid" })).status).toBe(404);
    expect((await callRoute(errorsLoader, admin.get("/imports/nope/errors.xlsx"), { importId: "nope" })).status).toBe(404);
    const list = await callRoute(listLoader, stranger.get("/imports"));
    expect((list.data as { page: { rows: unknown[] } }).page.rows).toHaveLength(0);
  });
});

describe("the import page", () => {
  it("shows a queued import with its progress, refreshing itself while it runs", async () => {
    const id = await uploadedImport();
    const data = await importPage(id);
    expect(data.record).toMatchObject({ id, status: "queued", running: true, stuck: false, progressDone: 0, progressTotal: 2, version: 1 });
    expect(data.record.uploadedBy).toBeTruthy();
    expect(data.errors).toBeNull();
    const html = renderToString(
      createElement(Fragment, null, createElement(RefreshWithoutScript), createElement(ImportProgress, { status: "queued", done: 0, total: 2 })),
    );
    expect(html).toContain('<noscript><meta http-equiv="refresh" content="2"/></noscript>');
    expect(html).toMatch(/<progress[^>]*value="0"[^>]*max="2"/);
    expect(html).toContain("0 of 2 rows");
  });

  it("refuses to commit an import that is not validated (409, with the reason)", async () => {
    const id = await uploadedImport();
    const out = await post(id, { intent: "confirm", version: "1" });
    expect(out.status).toBe(409);
    expect(out.formErrors).toEqual(["Only a validated import can be committed; this one is queued."]);
    expect((await post(id, { intent: "explode", version: "1" })).status).toBe(400);
    expect((await importRow(id)).status).toBe("queued");
  });

  it("previews a validated import, pages its errors, exports the rows in error, and commits on confirm", async () => {
    const id = await uploadedImport();
    const columns = projects.columns.map((c) => c.key);
    await owner`update imports set status = 'validated', version = 2, error_count = 152, summary = ${({
      projects: { rows: 5, create: 2, update: 1, error: 2, columns },
      vendors: { rows: 1, create: 1, update: 0, error: 0, columns: ["name"] },
    })} where id = ${id}`;
    const cells = (job: string, name: string | null, start: string | number) => [job, name, "Client", null, "active", null, start, null, 0.1];
    await owner`insert into import_error_rows (organization_id, import_id, sheet, row_number, cells) values
      (${organizationId}, ${id}, 'projects', 3, ${JSON.stringify(cells("J-3", null, "2026-01-05"))}),
      (${organizationId}, ${id}, 'projects', 6, ${JSON.stringify(cells("=HYPERLINK(1)", "Depot", "-1,234.50"))})`;
    await owner`insert into import_errors (organization_id, import_id, sheet, row_number, "column", value, message) values
      (${organizationId}, ${id}, 'projects', null, null, null, 'The sheet has no column "Name"'),
      (${organizationId}, ${id}, 'projects', 3, 'name', '', 'Required: this cell cannot be empty'),
      (${organizationId}, ${id}, 'projects', 6, 'startDate', '-1,234.50', 'Not a date'),
      (${organizationId}, ${id}, 'projects', 6, null, null, 'Duplicate job number')`;
    await owner`insert into import_errors (organization_id, import_id, sheet, row_number, "column", value, message)
      select ${organizationId}, ${id}, 'vendors', 100 + n, 'name', 'v' || n, 'Extra problem ' || n from generate_series(1, 148) n`;

    const data = await importPage(id);
    expect(data.record).toMatchObject({ status: "validated", running: false, validRows: 4, errorRows: 2 });
    expect(data.sheets.map((s) => [s.name, s.rows, s.create, s.update, s.error])).toEqual([
      ["Projects", 5, 2, 1, 2],
      ["Vendors", 1, 1, 0, 0],
    ]);
    expect(data.errors).toMatchObject({ total: 152, page: 1, pages: 2 });
    expect(data.errors!.rows).toHaveLength(100);
    expect(data.errors!.rows[0]).toMatchObject({ sheet: "Projects", rowNumber: null, column: null, message: 'The sheet has no column "Name"' });
    expect(data.errors!.rows[1]).toMatchObject({ sheet: "Projects", rowNumber: 3, column: "Name", value: "" });
    expect((await importPage(id, "?page=2")).errors!.rows).toHaveLength(52);
    expect((await importPage(id, "?page=99")).errors).toMatchObject({ page: 2 });
    expect((await importPage(id, "?page=abc")).errors).toMatchObject({ page: 1 });
    expect(confirmLabel(data.record.validRows, data.record.errorRows)).toBe("Import 4 valid rows, skip 2 rows with errors");
    expect(confirmLabel(1, 0)).toBe("Import 1 row");
    expect(renderToString(createElement(SheetCountsTable, { sheets: data.sheets }))).toMatch(/Total<\/th><td[^>]*>6<\/td>/);

    const out = await callRoute(errorsLoader, admin.get(`/imports/${id}/errors.xlsx`), { importId: id });
    expect(out.status).toBe(200);
    const response = out.data as Response;
    expect(response.headers.get("Content-Type")).toContain("spreadsheetml");
    const bytes = Buffer.from(await response.clone().arrayBuffer());
    const book = await readWorkbook(response);
    expect(book.worksheets.map((w) => w.name)).toEqual(["Projects"]);
    const sheet = book.getWorksheet("Projects")!;
    expect(sheet.getRow(1).values).toEqual([undefined, ...headers, "Errors", "Because of"]);
    expect(sheet.rowCount).toBe(3);
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(row(2).slice(0, 3)).toEqual(["J-3", undefined, "Client"]);
    expect(row(2)[6]).toBe("2026-01-05");
    expect(row(2)[8]).toBe(0.1);
    expect(row(2)[headers.length]).toBe("Name: Required: this cell cannot be empty");
    expect(row(2)[headers.length + 1] ?? null).toBeNull(); // a root cause: nothing in "Because of"
    // Formula-like text is neutralized; a number typed as text stays as typed, so the fixed file parses.
    expect(row(3)[0]).toBe("'=HYPERLINK(1)");
    expect(row(3)[6]).toBe("-1,234.50");
    expect(row(3)[headers.length]).toBe("Start date: Not a date; Duplicate job number");
    // The file goes through the upload checks again, as a new import.
    expect((await inspectXlsx(bytes)).ok).toBe(true);
    const reupload = await upload(admin, xlsxFile(bytes, "masterfile-errors.xlsx"));
    expect(reupload.status).toBe(303);
    expect(idFrom(reupload.location)).not.toBe(id);

    expect((await post(id, { intent: "confirm", version: "1" })).status).toBe(409);
    const confirmed = await post(id, { intent: "confirm", version: "2" });
    expect(confirmed.status).toBe(303);
    expect(confirmed.location).toBe(`/imports/${id}`);
    expect(await importRow(id)).toMatchObject({ status: "committing", version: 3, progress_total: 4 });
    expect(await jobCount("imports__commit", id)).toBe(1);
    expect((await importPage(id)).record.running).toBe(true);
  });

  it("shows what a done import wrote", async () => {
    const id = await uploadedImport();
    await owner`update imports set status = 'done', finished_at = now(), summary = ${({ projects: { rows: 2, create: 2, update: 0, error: 0, columns: ["jobNumber", "name"] } })},
      committed_counts = ${({ vendors: { created: 1, updated: 2 }, projects: { created: 2, updated: 0 } })} where id = ${id}`;
    const data = await importPage(id);
    expect(data.record).toMatchObject({ status: "done", running: false });
    expect(data.committed).toEqual([
      { key: "projects", name: "Projects", created: 2, updated: 0 },
      { key: "vendors", name: "Vendors", created: 1, updated: 2 },
    ]);
    expect(data.errors).toMatchObject({ total: 0 });
  });

  it("retries a failed import under a new attempt", async () => {
    const id = await uploadedImport();
    await owner`update imports set status = 'failed', failed_phase = 'parsing', failure_message = 'The Projects sheet could not be read', version = 2 where id = ${id}`;
    const data = await importPage(id);
    expect(data.record).toMatchObject({ status: "failed", running: false, failureMessage: "The Projects sheet could not be read" });
    expect((await post(id, { intent: "retry", version: "1" })).status).toBe(409);
    const out = await post(id, { intent: "retry", version: "2" });
    expect(out.status).toBe(303);
    expect(await importRow(id)).toMatchObject({ status: "queued", attempt: 2, failure_message: null });
    expect(await jobCount("imports__validate", id)).toBe(2);
    expect((await post(id, { intent: "retry", version: "3" })).formErrors).toEqual(["Only a failed import can be retried; this one is queued."]);
  });

  it("detects an import whose worker died and re-queues it", async () => {
    const id = await uploadedImport();
    await owner`update imports set status = 'parsing', worker_id = 'worker-that-is-gone', heartbeat_at = now() - interval '1 hour', version = 2 where id = ${id}`;
    const data = await importPage(id);
    expect(data.record).toMatchObject({ status: "parsing", stuck: true, running: false });
    const out = await post(id, { intent: "requeue", version: "2" });
    expect(out.status).toBe(303);
    expect(await importRow(id)).toMatchObject({ status: "queued", attempt: 2, worker_id: null });
    expect(await jobCount("imports__validate", id)).toBe(2);
    // A running import with a live worker is not stuck and cannot be re-queued.
    await owner`update imports set status = 'parsing', worker_id = 'live-worker', heartbeat_at = now() where id = ${id}`;
    await owner`insert into worker_heartbeats (worker_id, hostname, pid, seen_at) values ('live-worker', 'test-host', 1, now()) on conflict (worker_id) do update set seen_at = now()`;
    const live = await importPage(id);
    expect(live.record).toMatchObject({ stuck: false, running: true });
    expect((await post(id, { intent: "requeue", version: String(live.record.version) })).status).toBe(409);
  });
});

describe("the import history", () => {
  it("lists the organization's imports with who uploaded them, filters by status and exports the list", async () => {
    const id = await uploadedImport();
    await owner`update imports set summary = ${({ projects: { rows: 7, create: 5, update: 1, error: 1, columns: [] } })}, error_count = 3 where id = ${id}`;
    const list = await callRoute(listLoader, admin.get("/imports?f.status=queued&size=100"));
    expect(list.status).toBe(200);
    const rows = (list.data as { page: { rows: Record<string, unknown>[] } }).page.rows;
    const row = rows.find((r) => r.href === `/imports/${id}`);
    expect(row).toMatchObject({ status: "queued", rows: "7", errors: "3", created: null, updated: null, committedAt: null });
    expect(String(row!.uploadedBy)).toMatch(/Test imports-routes/);
    expect(rows.every((r) => r.status === "queued")).toBe(true);
    const parsing = await uploadedImport();
    await owner`update imports set status = 'parsing' where id = ${parsing}`;
    const validating = await callRoute(listLoader, admin.get("/imports?f.status=validating"));
    const validatingRows = (validating.data as { page: { rows: Record<string, unknown>[] } }).page.rows;
    expect(validatingRows.map((r) => r.href)).toContain(`/imports/${parsing}`);
    expect(validatingRows.every((r) => r.status === "validating")).toBe(true);

    const out = await callRoute(exportLoader, admin.get("/imports/export.xlsx?f.status=queued"));
    expect(out.status).toBe(200);
    const sheet = (await readWorkbook(out.data)).worksheets[0];
    expect(sheet.getRow(1).getCell(2).value).toBe("File");
    const fileNames: unknown[] = [];
    sheet.eachRow((r, n) => n > 1 && fileNames.push(r.getCell(2).value));
    expect(fileNames).toContain((await importRow(id)).file_name);
    expect(fileNames.length).toBe(rows.length);
  });
});
