import { and, eq, ne, sql } from "drizzle-orm";
import { commitments } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { dec, moneyString, totalOutOfRange } from "~/utils/money";
import { vendorExists } from "../contracts/lookups.server";
import { isUuid } from "~/utils/ids";
import { getProject } from "../projects/projects.server";
import { bandColumns } from "../contracts/retainage-bands";
import { bandTerms } from "../contracts/retainage-bands.schema";
import { COMMITMENT_STATUS_LABELS, type CommitmentHeader, type CommitmentStatus, type NewCommitment } from "./commitments.schema";

/** Someone changed the commitment since the page was read: 409. */
export class CommitmentConflict extends Error {}
/** A business rule refused the change; `field` names the form field it concerns, if any. */
export class CommitmentRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export const commitmentColumns = {
  id: commitments.id,
  projectId: commitments.projectId,
  vendorId: commitments.vendorId,
  number: commitments.number,
  type: commitments.type,
  title: commitments.title,
  retainageRate: commitments.retainageRate,
  retainageCapRate: commitments.retainageCapRate,
  retainageBandBasis: commitments.retainageBandBasis,
  retainageBands: commitments.retainageBands,
  status: commitments.status,
  executedAt: commitments.executedAt,
  submittedAt: commitments.submittedAt,
  rejectionReason: commitments.rejectionReason,
  version: commitments.version,
};

export type Commitment = Awaited<ReturnType<typeof findCommitment>>;

/** The status in words for messages: "pending approval", "executed"… */
export const statusInWords = (status: CommitmentStatus) => COMMITMENT_STATUS_LABELS[status].toLowerCase();

export async function findCommitment(tx: Tx, commitmentId: string) {
  if (!isUuid(commitmentId)) throw new RecordNotFound("commitment");
  const [row] = await tx.select(commitmentColumns).from(commitments).where(eq(commitments.id, commitmentId));
  if (!row) throw new RecordNotFound("commitment");
  return row;
}

/**
 * Why a guarded write (`where id = … and version = … and status = 'draft'`) touched no row:
 * the commitment is gone, no longer a draft (read-only), or someone saved it meanwhile.
 */
export async function explainMissedWrite(tx: Tx, commitmentId: string): Promise<never> {
  const current = await findCommitment(tx, commitmentId);
  if (current.status === "pending_approval")
    throw new CommitmentRefused(`Commitment ${current.number} is waiting for approval: withdraw it from approval to edit it.`);
  if (current.status !== "draft") throw new CommitmentRefused(`Commitment ${current.number} is ${statusInWords(current.status)}: it can no longer be edited.`);
  throw new CommitmentConflict(`Someone else changed commitment ${current.number} meanwhile. Reload the page and try again.`);
}

async function checkHeader(tx: Tx, projectId: string, input: NewCommitment, exceptId?: string) {
  if (!(await vendorExists(tx, input.vendorId))) throw new CommitmentRefused("Choose a vendor of this organization.", "vendorId");
  const [taken] = await tx
    .select({ id: commitments.id })
    .from(commitments)
    .where(and(eq(commitments.projectId, projectId), sql`lower(${commitments.number}) = lower(${input.number})`, exceptId ? ne(commitments.id, exceptId) : undefined));
  if (taken) throw numberTaken(input.number);
}

const numberTaken = (number: string) => new CommitmentRefused(`Number ${number} is already used by another commitment on this project.`, "number");

const headerValues = (input: NewCommitment) => ({
  vendorId: input.vendorId,
  type: input.type,
  number: input.number,
  title: input.title,
  // The percent field arrives as a fraction (the schema converts it).
  retainageRate: input.retainagePercent,
  retainageCapRate: input.retainageCapPercent ?? null,
  ...bandColumns(bandTerms(input)),
});

export async function createCommitment(tx: Tx, projectId: string, input: NewCommitment) {
  const project = await getProject(tx, projectId);
  await checkHeader(tx, project.id, input);
  const [created] = await tx
    .insert(commitments)
    .values({ organizationId: sql`${currentOrganizationId}`, projectId: project.id, ...headerValues(input) })
    .onConflictDoNothing({ target: [commitments.organizationId, commitments.projectId, commitments.number] })
    .returning(commitmentColumns);
  if (!created) throw numberTaken(input.number);
  await recordAudit(tx, { entityType: "commitment", entityId: created.id, action: "created", after: created });
  return created;
}

