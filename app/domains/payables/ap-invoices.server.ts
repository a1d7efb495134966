import { and, eq, ne, sql } from "drizzle-orm";
import { apInvoices, projects } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { findCommitment } from "../commitments/commitments.server";
import { vendorExists } from "../contracts/lookups.server";
import { AP_INVOICE_STATUS_LABELS, type ApInvoiceHeader, type ApInvoiceStatus, type NewCommitmentInvoice, type NewDirectInvoice } from "./payables.schema";

/** Someone changed the invoice since the page was read: 409. */
export class ApInvoiceConflict extends Error {}
/** A business rule refused the change; `field` names the form field it concerns, if any. */
export class ApInvoiceRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const apInvoiceColumns = {
  id: apInvoices.id,
  vendorId: apInvoices.vendorId,
  projectId: apInvoices.projectId,
  commitmentId: apInvoices.commitmentId,
  kind: apInvoices.kind,
  invoiceNumber: apInvoices.invoiceNumber,
  invoiceDate: apInvoices.invoiceDate,
  dueDate: apInvoices.dueDate,
  description: apInvoices.description,
  status: apInvoices.status,
  retainageRate: apInvoices.retainageRate,
  total: apInvoices.total,
  retainage: apInvoices.retainage,
  amountDue: apInvoices.amountDue,
  submittedAt: apInvoices.submittedAt,
  approvedAt: apInvoices.approvedAt,
  rejectionReason: apInvoices.rejectionReason,
  version: apInvoices.version,
};

export type ApInvoice = Awaited<ReturnType<typeof findApInvoice>>;

/** The status in words for messages: "pending approval", "approved"… */
export const statusInWords = (status: ApInvoiceStatus) => AP_INVOICE_STATUS_LABELS[status].toLowerCase();

export const staleInvoice = (invoice: { invoiceNumber: string }) =>
  new ApInvoiceConflict(`Someone else changed invoice ${invoice.invoiceNumber} meanwhile. Reload the page and try again.`);

/** One invoice of the current tenant (a malformed id, a missing one and another tenant's are all RecordNotFound). */
export async function findApInvoice(tx: Tx, invoiceId: string) {
  if (!isUuid(invoiceId)) throw new RecordNotFound("vendor invoice");
  const [row] = await tx.select(apInvoiceColumns).from(apInvoices).where(eq(apInvoices.id, invoiceId));
  if (!row) throw new RecordNotFound("vendor invoice");
  return row;
}

/**
 * Why a guarded write (`where id = … and version = … and status = 'draft'`) touched no row:
 * the invoice is no longer a draft (read-only), or someone saved it meanwhile.
 */
export async function explainMissedWrite(tx: Tx, invoiceId: string): Promise<never> {
  const current = await findApInvoice(tx, invoiceId);
  if (current.status === "pending_approval")
    throw new ApInvoiceRefused(`Invoice ${current.invoiceNumber} is waiting for approval: withdraw it from approval to edit it.`);
  if (current.status !== "draft") throw new ApInvoiceRefused(`Invoice ${current.invoiceNumber} is ${statusInWords(current.status)}: it can no longer be edited.`);
  throw staleInvoice(current);
}

async function vendorName(tx: Tx, vendorId: string) {
  const [row] = await queryRows<{ name: string }>(tx, sql`select name from vendors where id = ${vendorId}`);
  return row?.name ?? "this vendor";
}

const numberTaken = async (tx: Tx, vendorId: string, invoiceNumber: string) =>
  new ApInvoiceRefused(`Invoice number ${invoiceNumber} of ${await vendorName(tx, vendorId)} is already entered. Open that invoice instead of entering it twice.`, "invoiceNumber");

