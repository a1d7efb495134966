// Shared looks of the daily log pages (browser-safe): phone first, targets at least 44 px high.

/** A button or button-like link: at least 44 px high, easy to hit with a thumb. */
export const bigButton = "inline-flex min-h-11 items-center justify-center rounded-md px-4 py-2 text-base font-medium";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "2026-12-07" → "Mon": the day of the week of a calendar date (no time zone involved). */
export function weekday(isoDate: string): string {
  const [y, m, d] = isoDate.split("-").map(Number);
  return WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? "";
}

/** "48.00" → "48", "7.50" → "7.5": hours as people say them (text in, text out: never a float sum). */
export function hoursText(value: string | null | undefined): string {
  if (!value) return "0";
  return value.includes(".") ? value.replace(/0+$/, "").replace(/\.$/, "") : value;
}

/** The page of a log (the agreed URL of the field pages). */
export const dailyLogPath = (projectId: string, logId: string) => `/projects/${projectId}/daily-logs/${logId}`;
