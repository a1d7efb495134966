/**
 * Owner pay applications (G702/G703-style) of a project's prime contract: the stored record and
 * its recomputation. The math is pay-app-math.ts; this file loads what it needs (contract, SOV,
 * the previous certified application), stores the results, and refuses what the rules forbid.
 */
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import { payApplicationLines, payApplications, sovLines } from "@db/schema";
import { contractFigures, findContract } from "~/domains/contracts/contracts.server";
import { getProject } from "~/domains/projects/projects.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { dec, moneyString } from "~/utils/money";
import { RecordNotFound } from "~/utils/not-found.server";
import { computePayApplication, type G702Summary, type PayAppResult } from "./pay-app-math";

/** A rule refused the change; `field` names the form field it concerns, if any. */
export class PayAppRefused extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
/** Someone changed the application since the page was read: 409. */
export class PayAppConflict extends Error {}

export type PayApp = typeof payApplications.$inferSelect;
export type PayAppLineRow = typeof payApplicationLines.$inferSelect;
/** New inputs of one line, checked (evaluatePayApp) or stored (recomputePayApp) with the others as they are. */
export type LineEdit = Partial<PayAppLineRow> & { id: string };

export const CLOSED_STATUSES = ["certified", "paid"] as const;

export async function findPayApp(tx: Tx, payAppId: string): Promise<PayApp> {
  if (!isUuid(payAppId)) throw new RecordNotFound("pay application");
  const [app] = await tx.select().from(payApplications).where(eq(payApplications.id, payAppId));
  if (!app) throw new RecordNotFound("pay application");
  return app;
}

export const payAppLines = (tx: Tx, payAppId: string) =>
  tx.select().from(payApplicationLines).where(eq(payApplicationLines.payApplicationId, payAppId)).orderBy(asc(payApplicationLines.lineNumber));

/** The project's latest certified (or paid) application: what the next one continues from. */
export async function latestCertified(tx: Tx, projectId: string): Promise<PayApp | null> {
  const [app] = await tx
    .select()
    .from(payApplications)
    .where(and(eq(payApplications.projectId, projectId), inArray(payApplications.status, [...CLOSED_STATUSES])))
    .orderBy(desc(payApplications.number))
    .limit(1);
  return app ?? null;
}

export async function openApplication(tx: Tx, projectId: string): Promise<PayApp | null> {
  const [app] = await tx
    .select()
    .from(payApplications)
    .where(and(eq(payApplications.projectId, projectId), inArray(payApplications.status, ["draft", "submitted"])));
  return app ?? null;
}

export const summaryOf = (app: PayApp): G702Summary => ({
  line1OriginalContractSum: app.line1OriginalContractSum,
  line2NetChangeByChangeOrders: app.line2NetChange,
  line3ContractSumToDate: app.line3ContractSumToDate,
  line4CompletedAndStoredToDate: app.line4CompletedAndStored,
  line5aRetainageOnCompleted: app.line5aRetainageCompleted,
  line5bRetainageOnStored: app.line5bRetainageStored,
  line5TotalRetainage: app.line5Retainage,
  line6EarnedLessRetainage: app.line6EarnedLessRetainage,
  line7PreviousCertificates: app.line7PreviousCertificates,
  line8CurrentPaymentDue: app.line8CurrentPaymentDue,
  line9BalanceToFinishIncludingRetainage: app.line9BalanceToFinish,
});

/**
 * What the owner was certified to date by `app`: line 7 + line 8. Equal to line 6 for progress and
 * release applications; for an opening position (ADR 0013) the previous certificates entered.
 * The next application's line 7.
 */
export const certificatesToDate = (app: PayApp | null) => (app ? moneyString(dec(app.line7PreviousCertificates).plus(app.line8CurrentPaymentDue)) : "0.00");

export const summaryColumns = (s: G702Summary) => ({
  line1OriginalContractSum: s.line1OriginalContractSum,
  line2NetChange: s.line2NetChangeByChangeOrders,
  line3ContractSumToDate: s.line3ContractSumToDate,
  line4CompletedAndStored: s.line4CompletedAndStoredToDate,
  line5aRetainageCompleted: s.line5aRetainageOnCompleted,
  line5bRetainageStored: s.line5bRetainageOnStored,
  line5Retainage: s.line5TotalRetainage,
  line6EarnedLessRetainage: s.line6EarnedLessRetainage,
  line7PreviousCertificates: s.line7PreviousCertificates,
  line8CurrentPaymentDue: s.line8CurrentPaymentDue,
  line9BalanceToFinish: s.line9BalanceToFinishIncludingRetainage,
});

/** A line's values for the next application: D = D + E (stored material is not carried into D). */
export const carriedForward = (line: PayAppLineRow) => ({
  previousCompleted: sql`${line.previousCompleted}::numeric + ${line.thisPeriod}::numeric`,
  previousStored: line.storedNow,
  storedNow: line.storedNow,
  retainageReleasedBefore: sql`${line.retainageReleasedBefore}::numeric + ${line.released}::numeric`,
  retainageOpeningDifference: line.retainageOpeningDifference,
});

/**
 * Adds the SOV lines the application does not have yet: all of them for a new application, or a
 * line an approved prime change order added meanwhile. D, previous F and released retainage come
 * from the same line of the latest certified application (stored material is not carried into D).
 * Rates: the SOV line's own rate, else the application's; on stored material the contract's
 * stored rate when it has one, else the line's rate.
 */
