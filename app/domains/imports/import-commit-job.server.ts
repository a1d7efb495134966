import { eq, sql } from "drizzle-orm";
import { imports } from "@db/schema";
import { warmWipFigures } from "~/domains/wip/wip.server";
import { notifyImportOutcome } from "~/domains/notifications/producers.server";
import { recordAudit } from "~/utils/audit.server";
import { withTenant } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { objectStorage } from "~/utils/storage.server";
import { claimImport, failImport, finishPhase, reportProgress, SupersededAttempt, type JobContext } from "./import-progress.server";
import { stagedKey } from "./import-validate-job.server";
import { commitMasterfile, CommitRefused } from "./masterfile-commit.server";

/**
 * The commit job: every validated row in one transaction (all or nothing), the import marked done
 * and audited in that same transaction. A crash leaves nothing half-written; the re-queued attempt
 * upserts the same rows by natural key, so the end state equals one clean run. Once committed, the
 * job recomputes the budget figures the import made stale (the WIP schedule reads them all).
 */
export async function runCommit(ctx: JobContext) {
  const record = await claimImport(ctx, "committing");
  if (!record) return logger.info({ importId: ctx.importId, attempt: ctx.attempt }, "import commit skipped: attempt superseded or already done");
  const storage = objectStorage();
  try {
    await withTenant(ctx, async (tx) => {
      // One commit per import at a time, even if a superseded job is still alive somewhere.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`import:${ctx.importId}`}, 0))`);
      const [current] = await tx.select({ status: imports.status, attempt: imports.attempt }).from(imports).where(eq(imports.id, ctx.importId));
      if (current?.status !== "committing" || current.attempt !== ctx.attempt) throw new SupersededAttempt(ctx); // the other one finished it
      const counts = await commitMasterfile(tx, {
        summary: record.summary,
        openStaged: (sheet) => storage.getStream(stagedKey(ctx.organizationId, ctx.importId, sheet)),
        onProgress: (rows) => reportProgress(ctx, rows),
      });
      const done = await finishPhase(tx, ctx, "committing", { status: "done", committedCounts: counts, finishedAt: sql`now()` });
      await recordAudit(tx, { entityType: "import", entityId: ctx.importId, action: "commit", after: { fileName: done.fileName, sha256: done.sha256, attempt: ctx.attempt, counts } });
      await notifyImportOutcome(tx, ctx.importId, "finished");
    });
  } catch (error) {
    if (error instanceof SupersededAttempt) return logger.info({ importId: ctx.importId }, error.message);
    // a refusal is the user's to fix (info); anything else is ours (warn)
    logger[error instanceof CommitRefused ? "info" : "warn"]({ err: error, importId: ctx.importId }, "import commit failed");
    return failImport(ctx, "committing", error instanceof CommitRefused ? error.message : `The import could not be written, nothing was imported: ${(error as Error).message}`);
  }
  // A cache warm-up, not part of the import: if it fails, the figures stay stale and readers recompute them.
  try {
    const projects = await warmWipFigures((fn) => withTenant(ctx, fn));
    logger.info({ importId: ctx.importId, projects }, "budget figures recomputed after the import");
  } catch (error) {
    logger.warn({ err: error, importId: ctx.importId }, "budget figure warm-up after the import failed");
  }
}
