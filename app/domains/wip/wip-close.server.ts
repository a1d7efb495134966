/**
 * Month-end close of the WIP schedule (docs/wip-close.md): closing freezes the schedule as of a
 * period end (wip-as-of.server.ts) into wip_closes + wip_close_rows, with each project's period
 * and year-to-date figures; reopening (with a reason) lets the period be closed again, as a new
 * version. Both serialize per organization and are audited in the same transaction.
 */
import { sql } from "drizzle-orm";
import { wipCloseRows, wipCloses } from "@db/schema";
import { organizationToday } from "~/utils/aging-report.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { wipScheduleAsOf } from "./wip-as-of.server";
import { fiscalYearStart, figuresSince, previousFiscalYearEnd } from "./wip-period";

/** A close refused by a rule; `field` names the form field it is about. */
export class WipCloseRefused extends Error {
  constructor(
    message: string,
    readonly field: "periodEnd" | "reason" | null = null,
  ) {
    super(message);
  }
}

type CloseRef = { id: string; periodEnd: string };
type BaselineRow = { projectId: string; earnedRevenue: string; grossProfitToDate: string };

/** One close at a time per organization: the second waits, then sees the first's close. */
const lockCloses = (tx: Tx) => tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('wip_close:' || current_setting('app.organization_id', true), 0))`);

/** The latest close in force with a period end on or before `date` (strictly before when `before`). */
async function closedOnOrBefore(tx: Tx, date: string, before = false): Promise<CloseRef | null> {
  const [row] = await queryRows<CloseRef>(tx, sql`
    select id, period_end::text as "periodEnd" from wip_closes
    where status = 'closed' and ${before ? sql`period_end < ${date}::date` : sql`period_end <= ${date}::date`}
    order by period_end desc limit 1`);
  return row ?? null;
}

async function baselineRows(tx: Tx, close: CloseRef | null): Promise<Map<string, BaselineRow>> {
  if (!close) return new Map();
  const rows = await queryRows<BaselineRow>(tx, sql`
    select project_id as "projectId", earned_revenue::text as "earnedRevenue", gross_profit_to_date::text as "grossProfitToDate"
    from wip_close_rows where close_id = ${close.id}`);
  return new Map(rows.map((r) => [r.projectId, r]));
}

async function refuseUnlessOpen(tx: Tx, periodEnd: string) {
  const today = await organizationToday(tx);
  if (periodEnd > today) throw new WipCloseRefused(`${periodEnd} has not ended yet (today is ${today}): only a past period can be closed.`, "periodEnd");
  const [closed] = await queryRows(tx, sql`select 1 from wip_closes where status = 'closed' and period_end = ${periodEnd}::date`);
  if (closed) throw new WipCloseRefused(`The period ending ${periodEnd} is already closed: reopen it to close it again.`, "periodEnd");
  const [latest] = await queryRows<{ periodEnd: string }>(tx, sql`
    select period_end::text as "periodEnd" from wip_closes where status = 'closed' order by period_end desc limit 1`);
  if (latest && latest.periodEnd > periodEnd)
    throw new WipCloseRefused(`The later period ending ${latest.periodEnd} is closed: reopen it first to close ${periodEnd}.`, "periodEnd");
}

/** Closes the WIP as of `periodEnd` in one transaction; returns the new close. */
export async function closeWip(tx: Tx, input: { periodEnd: string; userId: string | null }): Promise<{ id: string; periodEnd: string; version: number }> {
  await lockCloses(tx);
  await refuseUnlessOpen(tx, input.periodEnd);
  const [org] = await queryRows<{ startMonth: number }>(tx, sql`select fiscal_year_start_month as "startMonth" from organizations`);
  const previous = await closedOnOrBefore(tx, input.periodEnd, true);
  const fiscalYear = await closedOnOrBefore(tx, previousFiscalYearEnd(input.periodEnd, org.startMonth));
  const [{ version }] = await queryRows<{ version: number }>(tx, sql`
    select coalesce(max(version), 0)::int + 1 as version from wip_closes where period_end = ${input.periodEnd}::date`);

  const schedule = await wipScheduleAsOf(tx, input.periodEnd);
  const [sincePrevious, sinceFiscalYear] = [await baselineRows(tx, previous), await baselineRows(tx, fiscalYear)];
  const [close] = await tx
    .insert(wipCloses)
    .values({
      organizationId: sql`nullif(current_setting('app.organization_id', true), '')::uuid`,
      periodEnd: input.periodEnd,
      version,
      previousCloseId: previous?.id ?? null,
      fiscalYearStart: fiscalYearStart(input.periodEnd, org.startMonth),
      fiscalYearCloseId: fiscalYear?.id ?? null,
      closedBy: input.userId,
    })
    .returning({ id: wipCloses.id, organizationId: wipCloses.organizationId, periodEnd: wipCloses.periodEnd, version: wipCloses.version });
  if (schedule.rows.length > 0)
    await tx.insert(wipCloseRows).values(
      schedule.rows.map((row) => {
        const period = figuresSince(row, sincePrevious.get(row.projectId));
        const ytd = figuresSince(row, sinceFiscalYear.get(row.projectId));
        return {
          organizationId: close.organizationId,
          closeId: close.id,
          projectId: row.projectId,
          jobNumber: row.jobNumber,
          projectName: row.name,
          projectStatus: row.statusKey,
          contractSumToDate: row.contractSumToDate,
          estimatedTotalCost: row.estimatedTotalCost,
          costToDate: row.costToDate,
          billedToDate: row.billedToDate,
          percentComplete: row.percentComplete,
          percentCompleteDisplay: row.percentCompleteDisplay,
          earnedRevenue: row.earnedRevenue,
          overBilling: row.overBilling,
          underBilling: row.underBilling,
          grossProfitToDate: row.grossProfitToDate,
          projectedGrossProfit: row.projectedGrossProfit,
          projectedMargin: row.projectedMargin,
          projectedMarginDisplay: row.projectedMarginDisplay,
          isLoss: row.isLoss,
          flag: row.flag,
          earnedRevenuePeriod: period.earnedRevenue,
          grossProfitPeriod: period.grossProfit,
          earnedRevenueYtd: ytd.earnedRevenue,
          grossProfitYtd: ytd.grossProfit,
        };
      }),
    );
  await recordAudit(tx, {
    entityType: "wip_close",
    entityId: close.id,
    action: "closed",
    after: { periodEnd: close.periodEnd, version, projects: schedule.rows.length, previousCloseId: previous?.id ?? null, fiscalYearCloseId: fiscalYear?.id ?? null, totals: schedule.totals },
  });
  return { id: close.id, periodEnd: close.periodEnd, version };
}

/**
 * Reopens the latest closed period, with a reason (required, kept on the close and in the audit
 * trail). An earlier period cannot be reopened while a later one stands on it: its period figures
 * were measured from it.
 */
export async function reopenWip(tx: Tx, input: { closeId: string; reason: string; userId: string }) {
  const reason = input.reason.trim();
  if (!isUuid(input.closeId)) throw new RecordNotFound("WIP close");
  if (!reason) throw new WipCloseRefused("Say why the period is reopened.", "reason");
  await lockCloses(tx);
  const [close] = await queryRows<{ id: string; periodEnd: string; status: string; version: number }>(tx, sql`
    select id, period_end::text as "periodEnd", status, version from wip_closes where id = ${input.closeId}`);
  if (!close) throw new RecordNotFound("WIP close");
  if (close.status !== "closed") throw new WipCloseRefused(`This close of ${close.periodEnd} was reopened already.`);
  const later = await queryRows<{ periodEnd: string }>(tx, sql`
    select period_end::text as "periodEnd" from wip_closes where status = 'closed' and period_end > ${close.periodEnd}::date order by period_end desc limit 1`);
  if (later.length) throw new WipCloseRefused(`The later period ending ${later[0].periodEnd} is closed: reopen it first.`);
  const [after] = await queryRows<{ status: string; reopenReason: string; reopenedBy: string; reopenedAt: string }>(tx, sql`
    update wip_closes set status = 'reopened', reopen_reason = ${reason}, reopened_by = ${input.userId}, reopened_at = now()
    where id = ${close.id} and status = 'closed'
    returning status, reopen_reason as "reopenReason", reopened_by as "reopenedBy", reopened_at::text as "reopenedAt"`);
  await recordAudit(tx, {
    entityType: "wip_close",
    entityId: close.id,
    action: "reopened",
    before: { periodEnd: close.periodEnd, version: close.version, status: close.status },
    after: { periodEnd: close.periodEnd, version: close.version, ...after },
  });
  return { id: close.id, periodEnd: close.periodEnd };
}