/** A vendor's invoice number is entered once (voided invoices free theirs); the unique index backs this under races. */
async function assertNumberFree(tx: Tx, vendorId: string, invoiceNumber: string, exceptId?: string) {
  const [taken] = await tx
    .select({ id: apInvoices.id })
    .from(apInvoices)
    .where(and(eq(apInvoices.vendorId, vendorId), eq(apInvoices.invoiceNumber, invoiceNumber), ne(apInvoices.status, "void"), exceptId ? ne(apInvoices.id, exceptId) : undefined));
  if (taken) throw await numberTaken(tx, vendorId, invoiceNumber);
}

type NewInvoiceRow = Omit<typeof apInvoices.$inferInsert, "organizationId" | "invoiceNumber" | "invoiceDate" | "dueDate" | "description">;
type Header = Pick<NewCommitmentInvoice, "invoiceNumber" | "invoiceDate" | "dueDate" | "description">;

/** Inserts a draft invoice; a number taken by a concurrent insert is the same clear refusal. */
export async function insertApInvoice(tx: Tx, row: NewInvoiceRow & { vendorId: string }, header: Header) {
  await assertNumberFree(tx, row.vendorId, header.invoiceNumber);
  const [created] = await tx
    .insert(apInvoices)
    .values({ organizationId: sql`${currentOrganizationId}`, ...row, ...header })
    .onConflictDoNothing({ target: [apInvoices.organizationId, apInvoices.vendorId, apInvoices.invoiceNumber], where: sql`status <> 'void'` })
    .returning(apInvoiceColumns);
  if (!created) throw await numberTaken(tx, row.vendorId, header.invoiceNumber);
  await recordAudit(tx, { entityType: "ap_invoice", entityId: created.id, action: "created", after: created });
  return created;
}

const headerOf = ({ invoiceNumber, invoiceDate, dueDate, description }: Header): Header => ({ invoiceNumber, invoiceDate, dueDate, description });

/** A draft invoice against an executed commitment: its vendor, project and retainage rate. */
export async function createCommitmentInvoice(tx: Tx, input: NewCommitmentInvoice) {
  const commitment = await findCommitment(tx, input.commitmentId);
  if (commitment.status !== "executed")
    throw new ApInvoiceRefused(`Commitment ${commitment.number} is not executed: only executed commitments can be invoiced.`, "commitmentId");
  return insertApInvoice(
    tx,
    { vendorId: commitment.vendorId, projectId: commitment.projectId, commitmentId: commitment.id, kind: "progress", retainageRate: commitment.retainageRate },
    headerOf(input),
  );
}

/** A draft direct-cost invoice (no commitment, no retainage) for a project. */
export async function createDirectInvoice(tx: Tx, input: NewDirectInvoice) {
  const [project] = isUuid(input.projectId) ? await tx.select({ id: projects.id }).from(projects).where(eq(projects.id, input.projectId)) : [];
  if (!project) throw new ApInvoiceRefused("Choose a project of this organization.", "projectId");
  if (!(await vendorExists(tx, input.vendorId))) throw new ApInvoiceRefused("Choose a vendor of this organization.", "vendorId");
  return insertApInvoice(tx, { vendorId: input.vendorId, projectId: project.id, commitmentId: null, kind: "progress", retainageRate: "0" }, headerOf(input));
}

/** Invoice number, dates and description: while the invoice is a draft only. */
export async function updateApInvoiceHeader(tx: Tx, invoiceId: string, input: Omit<ApInvoiceHeader, "intent">) {
  const before = await findApInvoice(tx, invoiceId);
  if (before.status !== "draft") return explainMissedWrite(tx, before.id);
  await assertNumberFree(tx, before.vendorId, input.invoiceNumber, before.id);
  const [after] = await tx
    .update(apInvoices)
    .set({ ...headerOf(input), version: sql`${apInvoices.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(apInvoices.id, before.id), eq(apInvoices.version, input.version), eq(apInvoices.status, "draft")))
    .returning(apInvoiceColumns);
  if (!after) return explainMissedWrite(tx, before.id);
  await recordAudit(tx, { entityType: "ap_invoice", entityId: after.id, action: "updated", before, after });
  return after;
}