/** Vendor, type, number, title and retainage: while the commitment is a draft only. */
export async function updateCommitmentHeader(tx: Tx, commitmentId: string, input: Omit<CommitmentHeader, "intent">) {
  const before = await findCommitment(tx, commitmentId);
  if (before.status !== "draft") return explainMissedWrite(tx, before.id);
  await checkHeader(tx, before.projectId, input, before.id);
  const [after] = await tx
    .update(commitments)
    .set({ ...headerValues(input), version: sql`${commitments.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(commitments.id, before.id), eq(commitments.version, input.version), eq(commitments.status, "draft")))
    .returning(commitmentColumns);
  if (!after) return explainMissedWrite(tx, before.id);
  await recordAudit(tx, { entityType: "commitment", entityId: after.id, action: "updated", before, after });
  return after;
}

export type CommitmentFigures = { originalValue: string; approvedChanges: string; pendingChanges: string; revisedValue: string };

/**
 * Original value = Σ lines; approved changes = Σ lines of its approved commitment change orders;
 * revised = original + approved. Pending = draft or submitted change orders (not in revised).
 */
export async function commitmentFigures(tx: Tx, commitmentId: string): Promise<CommitmentFigures> {
  const [row] = await queryRows<CommitmentFigures>(tx, sql`
    with lines as (select coalesce(sum(amount), 0) as total from commitment_lines where commitment_id = ${commitmentId}),
    cos as (
      select coalesce(sum(l.amount) filter (where co.status = 'approved'), 0) as approved,
             coalesce(sum(l.amount) filter (where co.status in ('draft', 'pending_approval')), 0) as pending
      from change_orders co
      join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
      where co.commitment_id = ${commitmentId} and co.kind = 'commitment')
    select lines.total::text as "originalValue", cos.approved::text as "approvedChanges",
           cos.pending::text as "pendingChanges", (lines.total + cos.approved)::text as "revisedValue"
    from lines cross join cos`);
  // Summed without a numeric(14,2) cast, so a total that grew too large reads instead of failing.
  return { originalValue: moneyString(row.originalValue), approvedChanges: moneyString(row.approvedChanges), pendingChanges: moneyString(row.pendingChanges), revisedValue: moneyString(row.revisedValue) };
}

/** Why the commitment's lines and change orders as they now stand are refused (a total too large), or null. */
export async function commitmentTotalsProblem(tx: Tx, commitmentId: string) {
  const f = await commitmentFigures(tx, commitmentId);
  return totalOutOfRange({
    "the commitment's original value": f.originalValue,
    "its revised value": f.revisedValue,
    "its pending changes": f.pendingChanges,
    "its revised value with pending changes": dec(f.revisedValue).plus(f.pendingChanges),
  });
}

/** The commitment page: header, project, vendor and figures (RecordNotFound for other tenants). */
export async function getCommitment(tx: Tx, commitmentId: string) {
  const commitment = await findCommitment(tx, commitmentId);
  const project = await getProject(tx, commitment.projectId);
  const [vendor] = await queryRows<{ name: string }>(tx, sql`select name from vendors where id = ${commitment.vendorId}`);
  return { commitment, project, vendorName: vendor?.name ?? "", figures: await commitmentFigures(tx, commitment.id) };
}

/** Change orders against this commitment, with the Σ of their lines. */
export async function listCommitmentChangeOrders(tx: Tx, commitmentId: string) {
  const rows = await queryRows<{ id: string; number: number; title: string; stage: string; status: string; amount: string }>(tx, sql`
    select co.id, co.number, co.title, co.stage, co.status, coalesce(sum(l.amount), 0)::numeric(14,2)::text as amount
    from change_orders co
    left join change_order_lines l on l.organization_id = co.organization_id and l.change_order_id = co.id
    where co.commitment_id = ${commitmentId}
    group by co.id
    order by co.number`);
  return [...rows];
}
