import { and, asc, count, eq, sql } from "drizzle-orm";
import { importErrorRows, importErrors, imports, type ImportStatus } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/jobs.server";

/**
 * The import record and its user-driven transitions (upload, confirm, retry, re-queue). The jobs'
 * side (claiming, progress, results) is in import-progress.server.ts.
 */

export type ImportRecord = typeof imports.$inferSelect & { stuck: boolean };

/** A claimed import whose worker has been silent this long is considered dead. */
export const STUCK_AFTER_SECONDS = 120;

export class ImportConflict extends Error {}

const RUNNING: ImportStatus[] = ["queued", "parsing", "committing"];
export const isRunning = (status: ImportStatus) => RUNNING.includes(status);

export type NewImport = { fileName: string; byteSize: number; sha256: string; storageKey: string; rowsEstimate: number; userId: string };

/**
 * Records an upload and queues its validation, or returns the import this organization already
 * has for the same bytes (unique (organization_id, sha256)): re-uploading never makes a second one.
 */
export async function createImport(tx: Tx, input: NewImport): Promise<{ id: string; existing: boolean }> {
  const [created] = await tx
    .insert(imports)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      fileName: input.fileName,
      byteSize: input.byteSize,
      sha256: input.sha256,
      storageKey: input.storageKey,
      progressTotal: input.rowsEstimate,
      createdBy: input.userId,
    })
    .onConflictDoNothing({ target: [imports.organizationId, imports.sha256] })
    .returning({ id: imports.id });
  if (!created) {
    const [existing] = await tx.select({ id: imports.id }).from(imports).where(eq(imports.sha256, input.sha256));
    return { id: existing.id, existing: true };
  }
  await enqueue(tx, "imports__validate", { organizationId: await organizationOf(tx), importId: created.id, attempt: 1 });
  await recordAudit(tx, { entityType: "import", entityId: created.id, action: "upload", after: { fileName: input.fileName, sha256: input.sha256, byteSize: input.byteSize } });
  return { id: created.id, existing: false };
}

async function organizationOf(tx: Tx): Promise<string> {
  const rows = await queryRows<{ id: string }>(tx, sql`select ${currentOrganizationId} as id`);
  return String(rows[0].id);
}

/** The import with `stuck`: claimed by a worker that stopped reporting (neither its heartbeat nor the import's moved). */
export async function getImport(tx: Tx, id: string, stuckAfterSeconds = STUCK_AFTER_SECONDS): Promise<ImportRecord | null> {
  const [row] = await tx
    .select({
      record: imports,
      // A slow statement can keep the import's own heartbeat still; only a silent worker means dead.
      // (imports.worker_id spelled out: drizzle renders a column unqualified, which inside the
      // subquery would bind to w.worker_id.)
      stuck: sql<boolean>`(${imports.status} in ('parsing', 'committing') and ${imports.workerId} is not null
        and ${imports.heartbeatAt} < now() - make_interval(secs => ${stuckAfterSeconds})
        and not exists (select 1 from worker_heartbeats w where w.worker_id = imports.worker_id
          and w.seen_at > now() - make_interval(secs => ${stuckAfterSeconds})))`,
    })
    .from(imports)
    .where(eq(imports.id, id));
  return row ? { ...row.record, stuck: row.stuck } : null;
}

/** One page of the import's problems in their stored order: root causes first (then sheet, row, column). */
export async function listImportErrors(tx: Tx, importId: string, page: { offset: number; limit: number }) {
  const where = eq(importErrors.importId, importId);
  const [rows, [total]] = await Promise.all([
    tx
      .select()
      .from(importErrors)
      .where(where)
      .orderBy(asc(importErrors.position), asc(importErrors.sheet), sql`${importErrors.rowNumber} nulls first`, asc(importErrors.column), asc(importErrors.id))
      .limit(page.limit)
      .offset(page.offset),
    tx.select({ n: count() }).from(importErrors).where(where),
  ]);
  return { rows, total: total.n };
}

/**
 * The import's problems grouped by sheet, column and message (and the refused row they follow
 * from), with how many rows each has: root causes first, in the order of their first problem.
 * `total` is the number of groups, also beyond `limit`.
 */
export async function importProblemGroups(tx: Tx, importId: string, limit: number) {
  const rows = await tx
    .select({
      sheet: importErrors.sheet,
      column: importErrors.column,
      message: importErrors.message,
      causeSheet: importErrors.causeSheet,
      causeRow: importErrors.causeRow,
      problems: sql<number>`count(*)::int`,
      firstRow: sql<number | null>`min(${importErrors.rowNumber})`,
      groups: sql<number>`(count(*) over ())::int`,
    })
    .from(importErrors)
    .where(eq(importErrors.importId, importId))
    .groupBy(importErrors.sheet, importErrors.column, importErrors.message, importErrors.causeSheet, importErrors.causeRow)
    .orderBy(sql`min(${importErrors.position})`, asc(importErrors.sheet), sql`min(${importErrors.rowNumber}) nulls first`, asc(importErrors.column), asc(importErrors.message))
    .limit(limit);
  return { groups: rows.map(({ groups: _total, ...group }) => group), total: rows[0]?.groups ?? 0 };
}

