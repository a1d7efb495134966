import { CalendarDate, StatusBadge } from "~/components/data-table/cells";
import type { DailyLogListRow } from "./daily-log-read.server";
import { WEATHER_LABELS } from "./daily-logs.schema";
import { hoursText, weekday } from "./daily-log-ui";

/** One day in the list of logs: a large link with the figures a superintendent scans for (no money). */
export function DailyLogCard({ href, row }: { href: string; row: DailyLogListRow }) {
  const weather = row.weatherConditions ? WEATHER_LABELS[row.weatherConditions as keyof typeof WEATHER_LABELS] : null;
  return (
    <a href={href} className="block min-h-11 rounded border border-slate-200 bg-white p-4 hover:border-brand-600">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="text-base font-semibold">
          {weekday(row.logDate)} <CalendarDate value={row.logDate} />
        </span>
        <StatusBadge value={row.status} />
      </div>
      <p className="mt-1 text-sm text-slate-700">
        {row.workers} worker{row.workers === 1 ? "" : "s"} · {hoursText(row.crewHours)} crew hours
        {weather ? ` · ${weather}` : ""}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {row.delays ? (
          <span className="font-medium text-amber-800">
            {row.delays} delay{row.delays === 1 ? "" : "s"} ({hoursText(row.delayHours)} h){row.potentialChanges ? ` · ${row.potentialChanges} potential change` : ""}
            {" · "}
          </span>
        ) : null}
        {row.status === "submitted" ? "Submitted by " : "Started by "}
        {row.author}
      </p>
    </a>
  );
}