async function addMissingSovLines(tx: Tx, app: PayApp) {
  const previous = await latestCertified(tx, app.projectId);
  await tx.execute(sql`
    insert into pay_application_lines (organization_id, pay_application_id, sov_line_id, line_number, description, scheduled_value,
      previous_completed, previous_stored, stored_now, retainage_released_before, retainage_opening_difference, retainage_rate, stored_retainage_rate)
    select s.organization_id, ${app.id}, s.id, s.line_number, s.description, s.scheduled_value,
      coalesce(p.previous_completed + p.this_period, 0), coalesce(p.stored_now, 0), coalesce(p.stored_now, 0),
      coalesce(p.retainage_released_before + p.released, 0), coalesce(p.retainage_opening_difference, 0), coalesce(s.retainage_rate, ${app.retainageRate}),
      coalesce(${app.storedRetainageRate}, s.retainage_rate, ${app.retainageRate})
    from sov_lines s
    left join pay_application_lines p on p.pay_application_id = ${previous?.id ?? null} and p.sov_line_id = s.id
    where s.contract_id = ${app.contractId}
      and not exists (select 1 from pay_application_lines l where l.pay_application_id = ${app.id} and l.sov_line_id = s.id)`);
}

/**
 * The G702/G703 figures of a draft application from its stored inputs and the contract as it is
 * now (original sum, approved prime change orders, current scheduled values), with every error.
 * `overrides` replace lines' inputs, to check edits before they are written.
 */
export async function evaluatePayApp(tx: Tx, app: PayApp, overrides: LineEdit[] = []): Promise<{ result: PayAppResult; lines: PayAppLineRow[] }> {
  const contract = await contractFigures(tx, app.projectId);
  const previous = await latestCertified(tx, app.projectId);
  const current = await tx.select({ id: sovLines.id, scheduledValue: sovLines.scheduledValue, description: sovLines.description }).from(sovLines).where(eq(sovLines.contractId, app.contractId));
  const sov = new Map(current.map((s) => [s.id, s]));
  const edits = new Map(overrides.map((edit) => [edit.id, edit]));
  const lines = (await payAppLines(tx, app.id)).map((line) => {
    const edited = { ...line, ...edits.get(line.id) };
    const now = sov.get(line.sovLineId);
    return now ? { ...edited, scheduledValue: now.scheduledValue, description: now.description } : edited;
  });
  const result = computePayApplication({
    originalContractSum: contract.originalSum,
    netChangeByChangeOrders: contract.approvedChanges,
    previousCertificates: certificatesToDate(previous),
    terms: {
      retainageRate: app.retainageRate,
      retainageCapRate: app.retainageCapRate,
      retainageBandBasis: app.retainageBandBasis,
      retainageBands: app.retainageBands,
    },
    lines: lines.map((line) => ({
      key: line.id,
      description: line.description,
      scheduledValue: line.scheduledValue,
      previousCompleted: line.previousCompleted,
      previousStored: line.previousStored,
      thisPeriod: line.thisPeriod,
      storedNow: line.storedNow,
      retainageRate: line.retainageRate,
      storedRetainageRate: line.storedRetainageRate,
      // A line rate other than the application's is the SOV line's own (sov_lines.retainage_rate).
      ownRetainageRate: !dec(line.retainageRate).eq(app.retainageRate),
      correction: line.correction,
      retainageReleased: line.retainageReleasedBefore,
      retainageOpeningDifference: line.retainageOpeningDifference,
    })),
  });
  return { result, lines };
}

/** Recomputes a draft (or submitted) progress application and stores its figures. */
export async function recomputePayApp(tx: Tx, app: PayApp, overrides: LineEdit[] = []) {
  if (app.kind !== "progress" || !["draft", "submitted"].includes(app.status)) return null;
  await addMissingSovLines(tx, app);
  const { result, lines } = await evaluatePayApp(tx, app, overrides);
  // one statement for every line, not one per line
  const rows = result.lines.map((computed, i) => {
    const line = lines[i];
    return sql`(${line.id}::uuid, ${line.scheduledValue}::numeric, ${line.description}, ${computed.thisPeriod}::numeric, ${computed.storedNow}::numeric,
      ${line.correction}::boolean, ${computed.retainageOnCompleted}::numeric, ${computed.retainageOnStored}::numeric, ${computed.retainage}::numeric)`;
  });
  if (rows.length)
    await tx.execute(sql`
      update pay_application_lines l set scheduled_value = v.scheduled_value, description = v.description, this_period = v.this_period,
        stored_now = v.stored_now, correction = v.correction, retainage_on_completed = v.on_completed, retainage_on_stored = v.on_stored,
        retainage = v.retainage, updated_at = now()
      from (values ${sql.join(rows, sql`, `)}) as v(id, scheduled_value, description, this_period, stored_now, correction, on_completed, on_stored, retainage)
      where l.id = v.id`);
  await tx.update(payApplications).set({ ...summaryColumns(result.summary), updatedAt: sql`now()` }).where(eq(payApplications.id, app.id));
  return result;
}

/** The project and contract a new application is for; refuses a project without a contract. */
export async function requireContract(tx: Tx, projectId: string) {
  const project = await getProject(tx, projectId);
  const contract = await findContract(tx, projectId);
  if (!contract) throw new PayAppRefused("This project has no prime contract yet: create it and its schedule of values first.");
  return { project, contract };
}
