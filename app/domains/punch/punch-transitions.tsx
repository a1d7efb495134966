import type { ReactNode } from "react";
import { DateTime } from "~/components/data-table/cells";
import { FormErrors, PostForm } from "~/components/forms";
import { useCan } from "~/utils/use-viewer";
import { buttonClass, touchForm } from "./punch-ui";
import { PUNCH_STATUS_LABELS, type PunchStatus } from "./punch.schema";

type Result = { intent: string; errors?: string[] };

/** One transition: a short form posting its intent and the version the page was rendered with. */
function TransitionForm(props: { intent: string; version: number; label: string; tone: keyof typeof buttonClass; comment?: { label: string; required: boolean }; result?: Result; children?: ReactNode }) {
  const errors = props.result?.intent === props.intent ? props.result.errors : undefined;
  const id = `comment-${props.intent}`;
  return (
    <PostForm className={`${touchForm} rounded-md border border-slate-200 bg-white p-4`}>
      {props.children}
      <input type="hidden" name="version" value={props.version} />
      {props.comment ? (
        <div>
          <label htmlFor={id} className="block text-sm font-medium text-slate-700">
            {props.comment.label}
          </label>
          <textarea id={id} name="comment" rows={2} required={props.comment.required} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
      ) : null}
      <FormErrors errors={errors} />
      <button type="submit" name="intent" value={props.intent} className={`${buttonClass[props.tone]} w-full sm:w-auto`}>
        {props.label}
      </button>
    </PostForm>
  );
}

/** The steps the viewer may take from the item's current status. */
export function PunchTransitions({ status, version, result }: { status: PunchStatus; version: number; result?: Result }) {
  const canManage = useCan("punch:manage");
  const canClose = useCan("punch:close");
  if (status === "open" && canManage)
    return (
      <TransitionForm intent="submit" version={version} label="Mark ready for review" tone="primary" comment={{ label: "Note for the reviewer (optional)", required: false }} result={result}>
        <p className="text-sm text-slate-600">Done? Mark it ready and the project team will check the work.</p>
      </TransitionForm>
    );
  if (status === "ready_for_review" && canClose)
    return (
      <div className="grid gap-4 md:grid-cols-2">
        <TransitionForm intent="close" version={version} label="Accept and close" tone="primary" comment={{ label: "Comment (optional)", required: false }} result={result}>
          <p className="text-sm text-slate-600">The work is done as required.</p>
        </TransitionForm>
        <TransitionForm intent="not_accept" version={version} label="Not accepted: send back" tone="danger" comment={{ label: "Why is it not accepted?", required: true }} result={result}>
          <p className="text-sm text-slate-600">The item goes back to open for the responsible party.</p>
        </TransitionForm>
      </div>
    );
  if (status === "closed" && canClose)
    return <TransitionForm intent="reopen" version={version} label="Reopen" tone="secondary" comment={{ label: "Why is it reopened?", required: true }} result={result} />;
  if (status === "ready_for_review") return <p className="text-sm text-slate-600">Waiting for the project team to review the work.</p>;
  return null;
}

const ACTION_LABELS: Record<string, string> = {
  created: "Created",
  submitted: "Marked ready for review",
  closed: "Accepted and closed",
  not_accepted: "Not accepted",
  reopened: "Reopened",
  assigned: "Assigned",
};

type HistoryRow = { id: string; action: string; toStatus: PunchStatus; comment: string; at: string; by: string | null };

/** The item's history, oldest first. */
export function PunchHistory({ rows }: { rows: HistoryRow[] }) {
  return (
    <ol className="space-y-3 border-l-2 border-slate-200 pl-4">
      {rows.map((row) => (
        <li key={row.id} className="text-sm">
          <p className="font-medium text-slate-900">
            {ACTION_LABELS[row.action] ?? row.action} <span className="font-normal text-slate-500">→ {PUNCH_STATUS_LABELS[row.toStatus]}</span>
          </p>
          <p className="text-xs text-slate-500">
            {row.by ?? "Someone"} · <DateTime value={row.at} />
          </p>
          {row.comment ? <p className="mt-1 text-slate-700">{row.comment}</p> : null}
        </li>
      ))}
    </ol>
  );
}
