import { Link } from "react-router";
import type { ReactNode } from "react";
import { DateTime, Money } from "~/components/data-table/cells";
import { PostForm, SubmitButton } from "~/components/forms";
import { CHANGE_ORDER_KIND_LABELS, CHANGE_ORDER_STAGE_LABELS, type ChangeOrderKind, type ChangeOrderStage, type ChangeOrderStatus } from "./change-orders.schema";

type SummaryChangeOrder = {
  kind: ChangeOrderKind;
  stage: ChangeOrderStage;
  status: ChangeOrderStatus;
  version: number;
  amount: string;
  budgetAmount: string | null;
  submittedAt: string | null;
  decidedAt: string | null;
  rejectionReason: string | null;
  commitment: { id: string | null; number: string | null; title: string | null; vendorName: string | null } | null;
};

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm">{children}</dd>
    </div>
  );
}

/** Kind, stage, amounts and dates of a change order. */
export function ChangeOrderFacts({ co }: { co: SummaryChangeOrder }) {
  return (
    <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
      <Fact label="Kind">
        {CHANGE_ORDER_KIND_LABELS[co.kind]}
        {co.commitment?.id ? (
          <>
            {" · "}
            <Link to={`/commitments/${co.commitment.id}`} className="text-brand-700 hover:underline">
              {co.commitment.number} {co.commitment.title} ({co.commitment.vendorName})
            </Link>
          </>
        ) : null}
      </Fact>
      <Fact label="Stage">{CHANGE_ORDER_STAGE_LABELS[co.stage]}</Fact>
      <Fact label="Amount">
        <Money value={co.amount} />
      </Fact>
      {co.kind === "prime" ? <Fact label="Budget impact">{co.budgetAmount === null ? "—" : <Money value={co.budgetAmount} />}</Fact> : null}
      <Fact label="Submitted">{co.submittedAt ? <DateTime value={co.submittedAt} /> : "—"}</Fact>
      <Fact label="Decided">{co.decidedAt ? <DateTime value={co.decidedAt} /> : "—"}</Fact>
      {co.rejectionReason ? <Fact label="Rejection reason">{co.rejectionReason}</Fact> : null}
    </dl>
  );
}

function Transition({ intent, version, label, tone = "secondary" }: { intent: string; version: number; label: string; tone?: "primary" | "secondary" | "danger" }) {
  return (
    <PostForm className="inline">
      <input type="hidden" name="version" value={version} />
      <SubmitButton name="intent" value={intent} tone={tone}>
        {label}
      </SubmitButton>
    </PostForm>
  );
}

/** The lifecycle buttons the viewer may use in the change order's current state (one post each). */
export function ChangeOrderTransitions({ co, editable, canManage, canVoid }: { co: SummaryChangeOrder; editable: boolean; canManage: boolean; canVoid: boolean }) {
  return (
    <>
      {editable && co.stage === "potential" ? <Transition intent="convert" version={co.version} label="Convert to change order" /> : null}
      {editable && co.stage === "change_order" ? <Transition intent="submit" version={co.version} label="Submit for approval" tone="primary" /> : null}
      {canManage && co.status === "pending_approval" ? <Transition intent="withdraw" version={co.version} label="Withdraw from approval" /> : null}
      {canVoid && ["draft", "approved", "rejected"].includes(co.status) ? <Transition intent="void" version={co.version} label="Void" tone="danger" /> : null}
    </>
  );
}
