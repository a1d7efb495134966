/**
 * The pay application lifecycle: draft → submitted → certified (immutable) → paid; submitted →
 * draft to correct it. Only one application is open (draft or submitted) per project at a time.
 * Every transition is guarded by status and the version the user saw.
 */
import { and, eq, sql, type SQL } from "drizzle-orm";
import { payApplicationLines, payApplications } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { assertSovMatchesContract, SovMismatch } from "~/domains/contracts/contracts.server";
import { notifyPayAppOutcome } from "~/domains/notifications/producers.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import { thisPeriodFromPercent } from "./pay-app-math";
import type { NewPayApp, PayAppLineUpdate } from "./pay-apps.schema";
import {
  certificatesToDate,
  evaluatePayApp,
  findPayApp,
  latestCertified,
  openApplication,
  PayAppConflict,
  PayAppRefused,
  recomputePayApp,
  requireContract,
  type PayApp,
} from "./pay-apps.server";

const label = (app: Pick<PayApp, "number">) => `Application #${app.number}`;
const stale = (app: PayApp) => new PayAppConflict(`Someone else changed ${label(app)} meanwhile. Reload the page and try again.`);

/** Refuses a second open application, naming the one in progress. */
export async function assertNoOpenApplication(tx: Tx, projectId: string) {
  const open = await openApplication(tx, projectId);
  if (open) throw new PayAppRefused(`${label(open)} is still ${open.status}: certify it (or finish it) before starting another.`);
}

export const nextNumber = async (tx: Tx, projectId: string) => {
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select coalesce(max(number), 0)::int + 1 as n from pay_applications where project_id = ${projectId}`);
  return n;
};

/** Runs `insert`, turning the one-open-application index into a clear refusal (two users racing). */
export async function insertApplication<T>(tx: Tx, projectId: string, insert: () => Promise<T>): Promise<T> {
  try {
    return await tx.transaction(() => insert());
  } catch (error) {
    if (isUniqueViolation(error, "pay_applications_one_open_key") || isUniqueViolation(error, "pay_applications_org_project_number_key")) {
      await assertNoOpenApplication(tx, projectId);
      throw new PayAppConflict("Another application was just started on this project. Reload the page.");
    }
    throw error;
  }
}

/** The header of a new application: the next number, the contract's retainage terms, no figures yet. */
export async function insertApplicationHeader(
  tx: Tx,
  projectId: string,
  terms: Pick<PayApp, "contractId" | "retainageRate" | "storedRetainageRate" | "retainageCapRate" | "retainageBandBasis" | "retainageBands">,
  fields: Pick<PayApp, "kind" | "periodEnd" | "applicationDate" | "dueDate" | "createdBy"> & Partial<typeof payApplications.$inferInsert>,
): Promise<PayApp> {
  return insertApplication(tx, projectId, async () => {
    const [created] = await tx
      .insert(payApplications)
      .values({
        ...fields,
        contractId: terms.contractId,
        retainageRate: terms.retainageRate,
        storedRetainageRate: terms.storedRetainageRate,
        retainageCapRate: terms.retainageCapRate,
        retainageBandBasis: terms.retainageBandBasis,
        retainageBands: terms.retainageBands,
        organizationId: sql`${currentOrganizationId}`,
        projectId,
        number: await nextNumber(tx, projectId),
      })
      .returning();
    return created;
  });
}

/**
 * Starts the next progress application: one line per SOV line, D and previous F carried from the
 * latest certified application, retainage terms copied from the contract. The schedule of values
 * must add up to the contract sum to date.
 */
export async function createPayApplication(tx: Tx, projectId: string, input: NewPayApp & { createdBy: string }) {
  const { contract } = await requireContract(tx, projectId);
  try {
    await assertSovMatchesContract(tx, projectId);
  } catch (error) {
    if (error instanceof SovMismatch) throw new PayAppRefused(error.message);
    throw error;
  }
  await assertNoOpenApplication(tx, projectId);
  const previous = await latestCertified(tx, projectId);
  const app = await insertApplicationHeader(
    tx,
    projectId,
    { ...contract, contractId: contract.id },
    { kind: "progress", ...input, line7PreviousCertificates: certificatesToDate(previous) },
  );
  await recomputePayApp(tx, app);
  const after = await findPayApp(tx, app.id);
  await recordAudit(tx, { entityType: "pay_application", entityId: app.id, action: "created", after });
  return after;
}

/** A progress draft whose progress may be entered, as read at `version` (else a refusal or a conflict). */
export async function findEditableDraft(tx: Tx, payAppId: string, version: number) {
  const app = await findPayApp(tx, payAppId);
  if (app.status !== "draft") throw new PayAppRefused(`${label(app)} is ${app.status}: only a draft can be changed.`);
  if (app.kind !== "progress") throw new PayAppRefused(`${label(app)} releases retainage; it has no progress to enter.`);
  if (app.version !== version) throw stale(app);
  return app;
}

/** Bumps the draft's version, still as read (another save meanwhile is a conflict). */
export async function claimDraft(tx: Tx, app: PayApp) {
  const [bumped] = await tx
    .update(payApplications)
    .set({ version: sql`${payApplications.version} + 1` })
    .where(and(eq(payApplications.id, app.id), eq(payApplications.version, app.version), eq(payApplications.status, "draft")))
    .returning();
  if (!bumped) throw stale(app);
  return bumped;
}

/**
 * Saves one continuation-sheet line of a draft (amount or % complete to date, stored materials,
 * correction flag). A line that would break a rule is refused with the rule's message and nothing
 * is written.
 */
export async function updatePayAppLine(tx: Tx, payAppId: string, input: Omit<PayAppLineUpdate, "intent">) {
  const app = await findEditableDraft(tx, payAppId, input.version);
  const [line] = await tx
    .select()
    .from(payApplicationLines)
    .where(and(eq(payApplicationLines.id, input.lineId), eq(payApplicationLines.payApplicationId, app.id)));
  if (!line) throw new RecordNotFound("pay application line");
  const thisPeriod = input.thisPeriod ?? thisPeriodFromPercent(line, input.percentToDate ?? "0");
  const edit = { id: line.id, thisPeriod, storedNow: input.storedNow, correction: input.correction };
  const { result } = await evaluatePayApp(tx, app, [edit]);
  const problem = result.errors.find((e) => e.key === line.id);
  if (problem) throw new PayAppRefused(problem.message, problem.code === "negativeStored" ? "storedNow" : "thisPeriod");
  const bumped = await claimDraft(tx, app);
  await recomputePayApp(tx, bumped, [edit]);
  await recordAudit(tx, { entityType: "pay_application_line", entityId: line.id, action: "updated", before: line, after: { ...line, ...edit } });
  return findPayApp(tx, app.id);
}

type Transition = { payAppId: string; version: number; actorId: string };

type Stamps = { submittedAt?: SQL | null; certifiedAt?: SQL; certifiedBy?: string };

async function move(tx: Tx, input: Transition, from: PayApp["status"], to: PayApp["status"], extra: Stamps = {}) {
  const before = await findPayApp(tx, input.payAppId);
  if (before.version !== input.version) throw stale(before);
  if (before.status !== from) throw new PayAppRefused(`${label(before)} is ${before.status}: it cannot be ${to === "draft" ? "returned to draft" : to}.`);
  const [after] = await tx
    .update(payApplications)
    .set({ ...extra, status: to, version: sql`${payApplications.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(payApplications.id, before.id), eq(payApplications.version, input.version), eq(payApplications.status, from)))
    .returning();
  if (!after) throw stale(before);
  return { before, after };
}

