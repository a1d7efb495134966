/**
 * The opening position of a project's prime contract (ADR 0013): the billing of a job already under
 * way when the organization started using the app. Stored as a pay application of kind "opening",
 * certified, numbered as the last application billed before, so the next progress application
 * continues from it (column D, previous F, line 7 = previous certificates, retainage carried
 * exactly). The amount received to date is stored on it (received_before_onboarding) and counts as
 * received; what is left is a receivable due on the last previous certificate's date.
 */
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import { arPayments, payApplicationLines, payApplications, sovLines } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { assertSovMatchesContract, contractFigures, SovMismatch } from "~/domains/contracts/contracts.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { dec, formatAmount, moneyString } from "~/utils/money";
import type { OpeningBillingInput } from "./opening-billing.schema";
import { computePayApplication, openingRetainageDifferences, type PayAppLineInput } from "./pay-app-math";
import { PayAppConflict, PayAppRefused, payAppLines, requireContract, summaryColumns, type PayApp } from "./pay-apps.server";

export async function findOpening(tx: Tx, projectId: string): Promise<PayApp | null> {
  const [app] = await tx.select().from(payApplications).where(and(eq(payApplications.projectId, projectId), eq(payApplications.kind, "opening")));
  return app ?? null;
}

/** What a correction of the opening position rewrites on each of its lines. */
const OPENING_LINE_FIELDS = [
  "lineNumber",
  "description",
  "scheduledValue",
  "previousCompleted",
  "storedNow",
  "retainageRate",
  "storedRetainageRate",
  "retainageOnCompleted",
  "retainageOnStored",
  "retainage",
  "retainageOpeningDifference",
] as const;

/** Null when the opening position may be entered or changed; else why not. */
export async function openingBlocker(tx: Tx, projectId: string, opening: PayApp | null): Promise<string | null> {
  const [other] = await tx
    .select({ number: payApplications.number })
    .from(payApplications)
    .where(and(eq(payApplications.projectId, projectId), ne(payApplications.kind, "opening")))
    .orderBy(desc(payApplications.number))
    .limit(1);
  if (!other) return null;
  return opening
    ? `Application #${other.number} follows the opening position, so the opening position can no longer change.`
    : `This project already has application #${other.number} in the app: an opening position comes before the first application.`;
}

/** The SOV lines with the opening figures entered so far (zeros for a new opening position). */
export async function openingSheet(tx: Tx, projectId: string) {
  const { contract } = await requireContract(tx, projectId);
  const opening = await findOpening(tx, projectId);
  const sov = await tx.select().from(sovLines).where(eq(sovLines.contractId, contract.id)).orderBy(asc(sovLines.lineNumber));
  const entered = new Map((opening ? await payAppLines(tx, opening.id) : []).map((l) => [l.sovLineId, l]));
  return {
    contract,
    opening,
    receivedToDate: opening?.receivedBeforeOnboarding ?? "0.00",
    blocker: await openingBlocker(tx, projectId, opening),
    lines: sov.map((s) => {
      const line = entered.get(s.id);
      return {
        sovLineId: s.id,
        lineNumber: s.lineNumber,
        description: s.description,
        scheduledValue: s.scheduledValue,
        /** The SOV line's own retainage rate; null follows the contract. */
        ownRate: s.retainageRate,
        completed: line?.previousCompleted ?? "0.00",
        stored: line?.storedNow ?? "0.00",
        retainageHeld: line?.retainage ?? "0.00",
      };
    }),
  };
}

/** A line's retainage held must lie between zero and its completed and stored work, on the line's side of zero. */
function heldProblem(description: string, held: string, completedAndStored: string): string | null {
  const [h, g] = [dec(held), dec(completedAndStored)];
  const direction = g.lt(0) ? -1 : 1;
  if (h.times(direction).lt(0) || h.times(direction).gt(g.times(direction)))
    return `Line "${description}": retainage held ${formatAmount(h)} must be between 0.00 and its completed and stored work ${formatAmount(g)}.`;
  return null;
}

