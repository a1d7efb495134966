import { Link } from "react-router";
import { CalendarDate } from "~/components/data-table/cells";
import { MilestoneStatusBadge } from "./milestone-status-badge";
import type { MilestoneStatus } from "./schedule.schema";

export type LookaheadRow = {
  id: string;
  project: string;
  name: string;
  date: string;
  startDate: string | null;
  status: MilestoneStatus;
  days: number;
  responsible: string;
  href: string;
};

const when = (days: number) => (days === 0 ? "today" : days === 1 ? "tomorrow" : days > 0 ? `in ${days} days` : `${-days} ${days === -1 ? "day" : "days"} late`);

/**
 * The three-week lookahead (app/domains/schedule/lookahead.server.ts's rows): late milestones first,
 * then what is due or starts in the next 21 days. Plain props, so the dashboard and the daily log
 * show the same list; `showProject` names each row's project (several projects at once).
 */
export function ThreeWeekLookahead(props: { items: LookaheadRow[]; total: number; from: string; showProject?: boolean; title?: string; moreHref?: string }) {
  const { items, total, from, showProject = false, title = "Three-week lookahead" } = props;
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-3" aria-label={title} data-testid="three-week-lookahead">
      <h3 className="text-sm font-semibold text-slate-700">
        {title} <span className="font-normal text-slate-500">from <CalendarDate value={from} /></span>
      </h3>
      {items.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No milestone is late, due or starting in the next three weeks.</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 py-2">
              <span className="flex min-w-0 items-center gap-2">
                <MilestoneStatusBadge status={item.status} />
                <Link to={item.href} className="inline-flex min-h-11 min-w-0 items-center break-words text-brand-700 hover:underline">
                  {showProject ? `${item.project} · ` : ""}
                  {item.name}
                </Link>
              </span>
              <span className="flex flex-wrap items-baseline gap-x-2 text-xs text-slate-600">
                <CalendarDate value={item.date} />
                <span className={item.days < 0 ? "font-semibold text-red-700" : ""}>{when(item.days)}</span>
                {item.startDate && item.startDate > from ? (
                  <span>
                    starts <CalendarDate value={item.startDate} />
                  </span>
                ) : null}
                {item.responsible ? <span>{item.responsible}</span> : null}
              </span>
            </li>
          ))}
        </ul>
      )}
      {total > items.length ? (
        <p className="mt-1 text-xs text-slate-500">
          {items.length} of {total} shown{props.moreHref ? (
            <>
              {" · "}
              <Link to={props.moreHref} className="text-brand-700 hover:underline">
                all on the schedule
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
    </section>
  );
}
