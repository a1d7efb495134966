import { eq } from "drizzle-orm";
import { users } from "@db/schema";
import type { ImportStatus } from "@db/schema/imports";
import type { Tx } from "~/utils/db.server";
import { getImport, importProblemGroups, isRunning, listImportErrors, validRows } from "./imports.server";
import { causeText, type ImportErrorsPage } from "./import-problems-view";
import { IMPORT_STATUS_LABELS } from "./import-status";
import { columnHeader, sheetName, type CommittedCounts, type SheetCounts } from "./import-view";
import { MASTERFILE_SHEETS } from "./masterfile-spec";

export const ERRORS_PER_PAGE = 100;
/** Kinds of problem the summary shows (a file with a few causes has a few; the list below has every problem). */
export const PROBLEM_GROUPS_SHOWN = 50;

const becauseOf = (e: { causeSheet: string | null; causeRow: number | null }) => (e.causeSheet === null ? null : causeText(e.causeSheet, e.causeRow));

// Every status the table allows has its label (this fails to compile otherwise).
void (IMPORT_STATUS_LABELS satisfies Record<ImportStatus, string>);

/** Summary entries in masterfile order, then any key the spec does not know (kept, never dropped). */
function inSheetOrder<T>(byKey: Record<string, T>): [string, T][] {
  const known = MASTERFILE_SHEETS.map((s) => s.key as string);
  const rank = (key: string) => (known.includes(key) ? known.indexOf(key) : known.length);
  return Object.entries(byKey).sort(([a], [b]) => rank(a) - rank(b));
}

/**
 * Everything the import page shows, or null when the import is not this organization's. Errors are
 * read only once validation has produced them (validated or done): the summary by kind of problem
 * (counted in SQL) and one page of the list, both root causes first.
 */
export async function importPageData(tx: Tx, importId: string, requestedPage: number) {
  const record = await getImport(tx, importId);
  if (!record) return null;
  const [uploader] = record.createdBy
    ? await tx.select({ name: users.name, email: users.email }).from(users).where(eq(users.id, record.createdBy))
    : [];

  const sheets: SheetCounts[] = inSheetOrder(record.summary).map(([key, s]) => ({
    key,
    name: sheetName(key),
    rows: s.rows,
    create: s.create,
    update: s.update,
    error: s.error,
  }));
  const committed: CommittedCounts[] | null = record.committedCounts
    ? inSheetOrder(record.committedCounts).map(([key, c]) => ({ key, name: sheetName(key), created: c.created, updated: c.updated }))
    : null;

  let errors: ImportErrorsPage | null = null;
  if (record.status === "validated" || record.status === "done") {
    const pageOf = (n: number) => listImportErrors(tx, importId, { offset: (n - 1) * ERRORS_PER_PAGE, limit: ERRORS_PER_PAGE });
    let page = Math.max(1, requestedPage);
    let found = await pageOf(page);
    const pages = Math.max(1, Math.ceil(found.total / ERRORS_PER_PAGE));
    if (page > pages) found = await pageOf((page = pages)); // past the end (fewer errors than the link knew): the last page
    const { rows } = found;
    const summary = found.total > 0 ? await importProblemGroups(tx, importId, PROBLEM_GROUPS_SHOWN) : { groups: [], total: 0 };
    errors = {
      rows: rows.map((e) => ({ id: e.id, sheet: sheetName(e.sheet), rowNumber: e.rowNumber, column: columnHeader(e.sheet, e.column), value: e.value, message: e.message, becauseOf: becauseOf(e) })),
      total: found.total,
      page,
      pages,
      groups: summary.groups.map((g) => ({ sheet: sheetName(g.sheet), column: columnHeader(g.sheet, g.column), message: g.message, becauseOf: becauseOf(g), problems: g.problems, firstRow: g.firstRow })),
      groupCount: summary.total,
    };
  }

  return {
    record: {
      id: record.id,
      fileName: record.fileName,
      byteSize: record.byteSize,
      status: record.status,
      failedPhase: record.failedPhase,
      failureMessage: record.failureMessage,
      progressDone: record.progressDone,
      progressTotal: record.progressTotal,
      version: record.version,
      attempt: record.attempt,
      stuck: record.stuck,
      // A stuck import no longer moves: the page stops refreshing and offers to re-queue it.
      running: isRunning(record.status) && !record.stuck,
      uploadedAt: record.createdAt.toISOString(),
      uploadedBy: uploader ? uploader.name || uploader.email : null,
      finishedAt: record.finishedAt?.toISOString() ?? null,
      validRows: validRows(record),
      errorRows: sheets.reduce((n, s) => n + s.error, 0),
    },
    sheets,
    committed,
    errors,
  };
}

export type ImportPageData = NonNullable<Awaited<ReturnType<typeof importPageData>>>;
