/**
 * When a scheduled view is due, in the organization's time zone: the period a moment falls in
 * ("2026-W49" for weekly, "2026-12" for monthly) and whether that period's send time has passed.
 * The job sends once per schedule, period and recipient, so a late or repeated run catches up
 * without sending twice.
 */
export type ScheduleWhen = { frequency: "weekly" | "monthly"; day: number; time: string };

type Local = { year: number; month: number; day: number; weekday: number; minutes: number };

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** The wall clock of `now` in `timeZone`. */
export function localTime(now: Date, timeZone: string): Local {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "numeric", day: "numeric", weekday: "short", hour: "numeric", minute: "numeric", hourCycle: "h23" })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), weekday: WEEKDAYS[parts.weekday], minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** ISO 8601 week of a calendar date: "2026-W49". */
export function isoWeek(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  const weekday = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - weekday); // the Thursday of this week decides its year
  const weekYear = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(weekYear, 0, 1)) / 86_400_000 + 1) / 7);
  return `${weekYear}-W${String(week).padStart(2, "0")}`;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The period `now` falls in and whether the schedule's send time in it has come. */
export function duePeriod(when: ScheduleWhen, now: Date, timeZone: string): { period: string; due: boolean } {
  const local = localTime(now, timeZone);
  const at = minutesOf(when.time);
  if (when.frequency === "weekly") {
    const due = local.weekday > when.day || (local.weekday === when.day && local.minutes >= at);
    return { period: isoWeek(local.year, local.month, local.day), due };
  }
  const due = local.day > when.day || (local.day === when.day && local.minutes >= at);
  return { period: `${local.year}-${String(local.month).padStart(2, "0")}`, due };
}

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** "Weekly on Monday at 07:00" / "Monthly on day 1 at 07:00". */
export const describeSchedule = (when: ScheduleWhen) =>
  when.frequency === "weekly" ? `Weekly on ${WEEKDAY_NAMES[when.day - 1]} at ${when.time}` : `Monthly on day ${when.day} at ${when.time}`;
