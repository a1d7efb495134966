/**
 * The continuation sheet of a draft saved as one grid: every line's this period (an amount or a %
 * complete to date) and stored materials in one post. All lines are checked together by the same
 * math as a one-line save (pay-app-math.ts); any line breaking a rule refuses the whole post with
 * its message under its cell, and nothing is written.
 */
import { recordAudit } from "~/utils/audit.server";
import { cellErrors } from "~/utils/cell-errors.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { thisPeriodFromPercent, type PayAppErrorCode } from "./pay-app-math";
import { claimDraft, findEditableDraft } from "./pay-app-workflow.server";
import type { PayAppGridInput } from "./pay-apps.schema";
import { evaluatePayApp, findPayApp, payAppLines, recomputePayApp, type LineEdit } from "./pay-apps.server";

const STORED_CODES: PayAppErrorCode[] = ["negativeStored", "storedOnDeductiveLine"];

export async function savePayAppLines(tx: Tx, payAppId: string, input: Omit<PayAppGridInput, "intent">) {
  const app = await findEditableDraft(tx, payAppId, input.version);
  const stored = new Map((await payAppLines(tx, app.id)).map((line) => [line.id, line]));
  const rowOf = new Map<string, { row: number; byPercent: boolean }>();
  const edits: LineEdit[] = input.lines.map((entry, row) => {
    const line = stored.get(entry.lineId);
    if (!line || rowOf.has(entry.lineId)) throw new RecordNotFound("pay application line");
    rowOf.set(entry.lineId, { row, byPercent: entry.thisPeriod === undefined && entry.percentToDate !== undefined });
    const thisPeriod = entry.thisPeriod ?? (entry.percentToDate === undefined ? "0.00" : thisPeriodFromPercent(line, entry.percentToDate));
    return { id: line.id, thisPeriod, storedNow: entry.storedNow, correction: entry.correction };
  });

  const { result } = await evaluatePayApp(tx, app, edits);
  const errors = cellErrors();
  for (const problem of result.errors) {
    const at = problem.key === null ? undefined : rowOf.get(problem.key);
    if (!at) continue; // not about a posted line: the one-line save does not refuse it either
    errors.cell(at.row, STORED_CODES.includes(problem.code) ? "storedNow" : at.byPercent ? "percentToDate" : "thisPeriod", problem.message);
  }
  errors.throwIfAny();

  const bumped = await claimDraft(tx, app);
  await recomputePayApp(tx, bumped, edits);
  const changed = edits.filter((edit) => {
    const before = stored.get(edit.id)!;
    return before.thisPeriod !== edit.thisPeriod || before.storedNow !== edit.storedNow || before.correction !== edit.correction;
  });
  for (const edit of changed) {
    const before = stored.get(edit.id)!;
    await recordAudit(tx, { entityType: "pay_application_line", entityId: edit.id, action: "updated", before, after: { ...before, ...edit } });
  }
  return { app: await findPayApp(tx, app.id), changed: changed.length };
}
