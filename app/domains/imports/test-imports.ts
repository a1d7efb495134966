/**
 * Test setup for imports: workbooks built with exceljs from plain rows, and the pipeline driven
 * the way the jobs drive it (upload → validate job → confirm → commit job), under RLS.
 */
import { createHash } from "node:crypto";
import ExcelJS from "exceljs";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import { runCommit } from "./import-commit-job.server";
import { runValidation } from "./import-validate-job.server";
import { confirmImport, createImport, getImport } from "./imports.server";
import { masterfileSheet, type SheetKey } from "./masterfile-spec";

export type Sheets = Record<string, unknown[][]>;

/** A workbook whose sheets hold exactly these rows (first row: the header). */
export async function workbookBuffer(sheets: Sheets): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    for (const row of rows) sheet.addRow(row);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The spec's header row of a sheet. */
export const headerOf = (key: SheetKey) => masterfileSheet(key).columns.map((c) => c.header);

type Who = { organizationId: string; userId: string };

export async function uploadMasterfile(who: Who, bytes: Buffer, fileName = "masterfile.xlsx") {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const storageKey = `imports/${who.organizationId}/${sha256}.xlsx`;
  await objectStorage().put(storageKey, bytes);
  return withTenant(who, (tx) => createImport(tx, { fileName, byteSize: bytes.length, sha256, storageKey, rowsEstimate: 0, userId: who.userId }));
}

const jobContext = (who: Who, importId: string, attempt: number) => ({ organizationId: who.organizationId, importId, attempt, workerId: "test-worker", requestId: "test" });

export async function validateUpload(who: Who, importId: string) {
  const record = await withTenant(who, (tx) => getImport(tx, importId));
  await runValidation(jobContext(who, importId, record!.attempt));
  return (await withTenant(who, (tx) => getImport(tx, importId)))!;
}

export async function confirmAndCommit(who: Who, importId: string) {
  const record = await withTenant(who, (tx) => getImport(tx, importId));
  await withTenant(who, (tx) => confirmImport(tx, { id: importId, version: record!.version, userId: who.userId }));
  await runCommit(jobContext(who, importId, record!.attempt));
  return (await withTenant(who, (tx) => getImport(tx, importId)))!;
}

/** Upload, validate, confirm and commit; the import as it ends. */
export async function importWorkbook(who: Who, sheets: Sheets) {
  const { id } = await uploadMasterfile(who, await workbookBuffer(sheets));
  const validated = await validateUpload(who, id);
  if (validated.status !== "validated") return validated;
  return confirmAndCommit(who, id);
}

export const runJob = { jobContext };
