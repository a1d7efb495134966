import { moneyString, roundMoney, type MoneyInput } from "~/utils/money";

/**
 * Period-end dates and period figures of the WIP close (docs/wip-close.md). Browser-safe and pure:
 * dates are ISO strings ("2026-11-30"), money decimal strings.
 */
const utc = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`);
const iso = (date: Date) => date.toISOString().slice(0, 10);
/** A UTC date from year, month index and day (Date.UTC would read years 0–99 as 1900–1999). */
function utcDate(year: number, monthIndex: number, day: number) {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d;
}

/** The last day of the month holding `isoDate`, `offset` months later (−1: the month before). */
export function monthEnd(isoDate: string, offset = 0): string {
  const d = utc(isoDate);
  return iso(utcDate(d.getUTCFullYear(), d.getUTCMonth() + offset + 1, 0));
}

export const addDays = (isoDate: string, days: number) => iso(new Date(utc(isoDate).getTime() + days * 86_400_000));

/**
 * The period end a close form proposes: the last day of the previous month, or, when that is
 * closed already, the month end after the latest closed period (the open period).
 */
export function defaultPeriodEnd(today: string, latestClosed: string | null): string {
  const previousMonth = monthEnd(today, -1);
  return latestClosed && latestClosed >= previousMonth ? monthEnd(addDays(latestClosed, 1)) : previousMonth;
}

/** First day of the fiscal year holding `periodEnd`, for a fiscal year starting in `startMonth` (1–12). */
export function fiscalYearStart(periodEnd: string, startMonth: number): string {
  const d = utc(periodEnd);
  const year = d.getUTCMonth() + 1 >= startMonth ? d.getUTCFullYear() : d.getUTCFullYear() - 1;
  return iso(utcDate(year, startMonth - 1, 1));
}

/** The end of the previous fiscal year: year-to-date figures are measured from its close. */
export const previousFiscalYearEnd = (periodEnd: string, startMonth: number) => addDays(fiscalYearStart(periodEnd, startMonth), -1);

type Cumulative = { earnedRevenue: MoneyInput; grossProfitToDate: MoneyInput };

/**
 * Revenue earned and gross profit between a baseline close and now: cumulative now − cumulative
 * at the baseline; a project absent from the baseline counts from zero.
 */
export function figuresSince(now: Cumulative, baseline: Cumulative | undefined) {
  const since = (pick: (c: Cumulative) => MoneyInput) => moneyString(roundMoney(pick(now)).minus(baseline ? roundMoney(pick(baseline)) : 0));
  return { earnedRevenue: since((c) => c.earnedRevenue), grossProfit: since((c) => c.grossProfitToDate) };
}
