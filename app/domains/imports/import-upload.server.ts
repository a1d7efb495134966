import { createReadStream } from "node:fs";
import { withTenant } from "~/utils/db.server";
import { objectStorage } from "~/utils/storage.server";
import { createImport } from "./imports.server";
import { MASTERFILE_SHEETS } from "./masterfile-spec";
import { DEFAULT_LIMITS, type UploadLimits } from "./upload-limits";
import { inspectXlsxFile, type InspectedSheet } from "./xlsx-inspection.server";

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const MAX_FILE_NAME = 200;

export type ReceivedMasterfile = { ok: true; importId: string; existing: boolean } | { ok: false; message: string };

/** The name as the user's computer called it, without any folder part or control characters, at most 200 characters. */
export function uploadFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? "";
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  if (clean.length <= MAX_FILE_NAME) return clean;
  const extension = /\.[^.]{1,10}$/.exec(clean)?.[0] ?? "";
  return clean.slice(0, MAX_FILE_NAME - extension.length) + extension;
}

function wrongTypeMessage(fileName: string): string {
  const extension = /\.([A-Za-z0-9]{1,10})$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension === "csv") return "CSV files cannot be imported: open the file in Excel, save it as an Excel Workbook (.xlsx) and upload that file.";
  if (extension === "xls") return "This is an old Excel 97–2003 file (.xls): open it in Excel, save it as an Excel Workbook (.xlsx) and upload that file.";
  return "Only Excel workbooks (.xlsx) can be imported. Download the masterfile template, fill it in and upload it.";
}

const masterfileNames = new Set(MASTERFILE_SHEETS.map((s) => s.name.trim().toLowerCase()));

/** Data rows the masterfile's sheets declare (each one's header row excluded): the progress bar's first total. */
export function masterfileRowsEstimate(sheets: InspectedSheet[]): number {
  return sheets
    .filter((s) => masterfileNames.has(s.name.trim().toLowerCase()))
    .reduce((sum, s) => sum + Math.max(0, (s.rowsEstimate ?? 0) - 1), 0);
}

/**
 * Takes an uploaded masterfile from the file it was streamed to: refuses anything that is not a safe
 * .xlsx before any parser sees it, streams it to storage (never whole in memory), then records the import (or finds the one this organization already has
 * for the same bytes). The file is stored before the transaction: its key is its SHA-256, so a
 * transaction that rolls back leaves only a file a later upload of the same bytes overwrites.
 */
export async function receiveMasterfile(
  tenant: { organizationId: string; userId?: string | null },
  input: { fileName: string; path: string; userId: string },
  limits: UploadLimits = DEFAULT_LIMITS,
): Promise<ReceivedMasterfile> {
  const fileName = uploadFileName(input.fileName);
  if (!/\.xlsx$/i.test(fileName)) return { ok: false, message: wrongTypeMessage(fileName) };
  const inspection = await inspectXlsxFile(input.path, limits);
  if (!inspection.ok) return { ok: false, message: inspection.message };

  const storageKey = `imports/${tenant.organizationId}/${inspection.sha256}.xlsx`;
  await objectStorage().put(storageKey, createReadStream(input.path), XLSX_MIME);
  const created = await withTenant(tenant, (tx) =>
    createImport(tx, {
      fileName,
      byteSize: inspection.byteSize,
      sha256: inspection.sha256,
      storageKey,
      rowsEstimate: masterfileRowsEstimate(inspection.sheets),
      userId: input.userId,
    }),
  );
  return { ok: true, importId: created.id, existing: created.existing };
}
