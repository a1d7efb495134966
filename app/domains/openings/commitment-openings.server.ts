/**
 * What subcontractors billed on the project's executed commitments before the app (ADR 0014): per
 * commitment line, billed to date and retainage held to date. The next vendor invoice counts the
 * opening as previously billed (payables/commitment-billing.server.ts), the commitment's retainage
 * payable includes it (payables/retainage.server.ts), and the budget figures count it as actual
 * cost on the line's cost code × cost type. Never a payable: no AP aging, no approval.
 */
import { sql } from "drizzle-orm";
import { commitmentLineOpenings } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { dec } from "~/utils/money";
import { requireBudgetProject } from "../budgets/project-scope.server";
import { formatMoney } from "../payables/ap-invoice-math";
import { lockCommitmentBilling } from "../payables/commitment-billing.server";
import { retainageByLine } from "../payables/retainage.server";
import { OpeningRefused } from "./opening-refused";
import type { CommitmentOpeningsInput } from "./openings.schema";

export type CommitmentOpeningLine = {
  commitmentId: string;
  commitmentNumber: string;
  commitmentLineId: string;
  lineNumber: number;
  costCode: string;
  costType: string;
  description: string;
  lineAmount: string;
  /** Billed on approved or paid vendor invoices in the app (besides the opening). */
  billedInApp: string;
  billedToDate: string | null;
  retainageHeld: string | null;
  asOf: string | null;
  note: string;
};

/** Every line of the project's executed or closed commitments, with its opening if it has one. */
export async function listCommitmentOpeningLines(tx: Tx, projectId: string): Promise<CommitmentOpeningLine[]> {
  const rows = await queryRows<CommitmentOpeningLine>(tx, sql`
    select c.id as "commitmentId", c.number as "commitmentNumber", l.id as "commitmentLineId", l.line_number as "lineNumber",
      cc.code as "costCode", ct.name as "costType", coalesce(nullif(l.description, ''), cc.name) as description, l.amount::text as "lineAmount",
      coalesce((select sum(il.amount) from ap_invoice_lines il join ap_invoices i on i.id = il.ap_invoice_id
        where il.commitment_line_id = l.id and i.kind = 'progress' and i.status in ('approved', 'paid')), 0)::numeric(14,2)::text as "billedInApp",
      o.billed_to_date::text as "billedToDate", o.retainage_held::text as "retainageHeld", o.as_of::text as "asOf", coalesce(o.note, '') as note
    from commitments c
    join commitment_lines l on l.commitment_id = c.id
    join cost_codes cc on cc.id = l.cost_code_id
    join cost_types ct on ct.id = l.cost_type_id
    left join commitment_line_openings o on o.commitment_line_id = l.id
    where c.project_id = ${projectId} and c.status in ('executed', 'closed')
    order by c.number, l.line_number`);
  return rows.map((r) => ({ ...r }));
}

const openingsOf = (lines: CommitmentOpeningLine[]) =>
  lines.filter((l) => l.billedToDate !== null).map(({ commitmentNumber, lineNumber, billedToDate, retainageHeld, asOf, note }) => ({ commitmentNumber, lineNumber, billedToDate, retainageHeld, asOf, note }));

/**
 * Replaces the openings of the project's executed commitments with `input.lines`, in one
 * transaction with its audit row. Each commitment's billing is locked first (as approving an invoice
 * does); a line must belong to an executed or closed commitment of this project, and after the
 * change no line may have released more retainage than it holds.
 */
export async function replaceCommitmentOpenings(tx: Tx, projectId: string, input: CommitmentOpeningsInput) {
  await requireBudgetProject(tx, projectId);
  const current = await listCommitmentOpeningLines(tx, projectId);
  const commitmentIds = [...new Set(current.map((l) => l.commitmentId))].sort();
  for (const id of commitmentIds) await lockCommitmentBilling(tx, id);
  const lineOf = new Map(current.map((l) => [l.commitmentLineId, l]));
  for (const entry of input.lines) {
    const line = lineOf.get(entry.commitmentLineId);
    if (!line) throw new OpeningRefused(`Row ${entry.row + 1}: openings go on lines of this project's executed commitments only.`, `lines[${entry.row}].billedToDate`);
    if (dec(entry.billedToDate).greaterThan(line.lineAmount))
      throw new OpeningRefused(
        `${line.commitmentNumber} line ${line.lineNumber}: billed to date ${formatMoney(entry.billedToDate)} is more than the line's value of ${formatMoney(line.lineAmount)}.`,
        `lines[${entry.row}].billedToDate`,
      );
  }
  if (commitmentIds.length) await tx.execute(sql`delete from commitment_line_openings where commitment_id in (${sql.join(commitmentIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  if (input.lines.length)
    await tx.insert(commitmentLineOpenings).values(
      input.lines.map((entry) => ({
        organizationId: sql`${currentOrganizationId}`,
        commitmentId: lineOf.get(entry.commitmentLineId)!.commitmentId,
        commitmentLineId: entry.commitmentLineId,
        billedToDate: entry.billedToDate,
        retainageHeld: entry.retainageHeld,
        asOf: entry.asOf,
        note: entry.note,
      })),
    );
  for (const id of commitmentIds) {
    const short = (await retainageByLine(tx, id)).find((l) => dec(l.outstanding).isNegative());
    if (short) {
      const line = current.find((l) => l.commitmentLineId === short.commitmentLineId)!;
      throw new OpeningRefused(`${line.commitmentNumber} line ${line.lineNumber}: releases already pay out ${formatMoney(short.released)} of retainage, more than the ${formatMoney(short.held)} it would hold.`);
    }
  }
  const after = await listCommitmentOpeningLines(tx, projectId);
  await recordAudit(tx, { entityType: "project", entityId: projectId, action: "commitment_openings_replaced", before: { commitmentOpenings: openingsOf(current) }, after: { commitmentOpenings: openingsOf(after) } });
  return after;
}
