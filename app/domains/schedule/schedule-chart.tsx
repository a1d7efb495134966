import type { MilestoneStatus } from "./schedule.schema";

export type ChartMilestone = {
  id: string;
  name: string;
  startDate: string | null;
  baseline: string;
  /** Expected: the forecast, or the baseline while on baseline. */
  forecast: string;
  actual: string | null;
  status: MilestoneStatus;
  href: string;
};

/** The most milestones one bar chart draws (a project's schedule, filtered, fits). */
export const CHART_LIMIT = 200;

const DAY = 86_400_000;
const dayOf = (iso: string) =>
  Date.UTC(
    Number(iso.slice(0, 4)),
    Number(iso.slice(5, 7)) - 1,
    Number(iso.slice(8, 10)),
  ) / DAY;
const isoOf = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

const LABEL_WIDTH = 8;
/** A row is a touch target tall: its name (a link) sits beside the chart, outside the scrolling box. */
const ROW = 44;
const HEADER = 30;
const COLORS: Record<MilestoneStatus, string> = {
  done: "#047857",
  late: "#dc2626",
  slipping: "#d97706",
  on_track: "#0369a1",
};
const BASELINE = "#94a3b8";

function Diamond({
  x,
  y,
  size,
  fill,
  stroke,
}: {
  x: number;
  y: number;
  size: number;
  fill: string;
  stroke: string;
}) {
  return (
    <path
      d={`M${x} ${y - size}L${x + size} ${y}L${x} ${y + size}L${x - size} ${y}Z`}
      fill={fill}
      stroke={stroke}
      strokeWidth={1.5}
    />
  );
}

/**
 * A Gantt-like bar chart of milestones drawn as server-rendered SVG (works without JS and prints):
 * one row per milestone, the baseline in grey (a bar from the start date, a hollow diamond
 * without one) and the forecast in the status colour above it, the actual date as a dark tick, and
 * a red line at today. Wide schedules scroll inside their own box.
 */