/** The stored cells of the rows in error in the error workbook's order (sheet by sheet, root causes first). */
export async function* importErrorRowBatches(tx: Tx, importId: string, batchSize = 2000) {
  let after = { position: -1, sheet: "", row: 0 };
  for (;;) {
    const batch = await tx
      .select()
      .from(importErrorRows)
      .where(
        and(
          eq(importErrorRows.importId, importId),
          sql`(${importErrorRows.position}, ${importErrorRows.sheet}, ${importErrorRows.rowNumber}) > (${after.position}, ${after.sheet}, ${after.row})`,
        ),
      )
      .orderBy(asc(importErrorRows.position), asc(importErrorRows.sheet), asc(importErrorRows.rowNumber))
      .limit(batchSize);
    if (batch.length === 0) return;
    yield batch;
    const last = batch[batch.length - 1];
    after = { position: last.position, sheet: last.sheet, row: last.rowNumber };
  }
}

type Transition = { id: string; version: number; userId: string };

async function transition(tx: Tx, input: Transition, allowed: (r: ImportRecord) => string | null, set: (r: ImportRecord) => Partial<typeof imports.$inferInsert>) {
  const record = await getImport(tx, input.id);
  if (!record) return null;
  const refusal = allowed(record);
  if (refusal) throw new ImportConflict(refusal);
  const [updated] = await tx
    .update(imports)
    .set({ ...set(record), version: sql`${imports.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(imports.id, input.id), eq(imports.version, input.version)))
    .returning();
  if (!updated) throw new ImportConflict("This import changed while you were looking at it. Reload the page and try again.");
  return updated;
}

/**
 * The user confirms a validated import: the commit job writes the rows that passed validation (rows
 * in error are skipped; they can be fixed in the error-rows file and uploaded again).
 */
export async function confirmImport(tx: Tx, input: Transition) {
  const updated = await transition(
    tx,
    input,
    (r) => (r.status !== "validated" ? `Only a validated import can be committed; this one is ${r.status}.` : validRows(r) === 0 ? "There are no valid rows to import." : null),
    (r) => ({ status: "committing", committedBy: input.userId, progressDone: 0, progressTotal: validRows(r), workerId: null, heartbeatAt: null }),
  );
  if (!updated) return null;
  await enqueue(tx, "imports__commit", { organizationId: updated.organizationId, importId: updated.id, attempt: updated.attempt });
  await recordAudit(tx, { entityType: "import", entityId: updated.id, action: "confirm", after: { summary: updated.summary } });
  return updated;
}

export const validRows = (r: Pick<ImportRecord, "summary">) => Object.values(r.summary).reduce((n, s) => n + s.create + s.update, 0);

/** A failed import runs its failed phase again under a new attempt number. */
export async function retryImport(tx: Tx, input: Transition) {
  return restart(tx, input, (r) => (r.status !== "failed" ? `Only a failed import can be retried; this one is ${r.status}.` : null), "retry");
}

/** An import whose worker died is handed to a new job; the dead job's attempt number no longer counts. */
export async function requeueImport(tx: Tx, input: Transition, stuckAfterSeconds = STUCK_AFTER_SECONDS) {
  const record = await getImport(tx, input.id, stuckAfterSeconds);
  if (!record) return null;
  return restart(tx, input, () => (record.stuck ? null : "This import is still running; it can be re-queued only when its worker has stopped reporting."), "requeue");
}

async function restart(tx: Tx, input: Transition, allowed: (r: ImportRecord) => string | null, action: string) {
  const updated = await transition(tx, input, allowed, (r) => {
    const phase = r.status === "failed" ? r.failedPhase : r.status;
    return {
      status: phase === "committing" ? "committing" : "queued",
      attempt: r.attempt + 1,
      failedPhase: null,
      failureMessage: null,
      workerId: null,
      heartbeatAt: null,
      progressDone: 0,
    };
  });
  if (!updated) return null;
  const job = updated.status === "committing" ? "imports__commit" : "imports__validate";
  await enqueue(tx, job, { organizationId: updated.organizationId, importId: updated.id, attempt: updated.attempt });
  await recordAudit(tx, { entityType: "import", entityId: updated.id, action, after: { attempt: updated.attempt, status: updated.status } });
  return updated;
}
