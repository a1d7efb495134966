import { and, asc, eq, sql } from "drizzle-orm";
import { apInvoiceLines, apInvoices, costCodes, costTypes } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { totalOutOfRange } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { activeCostCodeExists, activeCostTypeExists } from "../contracts/lookups.server";
import { storedBands } from "../contracts/retainage-bands";
import { findCommitment } from "../commitments/commitments.server";
import { billLine, invoiceRetainage, invoiceTotals } from "./ap-invoice-math";
import { apInvoiceColumns, ApInvoiceRefused, explainMissedWrite, findApInvoice, type ApInvoice } from "./ap-invoices.server";
import { billingSheet, overbillingProblem } from "./commitment-billing.server";
import type { CommitmentBilling, DirectLineDelete, DirectLineInput, DirectLineUpdate } from "./payables.schema";

export const apLineColumns = {
  id: apInvoiceLines.id,
  lineNumber: apInvoiceLines.lineNumber,
  commitmentLineId: apInvoiceLines.commitmentLineId,
  costCodeId: apInvoiceLines.costCodeId,
  costTypeId: apInvoiceLines.costTypeId,
  description: apInvoiceLines.description,
  thisPeriod: apInvoiceLines.thisPeriod,
  storedMaterials: apInvoiceLines.storedMaterials,
  amount: apInvoiceLines.amount,
  retainageRate: apInvoiceLines.retainageRate,
  retainage: apInvoiceLines.retainage,
  retainageReleased: apInvoiceLines.retainageReleased,
};

/**
 * A line change is a change to the invoice: it takes the invoice's row while it is still a draft at
 * the version the page was read at, and bumps that version (so submitting concurrently either
 * happens first and the line change is refused, or waits and sees the new version).
 */