/** Refuses an application with any error (a line past 100%, a schedule that does not add up …). */
async function assertValid(tx: Tx, app: PayApp) {
  if (app.kind !== "progress") return;
  const result = await recomputePayApp(tx, app);
  if (result?.errors.length) throw new PayAppRefused(result.errors.map((e) => e.message).join(" "));
}

export async function submitPayApp(tx: Tx, input: Transition) {
  await assertValid(tx, await findPayApp(tx, input.payAppId));
  const { before, after } = await move(tx, input, "draft", "submitted", { submittedAt: sql`now()` });
  await recordAudit(tx, { entityType: "pay_application", entityId: after.id, action: "submitted", before, after });
  return after;
}

export async function returnPayAppToDraft(tx: Tx, input: Transition) {
  const { before, after } = await move(tx, input, "submitted", "draft", { submittedAt: null });
  await recordAudit(tx, { entityType: "pay_application", entityId: after.id, action: "returned_to_draft", before, after });
  return after;
}

/** Submitted → certified: the figures are recomputed one last time and frozen from then on. */
export async function certifyPayApp(tx: Tx, input: Transition) {
  await assertValid(tx, await findPayApp(tx, input.payAppId));
  const { before, after } = await move(tx, input, "submitted", "certified", { certifiedAt: sql`now()`, certifiedBy: input.actorId });
  await recordAudit(tx, { entityType: "pay_application", entityId: after.id, action: "certified", before, after });
  await notifyPayAppOutcome(tx, after.id, "certified", input.actorId);
  return after;
}