export function ScheduleChart({
  milestones,
  today,
}: {
  milestones: ChartMilestone[];
  today: string;
}) {
  const days = milestones.flatMap((m) =>
    [m.startDate, m.baseline, m.forecast, m.actual]
      .filter((d): d is string => d !== null)
      .map(dayOf),
  );
  const first = Math.min(...days, dayOf(today)) - 7;
  const last = Math.max(...days, dayOf(today)) + 7;
  const perDay = Math.min(16, Math.max(1.5, 760 / (last - first)));
  const width = Math.round(LABEL_WIDTH + (last - first) * perDay + 40);
  const height = HEADER + milestones.length * ROW;
  const x = (iso: string) => LABEL_WIDTH + (dayOf(iso) - first) * perDay;
  const months: number[] = [];
  for (let d = first; d <= last; d++)
    if (isoOf(d).endsWith("-01")) months.push(d);
  const everyOther = months.length * 64 > width - LABEL_WIDTH;
  return (
    <div
      className="flex rounded-lg border border-slate-200 bg-white"
      data-testid="schedule-chart"
    >
      <ol
        className="w-32 shrink-0 border-r border-slate-200 pt-[30px] text-xs sm:w-52 sm:text-sm"
        aria-label="Milestones"
      >
        {milestones.map((m) => (
          <li
            key={m.id}
            className="flex h-[44px] items-center px-2 even:bg-slate-50"
          >
            <a
              href={m.href}
              className="line-clamp-2 text-brand-700 hover:underline"
              title={m.name}
            >
              {m.name}
            </a>
          </li>
        ))}
      </ol>
      <div className="min-w-0 flex-1 overflow-x-auto print:overflow-visible">
        <svg
          xmlns="http://www.w3.org/2000/svg"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-label={`Bar chart of ${milestones.length} milestones, baseline against forecast, today ${today}`}
          fontFamily="system-ui, sans-serif"
          fontSize={12}
        >
          {months.map((d, i) => (
            <g key={d}>
              <line
                x1={LABEL_WIDTH + (d - first) * perDay}
                x2={LABEL_WIDTH + (d - first) * perDay}
                y1={HEADER - 6}
                y2={height}
                stroke="#e2e8f0"
              />
              {everyOther && i % 2 ? null : (
                <text
                  x={LABEL_WIDTH + (d - first) * perDay + 3}
                  y={14}
                  fill="#475569"
                >
                  {MONTHS[Number(isoOf(d).slice(5, 7)) - 1]}{" "}
                  {isoOf(d).slice(2, 4)}
                </text>
              )}
            </g>
          ))}
          {milestones.map((m, i) => {
            const y = HEADER + i * ROW;
            const mid = y + ROW / 2;
            const color = COLORS[m.status];
            return (
              <g key={m.id} data-milestone-row={m.id}>
                <title>{`${m.name}: baseline ${m.baseline}, forecast ${m.forecast}${m.actual ? `, done ${m.actual}` : ""}`}</title>
                {i % 2 ? (
                  <rect x={0} y={y} width={width} height={ROW} fill="#f8fafc" />
                ) : null}
                {m.startDate ? (
                  <>
                    <rect
                      x={x(m.startDate)}
                      y={mid + 3}
                      width={Math.max(2, x(m.baseline) - x(m.startDate))}
                      height={6}
                      rx={2}
                      fill={BASELINE}
                    />
                    <rect
                      x={x(m.startDate)}
                      y={mid - 9}
                      width={Math.max(2, x(m.forecast) - x(m.startDate))}
                      height={10}
                      rx={2}
                      fill={color}
                    />
                  </>
                ) : (
                  <>
                    <Diamond
                      x={x(m.baseline)}
                      y={mid + 4}
                      size={5}
                      fill="#ffffff"
                      stroke={BASELINE}
                    />
                    <Diamond
                      x={x(m.forecast)}
                      y={mid - 4}
                      size={6}
                      fill={color}
                      stroke={color}
                    />
                  </>
                )}
                {m.actual ? (
                  <rect
                    x={x(m.actual) - 1.5}
                    y={mid - 11}
                    width={3}
                    height={22}
                    fill="#0f172a"
                  />
                ) : null}
              </g>
            );
          })}
          <g data-testid="today-marker">
            <line
              x1={x(today)}
              x2={x(today)}
              y1={HEADER - 8}
              y2={height}
              stroke="#dc2626"
              strokeWidth={1.5}
              strokeDasharray="4 3"
            />
            <text x={x(today) + 3} y={HEADER - 6} fill="#dc2626" fontSize={11}>
              Today
            </text>
          </g>
        </svg>
      </div>
    </div>
  );
}

/** What the chart's marks mean, in words under it. */
export function ScheduleChartLegend() {
  const item = "inline-flex items-center gap-1.5";
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      <li className={item}>
        <span className="inline-block h-1.5 w-5 rounded bg-slate-400" />{" "}
        Baseline (◇ a milestone without a start date)
      </li>
      <li className={item}>
        <span className="inline-block h-2.5 w-5 rounded bg-sky-700" /> Forecast
        on track
      </li>
      <li className={item}>
        <span className="inline-block h-2.5 w-5 rounded bg-amber-600" />{" "}
        Slipping
      </li>
      <li className={item}>
        <span className="inline-block h-2.5 w-5 rounded bg-red-600" /> Late
      </li>
      <li className={item}>
        <span className="inline-block h-2.5 w-5 rounded bg-emerald-700" /> Done
      </li>
      <li className={item}>
        <span className="inline-block h-4 w-0.5 bg-slate-900" /> Actual date
      </li>
      <li className={item}>
        <span className="inline-block h-4 w-0 border-l-2 border-dashed border-red-600" />{" "}
        Today
      </li>
    </ul>
  );
}