async function claimDraft(tx: Tx, invoiceId: string, version: number): Promise<ApInvoice> {
  const current = await findApInvoice(tx, invoiceId);
  const [claimed] = await tx
    .update(apInvoices)
    .set({ version: sql`${apInvoices.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(apInvoices.id, current.id), eq(apInvoices.version, version), eq(apInvoices.status, "draft")))
    .returning(apInvoiceColumns);
  if (!claimed) return explainMissedWrite(tx, current.id);
  return claimed;
}

const linesOf = (tx: Tx, invoiceId: string) =>
  tx.select(apLineColumns).from(apInvoiceLines).where(eq(apInvoiceLines.apInvoiceId, invoiceId)).orderBy(asc(apInvoiceLines.lineNumber));

/** The invoice's totals become the sums of its rounded lines (after every line change, in the same transaction); refused when too large. */
export async function refreshInvoiceTotals(tx: Tx, invoiceId: string) {
  const totals = invoiceTotals(await linesOf(tx, invoiceId));
  const problem = totalOutOfRange({ "the invoice total": totals.total, "its amount due": totals.amountDue, "its retainage": totals.retainage });
  if (problem) throw new ApInvoiceRefused(problem, "amount");
  const [invoice] = await tx.update(apInvoices).set(totals).where(eq(apInvoices.id, invoiceId)).returning(apInvoiceColumns);
  return invoice;
}

/**
 * Saves the continuation sheet of an invoice against a commitment: for each commitment line, this
 * period and stored materials (lines billing nothing and holding no retainage are not stored).
 * Retainage per line: invoiceRetainage (the line's own rate or the invoice's, the commitment's
 * bands and cap). Refused, with the line, its ceiling and the excess named, when billed to date
 * would pass the line's ceiling (commitment-billing.server.ts).
 */
export async function saveCommitmentBilling(tx: Tx, invoiceId: string, input: Omit<CommitmentBilling, "intent">) {
  const invoice = await claimDraft(tx, invoiceId, input.version);
  if (invoice.kind !== "progress" || !invoice.commitmentId)
    throw new ApInvoiceRefused(`Invoice ${invoice.invoiceNumber} is not against a commitment: enter its lines by cost code instead.`);
  const sheetLines = await billingSheet(tx, invoice);
  const sheet = new Map(sheetLines.map((line) => [line.commitmentLineId, line]));
  const entered = new Map<string, ReturnType<typeof billLine>>();
  for (const [i, entry] of input.lines.entries()) {
    const line = sheet.get(entry.commitmentLineId);
    if (!line || entered.has(entry.commitmentLineId)) throw new RecordNotFound("commitment line");
    const billed = billLine(entry.thisPeriod, entry.storedMaterials, 0);
    const problem = billed.amount === "0.00" ? null : overbillingProblem(line, billed.amount);
    if (problem) throw new ApInvoiceRefused(problem, `lines[${i}].thisPeriod`);
    entered.set(line.commitmentLineId, billed);
  }
  const commitment = await findCommitment(tx, invoice.commitmentId);
  const retainage = invoiceRetainage(
    { retainageRate: invoice.retainageRate, retainageCapRate: commitment.retainageCapRate, bands: storedBands(commitment) },
    sheetLines.map((line) => ({
      key: line.commitmentLineId,
      ownRate: line.ownRetainageRate,
      ceiling: line.ceiling,
      previouslyBilled: line.previouslyBilled,
      amount: entered.get(line.commitmentLineId)?.amount ?? "0.00",
      previouslyHeld: line.previouslyHeld,
      released: line.released,
    })),
  );
  const rows = [];
  for (const [n, line] of sheetLines.entries()) {
    const billed = { ...(entered.get(line.commitmentLineId) ?? billLine(0, 0, 0)), retainageRate: retainage[n].rate, retainage: retainage[n].retainage };
    if (billed.amount === "0.00" && billed.retainage === "0.00") continue;
    rows.push({
      organizationId: sql`${currentOrganizationId}`,
      apInvoiceId: invoice.id,
      lineNumber: line.lineNumber,
      commitmentLineId: line.commitmentLineId,
      costCodeId: line.costCodeId,
      costTypeId: line.costTypeId,
      description: line.description,
      ...billed,
    });
  }
  const before = await linesOf(tx, invoice.id);
  await tx.delete(apInvoiceLines).where(eq(apInvoiceLines.apInvoiceId, invoice.id));
  if (rows.length) await tx.insert(apInvoiceLines).values(rows);
  const after = await refreshInvoiceTotals(tx, invoice.id);
  const lines = await linesOf(tx, invoice.id);
  await recordAudit(tx, { entityType: "ap_invoice", entityId: invoice.id, action: "billing_saved", before: { lines: before }, after: { ...after, lines } });
  return { invoice: after, lines };
}

async function directDraft(tx: Tx, invoiceId: string, input: { version: number; costCodeId?: string; costTypeId?: string }) {
  const invoice = await claimDraft(tx, invoiceId, input.version);
  if (invoice.commitmentId) throw new ApInvoiceRefused(`Invoice ${invoice.invoiceNumber} is against a commitment: bill its commitment lines instead.`);
  if (input.costCodeId !== undefined && !(await activeCostCodeExists(tx, input.costCodeId))) throw new ApInvoiceRefused("Choose an active cost code.", "costCodeId");
  if (input.costTypeId !== undefined && !(await activeCostTypeExists(tx, input.costTypeId))) throw new ApInvoiceRefused("Choose an active cost type.", "costTypeId");
  return invoice;
}

async function lineOf(tx: Tx, invoiceId: string, lineId: string) {
  const [line] = await tx.select(apLineColumns).from(apInvoiceLines).where(and(eq(apInvoiceLines.id, lineId), eq(apInvoiceLines.apInvoiceId, invoiceId)));
  if (!line) throw new RecordNotFound("invoice line");
  return line;
}

/** A direct cost line is its amount on a cost code × type: no stored materials, no retainage. */
const directValues = (input: { costCodeId: string; costTypeId: string; description: string; amount: string }) => ({
  costCodeId: input.costCodeId,
  costTypeId: input.costTypeId,
  description: input.description,
  ...billLine(input.amount, 0, 0),
});

export async function addDirectLine(tx: Tx, invoiceId: string, input: Omit<DirectLineInput, "intent">) {
  const invoice = await directDraft(tx, invoiceId, input);
  const [{ next }] = await tx
    .select({ next: sql<number>`coalesce(max(${apInvoiceLines.lineNumber}), 0)::int + 1` })
    .from(apInvoiceLines)
    .where(eq(apInvoiceLines.apInvoiceId, invoice.id));
  const [line] = await tx
    .insert(apInvoiceLines)
    .values({ organizationId: sql`${currentOrganizationId}`, apInvoiceId: invoice.id, lineNumber: next, ...directValues(input) })
    .returning(apLineColumns);
  const after = await refreshInvoiceTotals(tx, invoice.id);
  await recordAudit(tx, { entityType: "ap_invoice_line", entityId: line.id, action: "created", after: line });
  return { invoice: after, line };
}

export async function updateDirectLine(tx: Tx, invoiceId: string, input: Omit<DirectLineUpdate, "intent">) {
  const invoice = await directDraft(tx, invoiceId, input);
  const before = await lineOf(tx, invoice.id, input.lineId);
  const [line] = await tx.update(apInvoiceLines).set(directValues(input)).where(eq(apInvoiceLines.id, before.id)).returning(apLineColumns);
  const after = await refreshInvoiceTotals(tx, invoice.id);
  await recordAudit(tx, { entityType: "ap_invoice_line", entityId: line.id, action: "updated", before, after: line });
  return { invoice: after, line };
}

export async function deleteDirectLine(tx: Tx, invoiceId: string, input: Omit<DirectLineDelete, "intent">) {
  const invoice = await directDraft(tx, invoiceId, input);
  const before = await lineOf(tx, invoice.id, input.lineId);
  await tx.delete(apInvoiceLines).where(eq(apInvoiceLines.id, before.id));
  const after = await refreshInvoiceTotals(tx, invoice.id);
  await recordAudit(tx, { entityType: "ap_invoice_line", entityId: before.id, action: "deleted", before });
  return { invoice: after };
}

/** The invoice's stored lines with their cost code and type, in line order. */
export async function listApInvoiceLines(tx: Tx, invoiceId: string) {
  return tx
    .select({ ...apLineColumns, costCode: costCodes.code, costCodeName: costCodes.name, costTypeName: costTypes.name })
    .from(apInvoiceLines)
    .innerJoin(costCodes, and(eq(costCodes.organizationId, apInvoiceLines.organizationId), eq(costCodes.id, apInvoiceLines.costCodeId)))
    .innerJoin(costTypes, and(eq(costTypes.organizationId, apInvoiceLines.organizationId), eq(costTypes.id, apInvoiceLines.costTypeId)))
    .where(eq(apInvoiceLines.apInvoiceId, invoiceId))
    .orderBy(asc(apInvoiceLines.lineNumber));
}
