import { Link } from "react-router";
import { CalendarDate } from "~/components/data-table/cells";
import { SectionTabs } from "~/components/section-tabs";
import { filterParam } from "~/utils/data-table";
import { MILESTONE_STATUS_LABELS, type MilestoneStatus } from "./schedule.schema";

/** List and bar chart of the same milestones: the filters in the URL go along. */
export function ScheduleTabs({ base, search }: { base: string; search: string }) {
  return (
    <SectionTabs
      label="Schedule views"
      tabs={[
        { to: `${base}${search}`, label: "List" },
        { to: `${base}/chart${search}`, label: "Bar chart" },
      ]}
    />
  );
}

/** "2 late · 1 slipping · 5 on track · 3 done as of today", each a link to the filtered list. */
export function ScheduleSummary({ counts, today, base }: { counts: Record<MilestoneStatus, number>; today: string; base: string }) {
  const tone: Record<MilestoneStatus, string> = { late: "text-red-700", slipping: "text-amber-800", on_track: "text-slate-700", done: "text-emerald-800" };
  const order: MilestoneStatus[] = ["late", "slipping", "on_track", "done"];
  return (
    <p className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm" data-testid="schedule-summary">
      {order.map((s) => (
        <Link key={s} to={`${base}?${filterParam("status")}=${s}`} className={`inline-flex min-h-11 items-center hover:underline ${tone[s]}`}>
          <strong className="mr-1 tabular-nums">{counts[s]}</strong> {MILESTONE_STATUS_LABELS[s].toLowerCase()}
        </Link>
      ))}
      <span className="text-slate-500">
        as of <CalendarDate value={today} />
      </span>
    </p>
  );
}
