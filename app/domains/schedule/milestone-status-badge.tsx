import { MILESTONE_STATUS_LABELS, type MilestoneStatus } from "./schedule.schema";

const TONES: Record<MilestoneStatus, string> = {
  done: "bg-emerald-50 text-emerald-800 ring-emerald-200",
  late: "bg-red-50 text-red-800 ring-red-200",
  slipping: "bg-amber-50 text-amber-900 ring-amber-200",
  on_track: "bg-sky-50 text-sky-800 ring-sky-200",
};

/** Done, late, slipping or on track, in its colour and in words. */
export function MilestoneStatusBadge({ status }: { status: MilestoneStatus }) {
  return (
    <span className={`inline-flex shrink-0 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[status]}`} data-status={status}>
      {MILESTONE_STATUS_LABELS[status]}
    </span>
  );
}
