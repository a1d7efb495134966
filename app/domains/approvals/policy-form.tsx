import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Link } from "react-router";
import { FormErrors, PostForm, SelectField, SubmitButton, MoneyField, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { PERMISSION_KEYS, PERMISSIONS } from "~/utils/permissions";
import { APPROVAL_DOCUMENT_LABELS, approverValue, MAX_APPROVAL_STEPS, policySchema } from "./approvals.schema";

export type PolicyView = {
  id: string;
  documentType: keyof typeof APPROVAL_DOCUMENT_LABELS;
  name: string;
  minAmount: string;
  active: boolean;
  version: number;
  steps: { stepNumber: number; permissionKey: string | null; approverUserId: string | null; approverName: string | null }[];
};

export type ApproverMember = { userId: string; name: string; email: string };

function approverOptions(members: ApproverMember[], optional: boolean) {
  return [
    { value: "", label: optional ? "— No such step —" : "— Choose who approves —" },
    ...PERMISSION_KEYS.map((key) => ({ value: `key:${key}`, label: `Anyone who may: ${PERMISSIONS[key].label}` })),
    ...members.map((m) => ({ value: `user:${m.userId}`, label: `Only ${m.name} (${m.email})` })),
  ];
}

/** Creates a policy, or edits `policy` when given (its steps are replaced as a whole). */
export function PolicyForm({ policy, members, lastResult }: { policy: PolicyView | null; members: ApproverMember[]; lastResult?: SubmissionResult<string[]> }) {
  const steps = policy?.steps ?? [];
  const stepValue = (n: number) => {
    const step = steps.find((s) => s.stepNumber === n);
    return step ? approverValue(step) : undefined;
  };
  const [form, fields] = useZodForm(policySchema, {
    id: policy ? `policy-${policy.id}` : "new-policy",
    lastResult,
    defaultValue: {
      documentType: policy?.documentType ?? "change_order",
      name: policy?.name,
      minAmount: policy?.minAmount ?? "0.00",
      active: policy ? policy.active : true,
      step1: stepValue(1) ?? "key:change_orders:approve",
      step2: stepValue(2),
      step3: stepValue(3),
    },
  });
  const stepFields = [fields.step1, fields.step2, fields.step3];
  return (
    <PostForm {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">{policy ? `Edit “${policy.name}”` : "Add a policy"}</h2>
      <FormErrors errors={form.errors} />
      {policy ? (
        <>
          <input type="hidden" name="policyId" value={policy.id} />
          <input type="hidden" name="version" value={policy.version} />
        </>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField meta={fields.documentType} label="Document type" options={Object.entries(APPROVAL_DOCUMENT_LABELS).map(([value, label]) => ({ value, label }))} />
        <TextField meta={fields.name} label="Name" placeholder="e.g. Large change orders" />
        <MoneyField meta={fields.minAmount} label="Applies from amount" help="Documents of at least this size (deductions count by their size)." />
      </div>
      {stepFields.slice(0, MAX_APPROVAL_STEPS).map((meta, i) => (
        <SelectField key={meta.key ?? i} meta={meta} label={`Step ${i + 1}${i === 0 ? "" : " (optional)"}`} options={approverOptions(members, i > 0)} />
      ))}
      <label className="flex items-center gap-2 text-sm">
        <input {...getInputProps(fields.active, { type: "checkbox" })} key={fields.active.key} className="h-4 w-4 rounded border-slate-300" />
        Active
      </label>
      <div className="flex items-center gap-4">
        <SubmitButton name="intent" value="save">
          {policy ? "Save policy" : "Add policy"}
        </SubmitButton>
        {policy ? (
          <Link to="/settings/approvals" className="text-sm text-slate-600 hover:underline">
            Cancel
          </Link>
        ) : null}
      </div>
    </PostForm>
  );
}
