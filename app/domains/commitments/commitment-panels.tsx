import { Link } from "react-router";
import { Money, StatusBadge } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";
import { MoneyFigures } from "~/components/money-figures";

const cell = "px-3 py-2";

export type FiguresView = { originalValue: string; approvedChanges: string; pendingChanges: string; revisedValue: string };

export function CommitmentFigures({ figures }: { figures: FiguresView }) {
  const items = [
    { label: "Original value (Σ lines)", value: figures.originalValue, testId: "original-value" },
    { label: "Approved change orders", value: figures.approvedChanges, testId: "approved-changes" },
    { label: "Revised value", value: figures.revisedValue, testId: "revised-value" },
    { label: "Pending change orders", value: figures.pendingChanges, testId: "pending-changes" },
  ];
  return <MoneyFigures items={items} columns="sm:grid-cols-2 lg:grid-cols-4" />;
}

const TRANSITION_LABELS = {
  submit: "Submit for approval",
  withdraw: "Withdraw from approval",
  execute: "Execute",
  close: "Close",
  void: "Void",
} as const;
type Transition = keyof typeof TRANSITION_LABELS;
const TRANSITION_TONES: Record<Transition, "primary" | "secondary" | "danger"> = {
  submit: "primary",
  withdraw: "secondary",
  execute: "primary",
  close: "secondary",
  void: "danger",
};

/** One plain form per allowed transition, each carrying the version the page was read at. */
export function StatusActions({ transitions, version, errors }: { transitions: Transition[]; version: number; errors?: string[] }) {
  if (transitions.length === 0 && !errors) return null;
  return (
    <div className="space-y-2">
      <FormErrors errors={errors} />
      <div className="flex flex-wrap gap-3">
        {transitions.map((to) => (
          <PostForm key={to}>
            <input type="hidden" name="intent" value="transition" />
            <input type="hidden" name="to" value={to} />
            <input type="hidden" name="version" value={version} />
            <SubmitButton tone={TRANSITION_TONES[to]}>{TRANSITION_LABELS[to]}</SubmitButton>
          </PostForm>
        ))}
      </div>
    </div>
  );
}

/** Where the commitment stands with approval, in a sentence, when there is something to say. */
export function ApprovalNotice({ status, rejectionReason, policyName }: { status: string; rejectionReason: string | null; policyName: string | null }) {
  if (status === "pending_approval")
    return <p className="text-sm text-slate-600">Waiting for approval: the header and lines are read-only until it is decided or withdrawn.</p>;
  if (status !== "draft") return null;
  return (
    <div className="space-y-2 text-sm">
      {rejectionReason ? (
        <p className="rounded border border-red-200 bg-red-50 p-3 text-red-800" data-testid="rejection-reason">
          <span className="font-medium">Approval was rejected.</span> Reason: {rejectionReason}
          <span className="block">Fix the commitment, then submit it for approval again.</span>
        </p>
      ) : null}
      {policyName ? (
        <p className="text-slate-600">
          At its current amount this commitment falls under the approval policy “{policyName}”: submit it for approval to execute it.
        </p>
      ) : null}
    </div>
  );
}

export type ChangeOrderView = { id: string; number: number; title: string; stage: string; status: string; amount: string };

export function LinkedChangeOrders({ changeOrders }: { changeOrders: ChangeOrderView[] }) {
  if (changeOrders.length === 0) return <p className="text-sm text-slate-600">No change orders against this commitment.</p>;
  return (
    <table className="w-full text-left text-sm" data-testid="commitment-change-orders">
      <thead className="border-b border-slate-200 text-slate-500">
        <tr>
          <th scope="col" className={cell}>CO</th>
          <th scope="col" className={cell}>Title</th>
          <th scope="col" className={cell}>Stage</th>
          <th scope="col" className={cell}>Status</th>
          <th scope="col" className={`${cell} text-right`}>Amount</th>
        </tr>
      </thead>
      <tbody>
        {changeOrders.map((co) => (
          <tr key={co.id} className="border-b border-slate-100">
            <td className={cell}>
              <Link to={`/change-orders/${co.id}`} className="text-brand-700 hover:underline">#{co.number}</Link>
            </td>
            <td className={cell}>{co.title}</td>
            <td className={cell}>{co.stage === "potential" ? "Potential" : "Change order"}</td>
            <td className={cell}><StatusBadge value={co.status} /></td>
            <td className={`${cell} text-right tabular-nums`}><Money value={co.amount} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
