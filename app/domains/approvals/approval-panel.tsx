import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { DateTime, StatusBadge } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { rejectSchema } from "./approvals.schema";

export type ApprovalView = {
  id: string;
  status: string;
  version: number;
  currentStep: number;
  totalSteps: number;
  submittedByName: string | null;
  createdAt: string;
  steps: {
    stepNumber: number;
    requirement: string;
    decision: string | null;
    decidedByName: string | null;
    decidedAt: string | null;
    reason: string | null;
  }[];
  /** The viewer may decide the current step. */
  mayDecide: boolean;
};

function StepRow({ step, current }: { step: ApprovalView["steps"][number]; current: boolean }) {
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2">
      <span className="w-16 text-sm font-medium text-slate-700">Step {step.stepNumber}</span>
      <span className="text-sm text-slate-600">{step.requirement}</span>
      {step.decision ? (
        <span className="text-sm">
          <StatusBadge value={step.decision} /> by {step.decidedByName ?? "a former member"}
          {step.decidedAt ? <>, <DateTime value={step.decidedAt} /></> : ""}
          {step.reason ? <span className="block text-slate-700">Reason: {step.reason}</span> : null}
        </span>
      ) : current ? (
        <span className="text-sm font-medium text-amber-800">waiting</span>
      ) : null}
    </li>
  );
}

/** The steps of an approval and, when the viewer may decide the current one, approve / reject forms. */
export function ApprovalPanel({ approval, rejectResult, action }: { approval: ApprovalView; rejectResult?: SubmissionResult<string[]>; action?: string }) {
  const [rejectForm, fields] = useZodForm(rejectSchema, { id: `reject-${approval.id}`, lastResult: rejectResult });
  const decision = { requestId: approval.id, version: String(approval.version), stepNumber: String(approval.currentStep) };
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">
        Approval <StatusBadge value={approval.status} />
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Submitted <DateTime value={approval.createdAt} /> by {approval.submittedByName ?? "a former member"}; {approval.totalSteps} step{approval.totalSteps === 1 ? "" : "s"}, in order.
      </p>
      <ol className="mt-2 divide-y divide-slate-100">
        {approval.steps.map((s) => (
          <StepRow key={s.stepNumber} step={s} current={approval.status === "pending" && s.stepNumber === approval.currentStep} />
        ))}
      </ol>
      {approval.mayDecide ? (
        <div className="mt-4 flex flex-wrap items-start gap-6 border-t border-slate-100 pt-4">
          <PostForm action={action}>
            {Object.entries(decision).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <SubmitButton name="intent" value="approve">
              Approve step {approval.currentStep}
            </SubmitButton>
          </PostForm>
          <PostForm {...getFormProps(rejectForm)} action={action} className="min-w-72 flex-1 space-y-2">
            <FormErrors errors={rejectForm.errors} />
            {Object.entries(decision).map(([name, value]) => (
              <input key={name} type="hidden" name={name} value={value} />
            ))}
            <input type="hidden" name="intent" value="reject" />
            <TextField meta={fields.reason} label="Reason for rejecting" />
            <SubmitButton tone="danger">Reject</SubmitButton>
          </PostForm>
        </div>
      ) : null}
    </div>
  );
}