/**
 * Enters or replaces the opening position in one transaction. Refused (nothing written) when an
 * application already follows it, when a line breaks a pay application rule (past 100%, negative
 * stored …), when the previous certificates are more than completed and stored less retainage
 * held (line 6), or when more was received than certified.
 */
export async function saveOpeningBilling(tx: Tx, projectId: string, input: OpeningBillingInput & { userId: string | null }) {
  const { contract } = await requireContract(tx, projectId);
  try {
    await assertSovMatchesContract(tx, projectId);
  } catch (error) {
    if (error instanceof SovMismatch) throw new PayAppRefused(error.message);
    throw error;
  }
  const before = await findOpening(tx, projectId);
  const blocker = await openingBlocker(tx, projectId, before);
  if (blocker) throw new PayAppRefused(blocker);
  if ((before?.version ?? 0) !== input.version) throw new PayAppConflict("Someone else changed the opening position meanwhile. Reload the page and try again.");

  const sheet = await openingSheet(tx, projectId);
  const posted = new Map(input.lines.map((l) => [l.sovLineId, l]));
  if (input.lines.some((l) => !sheet.lines.some((s) => s.sovLineId === l.sovLineId)))
    throw new PayAppRefused("A posted line is not on this contract's schedule of values. Reload the page and try again.");
  const rate = contract.retainageRate;
  // the rates a progress application gives each line (pay-apps.server.ts addMissingSovLines)
  const lineRate = (s: (typeof sheet.lines)[number]) => s.ownRate ?? rate;
  const storedRateOf = (s: (typeof sheet.lines)[number]) => contract.storedRetainageRate ?? s.ownRate ?? rate;
  const lines: PayAppLineInput[] = sheet.lines.map((s) => {
    const entered = posted.get(s.sovLineId);
    return {
      key: s.sovLineId,
      description: s.description,
      scheduledValue: s.scheduledValue,
      previousCompleted: entered?.completed ?? "0.00",
      previousStored: "0.00",
      thisPeriod: "0.00",
      storedNow: entered?.stored ?? "0.00",
      retainageRate: lineRate(s),
      storedRetainageRate: storedRateOf(s),
      ownRetainageRate: !dec(lineRate(s)).eq(rate),
    };
  });
  const held = Object.fromEntries(sheet.lines.map((s) => [s.sovLineId, posted.get(s.sovLineId)?.retainageHeld ?? "0.00"]));
  const figures = await contractFigures(tx, projectId);
  const base = { originalContractSum: figures.originalSum, netChangeByChangeOrders: figures.approvedChanges, previousCertificates: "0.00", lines };
  // the cap is left to the next application: the opening holds exactly what was entered
  const terms = { retainageRate: rate, retainageBandBasis: contract.retainageBandBasis, retainageBands: contract.retainageBands };
  const differences = openingRetainageDifferences({ ...base, terms }, held);
  const result = computePayApplication({ ...base, terms, lines: lines.map((l) => ({ ...l, retainageOpeningDifference: differences[l.key] })) });

  const problems = [
    ...result.errors.map((e) => e.message),
    ...result.lines.flatMap((l) => heldProblem(l.description, held[l.key], l.totalCompletedAndStored) ?? []),
  ];
  const earned = dec(result.summary.line6EarnedLessRetainage);
  if (dec(input.previousCertificates).gt(earned))
    problems.push(
      `The previous certificates total ${formatAmount(input.previousCertificates)} is more than completed and stored to date less retainage held ` +
        `(${formatAmount(result.summary.line4CompletedAndStoredToDate)} − ${formatAmount(result.summary.line5TotalRetainage)} = ${formatAmount(earned)}): check the lines or the total.`,
    );
  const laterPayments = before ? await paymentsOn(tx, before.id) : "0.00";
  const received = dec(input.receivedToDate).plus(laterPayments);
  if (received.gt(input.previousCertificates))
    problems.push(
      `Received ${formatAmount(received)}${dec(laterPayments).gt(0) ? ` (${formatAmount(laterPayments)} of it recorded since onboarding)` : ""} is more than the previous certificates total ${formatAmount(input.previousCertificates)}.`,
    );
  if (problems.length) throw new PayAppRefused(problems.join(" "));

  const header = {
    number: input.lastApplicationNumber,
    periodEnd: input.periodEnd,
    applicationDate: input.certificateDate,
    // aged from the last previous certificate's date, not as a new receivable
    dueDate: input.certificateDate,
    status: (dec(input.previousCertificates).gt(0) && received.eq(input.previousCertificates) ? "paid" : "certified") as PayApp["status"],
    retainageRate: rate,
    storedRetainageRate: contract.storedRetainageRate,
    retainageCapRate: contract.retainageCapRate,
    retainageBandBasis: contract.retainageBandBasis,
    retainageBands: contract.retainageBands,
    ...summaryColumns(result.summary),
    line7PreviousCertificates: "0.00",
    line8CurrentPaymentDue: input.previousCertificates,
    receivedBeforeOnboarding: input.receivedToDate,
  };
  const [after] = before
    ? await tx
        .update(payApplications)
        .set({ ...header, version: sql`${payApplications.version} + 1`, updatedAt: sql`now()` })
        .where(and(eq(payApplications.id, before.id), eq(payApplications.version, before.version)))
        .returning()
    : await tx
        .insert(payApplications)
        .values({
          ...header,
          organizationId: sql`${currentOrganizationId}`,
          projectId,
          contractId: contract.id,
          kind: "opening",
          certifiedAt: sql`now()`,
          certifiedBy: input.userId,
          createdBy: input.userId,
        })
        .returning();
  if (!after) throw new PayAppConflict("Someone else changed the opening position meanwhile. Reload the page and try again.");

  // lines are never deleted (refuse_record_delete): one upsert by SOV line
  await tx
    .insert(payApplicationLines)
    .values(
    result.lines.map((l, i) => ({
      organizationId: sql`${currentOrganizationId}`,
      payApplicationId: after.id,
      sovLineId: l.key,
      lineNumber: sheet.lines[i].lineNumber,
      description: l.description,
      scheduledValue: l.scheduledValue,
      previousCompleted: l.previousCompleted,
      previousStored: "0.00",
      thisPeriod: "0.00",
      storedNow: l.storedNow,
      retainageRate: lineRate(sheet.lines[i]),
      storedRetainageRate: storedRateOf(sheet.lines[i]),
      retainageOnCompleted: l.retainageOnCompleted,
      retainageOnStored: l.retainageOnStored,
      retainage: l.retainage,
      retainageOpeningDifference: differences[l.key],
    })),
    )
    .onConflictDoUpdate({
      target: [payApplicationLines.organizationId, payApplicationLines.payApplicationId, payApplicationLines.sovLineId],
      set: Object.fromEntries(OPENING_LINE_FIELDS.map((field) => [field, sql.raw(`excluded.${payApplicationLines[field].name}`)])),
    });
  await recordAudit(tx, {
    entityType: "pay_application",
    entityId: after.id,
    action: before ? "opening_position_updated" : "opening_position_created",
    before: before ? { ...before, lines: sheet.lines } : undefined,
    after: { ...after, lines: input.lines },
  });
  return after;
}

/** Payments recorded in the app against the opening position (after onboarding). */
async function paymentsOn(tx: Tx, payAppId: string) {
  const [row] = await tx
    .select({ total: sql<string>`coalesce(sum(${arPayments.amount}), 0)::numeric(14,2)::text` })
    .from(arPayments)
    .where(eq(arPayments.payApplicationId, payAppId));
  return moneyString(row?.total ?? "0");
}
