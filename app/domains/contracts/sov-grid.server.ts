/**
 * The schedule of values grid: every line of the contract in one post. The post is checked as a
 * whole (cost codes, lines already billed, totals) and refused with every bad cell named before
 * anything is written; then deletions, edits and new lines are written in the request's one
 * transaction, each audited like its one-line counterpart (sov.server.ts).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { sovLines } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { cellErrors, CellErrors } from "~/utils/cell-errors.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { isBlankSovRow, type SovGridInput } from "./contracts.schema";
import { contractTotalsProblem } from "./contracts.server";
import { claimContract, lineColumns, listSovLines, nextLineNumber } from "./sov.server";

type Line = Awaited<ReturnType<typeof listSovLines>>[number];
type Values = { description: string; costCodeId: string | null; scheduledValue: string; retainageRate: string | null };

/** The ids among `ids` that are active cost codes under an active division (as listCostCodeOptions offers them). */
async function activeCostCodes(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await queryRows<{ id: string }>(tx, sql`
    select c.id from cost_codes c
    left join cost_codes d on d.organization_id = c.organization_id and d.id = c.parent_id
    where c.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)}) and c.active and (d.id is null or d.active)`);
  return new Set(rows.map((r) => r.id));
}

async function billedLines(tx: Tx, ids: string[]) {
  if (ids.length === 0) return new Set<string>();
  const rows = await queryRows<{ id: string }>(tx, sql`
    select distinct sov_line_id as id from pay_application_lines where sov_line_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return new Set(rows.map((r) => r.id));
}

const changed = (line: Line, values: Values) =>
  line.description !== values.description ||
  line.costCodeId !== values.costCodeId ||
  line.scheduledValue !== values.scheduledValue ||
  !sameRate(line.retainageRate, values.retainageRate);

const sameRate = (a: string | null, b: string | null) => (a === null || b === null ? a === b : dec(a).equals(b));

/** What the grid asks for, row by row, with every refusal collected (nothing written yet). */
async function plan(tx: Tx, lines: Line[], rows: SovGridInput["lines"]) {
  const byId = new Map(lines.map((l) => [l.id, l]));
  const errors = cellErrors();
  const seen = new Set<string>();
  const removals: { row: number; line: Line }[] = [];
  const edits: { line: Line; values: Values }[] = [];
  const additions: Values[] = [];
  const codes = await activeCostCodes(tx, [...new Set(rows.flatMap((r) => (r.costCodeId ? [r.costCodeId] : [])))]);
  for (const [i, row] of rows.entries()) {
    const line = row.lineId === undefined ? undefined : byId.get(row.lineId);
    // an id of another contract, or posted twice: not something this page offers
    if (row.lineId !== undefined && (!line || seen.has(row.lineId))) throw new RecordNotFound("schedule of values line");
    if (row.lineId) seen.add(row.lineId);
    if (line?.changeOrderId) {
      errors.cell(i, "description", `Line ${line.lineNumber} comes from an approved change order and cannot be changed. Make a new change order instead.`);
      continue;
    }
    if (row.remove || isBlankSovRow(row)) {
      if (line) removals.push({ row: i, line });
      continue;
    }
    if (row.costCodeId && !codes.has(row.costCodeId)) errors.cell(i, "costCodeId", "Choose an active cost code.");
    const values = { description: row.description ?? "", costCodeId: row.costCodeId ?? null, scheduledValue: row.scheduledValue ?? "0.00", retainageRate: row.retainagePercent ?? null };
    if (!line) additions.push(values);
    else if (changed(line, values)) edits.push({ line, values });
  }
  const billed = await billedLines(tx, removals.map((r) => r.line.id));
  for (const { row, line } of removals)
    if (billed.has(line.id)) errors.cell(row, "remove", `Line ${line.lineNumber} is on a pay application: it can no longer be deleted.`);
  errors.throwIfAny();
  return { removals: removals.map((r) => r.line), edits, additions };
}

/** Saves the whole grid; answers how many lines were added, changed and deleted. */
export async function saveSovGrid(tx: Tx, projectId: string, input: Omit<SovGridInput, "intent">) {
  const contractId = await claimContract(tx, projectId, input.version);
  const { removals, edits, additions } = await plan(tx, await listSovLines(tx, contractId), input.lines);

  if (removals.length) await tx.delete(sovLines).where(inArray(sovLines.id, removals.map((l) => l.id)));
  for (const before of removals) await recordAudit(tx, { entityType: "sov_line", entityId: before.id, action: "deleted", before });

  for (const { line: before, values } of edits) {
    const [after] = await tx
      .update(sovLines)
      .set({ ...values, updatedAt: sql`now()` })
      .where(and(eq(sovLines.id, before.id), eq(sovLines.contractId, contractId)))
      .returning(lineColumns);
    await recordAudit(tx, { entityType: "sov_line", entityId: after.id, action: "updated", before, after });
  }

  if (additions.length) {
    const first = await nextLineNumber(tx, contractId);
    const added = await tx
      .insert(sovLines)
      .values(additions.map((values, i) => ({ organizationId: sql`${currentOrganizationId}`, contractId, lineNumber: first + i, ...values })))
      .returning(lineColumns);
    for (const after of added) await recordAudit(tx, { entityType: "sov_line", entityId: after.id, action: "created", after });
  }

  // Totals too large for the money columns: refused as a whole, and the transaction rolls back.
  const problem = await contractTotalsProblem(tx, projectId);
  if (problem) throw new CellErrors({}, [problem]);
  return { added: additions.length, changed: edits.length, deleted: removals.length };
}
