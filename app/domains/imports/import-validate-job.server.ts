import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { importErrorRows, importErrors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { withTenant, type Tx } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { objectStorage } from "~/utils/storage.server";
import { loadOrgKeys } from "./import-lookups.server";
import { claimImport, failImport, finishPhase, reportProgress, SupersededAttempt, type JobContext } from "./import-progress.server";
import { validateMasterfile, MasterfileRefused, type ValidationOutcome } from "./masterfile-validation.server";
import { DEFAULT_LIMITS } from "./upload-limits";
import { inspectXlsx } from "./xlsx-inspection.server";

/** Where the rows that passed validation wait for the commit. */
export const stagedKey = (organizationId: string, importId: string, sheetKey: string) => `imports/${organizationId}/${importId}/staged/${sheetKey}.csv`;

const INSERT_BATCH = 1000;

/** The validate job: parse and check the stored file, then record the results in one transaction. */
export async function runValidation(ctx: JobContext) {
  const record = await claimImport(ctx, "parsing");
  if (!record) return logger.info({ importId: ctx.importId, attempt: ctx.attempt }, "import validation skipped: attempt superseded or already validated");
  const workDir = await mkdtemp(path.join(tmpdir(), "secg-import-"));
  try {
    const bytes = await objectStorage().getBuffer(record.storageKey);
    const inspection = await inspectXlsx(bytes, DEFAULT_LIMITS); // again: the stored file is what gets parsed
    if (!inspection.ok) throw new MasterfileRefused(inspection.message);
    const org = await withTenant(ctx, loadOrgKeys);
    const outcome = await validateMasterfile({ buffer: bytes, sheets: inspection.sheets }, org, {
      workDir,
      maxRowsPerSheet: DEFAULT_LIMITS.maxRowsPerSheet,
      onProgress: (done, total) => reportProgress(ctx, done, total),
    });
    const storage = objectStorage();
    for (const [sheetKey, file] of outcome.staged) await storage.put(stagedKey(ctx.organizationId, ctx.importId, sheetKey), createReadStream(file), "text/csv");
    await withTenant(ctx, (tx) => recordValidation(tx, ctx, outcome));
  } catch (error) {
    if (error instanceof SupersededAttempt) return logger.info({ importId: ctx.importId }, error.message);
    // a refusal is the user's to fix (info); anything else is ours (warn)
    logger[error instanceof MasterfileRefused ? "info" : "warn"]({ err: error, importId: ctx.importId }, "import validation failed");
    await failImport(ctx, "parsing", error instanceof MasterfileRefused ? error.message : `The file could not be read: ${(error as Error).message}`);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

async function recordValidation(tx: Tx, ctx: JobContext, outcome: ValidationOutcome) {
  await tx.delete(importErrors).where(eq(importErrors.importId, ctx.importId));
  await tx.delete(importErrorRows).where(eq(importErrorRows.importId, ctx.importId));
  const organizationId = sql`${currentOrganizationId}`;
  // positions: the outcome's order (root causes first), which the page and the error workbook read back
  for (let i = 0; i < outcome.problems.length; i += INSERT_BATCH) {
    await tx.insert(importErrors).values(
      outcome.problems.slice(i, i + INSERT_BATCH).map((p, at) => ({
        organizationId,
        importId: ctx.importId,
        sheet: p.sheet,
        rowNumber: p.rowNumber,
        column: p.column,
        value: p.value?.slice(0, 500) ?? null,
        message: p.message,
        position: i + at,
        causeSheet: p.cause?.sheet ?? null,
        causeRow: p.cause?.row ?? null,
      })),
    );
  }
  for (let i = 0; i < outcome.errorRows.length; i += INSERT_BATCH) {
    await tx
      .insert(importErrorRows)
      .values(outcome.errorRows.slice(i, i + INSERT_BATCH).map((r, at) => ({ organizationId, importId: ctx.importId, sheet: r.sheet, rowNumber: r.rowNumber, cells: r.cells, position: i + at })));
  }
  await finishPhase(tx, ctx, "parsing", {
    status: "validated",
    summary: outcome.summary,
    errorCount: outcome.problemCount,
    progressDone: outcome.progressTotal,
    progressTotal: outcome.progressTotal,
    validatedAt: sql`now()`,
  });
}
