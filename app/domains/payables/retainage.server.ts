/**
 * Retainage payable: held per commitment line on approved or paid progress invoices and in the
 * line's opening (retainage held before the app, ADR 0014), paid out only
 * through retainage release invoices (their own approval and payments). A release counts as
 * released from the moment it is entered (draft included, void excluded), so two releases cannot
 * both spend the same retainage; releases never exceed what is held, line by line.
 */
import { sql } from "drizzle-orm";
import { apInvoiceLines } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import type Decimal from "decimal.js";
import { allocate, dec, sumMoney } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { findCommitment } from "../commitments/commitments.server";
import { formatMoney } from "./ap-invoice-math";
import { listApInvoiceLines, refreshInvoiceTotals } from "./ap-invoice-lines.server";
import { ApInvoiceRefused, insertApInvoice } from "./ap-invoices.server";
import { lockCommitmentBilling } from "./commitment-billing.server";
import type { NewRetainageRelease } from "./payables.schema";

export type RetainageLine = {
  commitmentLineId: string;
  lineNumber: number;
  costCodeId: string;
  costTypeId: string;
  description: string;
  held: string;
  released: string;
  /** held − released: what a release may still pay out. */
  outstanding: string;
};

/** Per commitment line: retainage held and released. `exceptInvoiceId` leaves one progress invoice's retainage out (to void it). */
export async function retainageByLine(tx: Tx, commitmentId: string, exceptInvoiceId: string | null = null): Promise<RetainageLine[]> {
  const rows = await queryRows<RetainageLine>(tx, sql`
    select l.id as "commitmentLineId", l.line_number as "lineNumber", l.cost_code_id as "costCodeId", l.cost_type_id as "costTypeId", l.description,
      r.held::numeric(14,2)::text as held, r.released::numeric(14,2)::text as released, (r.held - r.released)::numeric(14,2)::text as outstanding
    from commitment_lines l
    cross join lateral (
      select
        coalesce(sum(il.retainage) filter (where i.kind = 'progress' and i.status in ('approved', 'paid') and i.id is distinct from ${exceptInvoiceId}::uuid), 0) as held,
        coalesce(sum(il.retainage_released) filter (where i.kind = 'retainage_release' and i.status <> 'void'), 0) as released
      from ap_invoice_lines il
      join ap_invoices i on i.organization_id = il.organization_id and i.id = il.ap_invoice_id
      where il.organization_id = l.organization_id and il.commitment_line_id = l.id
    ) ap
    cross join lateral (
      select ap.released, ap.held + coalesce((select sum(o.retainage_held) from commitment_line_openings o
        where o.organization_id = l.organization_id and o.commitment_line_id = l.id), 0) as held
    ) r
    where l.commitment_id = ${commitmentId}
    order by l.line_number`);
  return rows.map((r) => ({ ...r }));
}

/** The commitment's retainage: held, released and still outstanding (sums of its lines), and its lines. */
export async function retainagePosition(tx: Tx, commitmentId: string) {
  const lines = await retainageByLine(tx, commitmentId);
  const sum = (key: "held" | "released" | "outstanding") => sumMoney(lines.map((l) => l[key])).toFixed(2);
  return { held: sum("held"), released: sum("released"), outstanding: sum("outstanding"), lines };
}

/** The commitment's retainage: held, released and still outstanding (sums of its lines). */
export async function retainageSummary(tx: Tx, commitmentId: string) {
  const { held, released, outstanding } = await retainagePosition(tx, commitmentId);
  return { held, released, outstanding };
}

/**
 * Refuses when releases would pay out more than is held on some line: after voiding the progress
 * invoice `exceptInvoiceId`, or on approving a release. Call with the commitment locked.
 */
export async function assertReleasesCovered(tx: Tx, commitmentId: string, message: string, exceptInvoiceId: string | null = null) {
  const short = (await retainageByLine(tx, commitmentId, exceptInvoiceId)).filter((l) => dec(l.outstanding).isNegative());
  if (short.length) throw new ApInvoiceRefused(message);
}

/**
 * What each line releases: the amounts entered per line (each at least zero and at most what the
 * line still holds, a total entered too must be their sum), or `amount` split over the lines in
 * proportion to what each still holds (to the cent; as amount ≤ Σ outstanding, no line gets more
 * than it holds).
 */
