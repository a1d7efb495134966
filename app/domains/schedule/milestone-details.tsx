import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { CalendarDate } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { touchFormClass } from "./milestone-form";
import { MilestoneStatusBadge } from "./milestone-status-badge";
import { markDoneSchema, type MilestoneStatus } from "./schedule.schema";

type Milestone = {
  baselineDate: string;
  forecastDate: string | null;
  startDate: string | null;
  actualDate: string | null;
  vendorName: string | null;
  responsibleUserName: string | null;
  responsible: string;
  notes: string;
  version: number;
};
type Facts = { status: MilestoneStatus; variance: number; flags: string; predecessors: string };

const dateOr = (value: string | null, none: string) => (value ? <CalendarDate value={value} /> : <span className="text-slate-500">{none}</span>);

/** The milestone's dates, variance, who is responsible, predecessors and flags, readable by everyone on the project. */
export function MilestoneFacts({ milestone: m, facts }: { milestone: Milestone; facts: Facts }) {
  const responsible = [m.vendorName, m.responsibleUserName, m.responsible].filter(Boolean).join(" · ");
  const rows: [string, React.ReactNode][] = [
    ["Baseline", <CalendarDate key="b" value={m.baselineDate} />],
    ["Forecast", dateOr(m.forecastDate, "On baseline")],
    ["Start", dateOr(m.startDate, "None (a milestone, not a bar)")],
    ["Actual", dateOr(m.actualDate, "Not reached")],
    ["Variance", `${facts.variance > 0 ? "+" : ""}${facts.variance} days`],
    ["Responsible", responsible || "—"],
    ["Predecessors", facts.predecessors || "None"],
  ];
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4" data-testid="milestone-facts">
      <p className="flex flex-wrap items-center gap-2">
        <MilestoneStatusBadge status={facts.status} />
        {facts.flags ? <span className="text-sm font-medium text-red-700">{facts.flags}</span> : null}
      </p>
      <dl className="mt-3 grid grid-cols-[8rem_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-500">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {m.notes ? <p className="mt-3 text-sm whitespace-pre-line text-slate-700">{m.notes}</p> : null}
    </div>
  );
}

/** Mark done (the day it was reached, today by default) and delete, for those who manage the schedule. */
export function MilestoneActions({ milestone, today, lastResult }: { milestone: Milestone; today: string; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useZodForm(markDoneSchema, { id: "done", lastResult, defaultValue: { actualDate: milestone.actualDate ?? today } });
  return (
    <div className={`flex flex-wrap items-end justify-between gap-4 ${touchFormClass}`}>
      <PostForm {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <FormErrors errors={form.errors} />
        <input type="hidden" name="intent" value="done" />
        <input type="hidden" name="version" value={milestone.version} />
        <TextField meta={fields.actualDate} label={milestone.actualDate ? "Reached on" : "Reached on (mark done)"} type="date" />
        <SubmitButton>{milestone.actualDate ? "Change actual date" : "Mark done"}</SubmitButton>
      </PostForm>
      <PostForm>
        <input type="hidden" name="intent" value="delete" />
        <input type="hidden" name="version" value={milestone.version} />
        <SubmitButton tone="danger">Delete milestone</SubmitButton>
      </PostForm>
    </div>
  );
}