function releaseParts(commitmentNumber: string, lines: RetainageLine[], input: Pick<NewRetainageRelease, "amount" | "lines">): Decimal[] {
  const entered = (input.lines ?? []).filter((l) => l.amount !== undefined);
  if (!entered.length) {
    const holding = lines.filter((l) => dec(l.outstanding).greaterThan(0));
    const parts = new Map(allocate(input.amount ?? 0, holding.map((l) => l.outstanding)).map((part, i) => [holding[i].commitmentLineId, part]));
    return lines.map((l) => parts.get(l.commitmentLineId) ?? dec(0));
  }
  const byLine = new Map(entered.map((l, i) => [l.commitmentLineId, { amount: dec(l.amount!), i }]));
  if ([...byLine.keys()].some((id) => !lines.some((l) => l.commitmentLineId === id)) || byLine.size < entered.length) throw new RecordNotFound("commitment line");
  for (const line of lines) {
    const entry = byLine.get(line.commitmentLineId);
    if (entry && entry.amount.greaterThan(line.outstanding))
      throw new ApInvoiceRefused(
        `Line ${line.lineNumber} (${line.description}) still holds ${formatMoney(line.outstanding)} of retainage: ${formatMoney(entry.amount)} is more than that.`,
        `lines[${entry.i}].amount`,
      );
  }
  const parts = lines.map((l) => byLine.get(l.commitmentLineId)?.amount ?? dec(0));
  const total = sumMoney(parts);
  if (!total.greaterThan(0)) throw new ApInvoiceRefused(`Enter more than zero to release on at least one line of ${commitmentNumber}.`, "amount");
  if (input.amount !== undefined && !total.equals(input.amount))
    throw new ApInvoiceRefused(`The lines release ${formatMoney(total)} in all but the amount entered is ${formatMoney(input.amount)}: clear the amount or make them agree.`, "amount");
  return parts;
}

/** A draft retainage release invoice of the commitment's outstanding retainage (releaseParts). */
export async function createRetainageRelease(tx: Tx, input: NewRetainageRelease) {
  const commitment = await findCommitment(tx, input.commitmentId);
  if (commitment.status !== "executed" && commitment.status !== "closed")
    throw new ApInvoiceRefused(`Commitment ${commitment.number} is not executed: it holds no retainage to release.`, "commitmentId");
  await lockCommitmentBilling(tx, commitment.id);
  const lines = await retainageByLine(tx, commitment.id);
  const outstanding = sumMoney(lines.map((l) => l.outstanding));
  if (outstanding.isZero()) throw new ApInvoiceRefused(`Commitment ${commitment.number} has no retainage left to release.`, "amount");
  if (input.amount !== undefined && dec(input.amount).greaterThan(outstanding))
    throw new ApInvoiceRefused(
      `Commitment ${commitment.number} holds ${formatMoney(outstanding)} of retainage not yet released: ${formatMoney(input.amount)} is ${formatMoney(dec(input.amount).minus(outstanding))} more than that.`,
      "amount",
    );
  const parts = releaseParts(commitment.number, lines, input);
  const invoice = await insertApInvoice(
    tx,
    { vendorId: commitment.vendorId, projectId: commitment.projectId, commitmentId: commitment.id, kind: "retainage_release", retainageRate: "0" },
    { invoiceNumber: input.invoiceNumber, invoiceDate: input.invoiceDate, dueDate: input.dueDate, description: input.description },
  );
  await tx.insert(apInvoiceLines).values(
    lines
      .map((l, i) => ({
        organizationId: sql`${currentOrganizationId}`,
        apInvoiceId: invoice.id,
        lineNumber: l.lineNumber,
        commitmentLineId: l.commitmentLineId,
        costCodeId: l.costCodeId,
        costTypeId: l.costTypeId,
        description: l.description,
        retainageReleased: parts[i].toFixed(2),
      }))
      .filter((row) => row.retainageReleased !== "0.00"),
  );
  const after = await refreshInvoiceTotals(tx, invoice.id);
  await recordAudit(tx, { entityType: "ap_invoice", entityId: after.id, action: "billing_saved", after: { ...after, lines: await listApInvoiceLines(tx, after.id) } });
  return after;
}
