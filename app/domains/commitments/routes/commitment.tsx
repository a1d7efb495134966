import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { CalendarDate, DateTime, StatusBadge } from "~/components/data-table/cells";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { ApprovalPanel } from "~/domains/approvals/approval-panel";
import { ApprovalConflict, ApprovalRefused, approvalView, latestApprovalFor, type Actor } from "~/domains/approvals/approval-requests.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { describeBands, storedBands } from "../../contracts/retainage-bands";
import { listCostCodeOptions } from "../../cost-codes/cost-codes.server";
import { listCostTypeOptions } from "../../cost-codes/cost-types.server";
import { listVendorOptions } from "../../vendors/vendors.server";
import { CommitmentHeaderForm } from "../commitment-header-form";
import { AddCommitmentLineForm, CommitmentLinesTable, EditCommitmentLineForm } from "../commitment-lines";
import { addCommitmentLine, deleteCommitmentLine, listCommitmentLines, updateCommitmentLine } from "../commitment-lines.server";
import { ApprovalNotice, CommitmentFigures, LinkedChangeOrders, StatusActions } from "../commitment-panels";
import { allowedTransitions, changeCommitmentStatus, commitmentApprovalPolicy } from "../commitment-status.server";
import {
  COMMITMENT_STATUS_LABELS,
  commitmentPageSchema,
  commitmentTypeLabel,
  pagePermission,
  TRANSITION_PERMISSIONS,
  type CommitmentPageInput,
} from "../commitments.schema";
import { CommitmentConflict, CommitmentRefused, getCommitment, listCommitmentChangeOrders, updateCommitmentHeader } from "../commitments.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Commitment ${data?.commitment.number ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "commitments:read");
  const actor = { userId: member.user.id, role: member.active.role };
  const editId = new URL(request.url).searchParams.get("edit");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const { commitment, project, vendorName, figures } = await getCommitment(tx, params.commitmentId ?? "");
      const draft = commitment.status === "draft";
      const lines = await listCommitmentLines(tx, commitment.id);
      // A draft under an approval policy is submitted, never executed directly.
      const policy = draft ? await commitmentApprovalPolicy(tx, figures.originalValue) : null;
      const approval = await latestApprovalFor(tx, "commitment", commitment.id);
      return {
        commitment: {
          ...commitment,
          executedAt: commitment.executedAt?.toISOString().slice(0, 10) ?? null,
          submittedAt: commitment.submittedAt?.toISOString() ?? null,
          retainagePercent: rateToPercent(commitment.retainageRate),
          retainageCapPercent: commitment.retainageCapRate === null ? "" : rateToPercent(commitment.retainageCapRate),
        },
        project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
        vendorName,
        figures,
        transitions: allowedTransitions(commitment.status).filter((t) => !(t === "execute" && policy) && can(actor.role, TRANSITION_PERMISSIONS[t])),
        policyName: policy?.name ?? null,
        approval: approval ? approvalView(approval, actor) : null,
        lines,
        changeOrders: await listCommitmentChangeOrders(tx, commitment.id),
        editing: draft ? (lines.find((l) => l.id === editId) ?? null) : null,
        vendors: draft ? (await listVendorOptions(tx)).map((v) => ({ value: v.id, label: v.name })) : [],
        costCodes: draft ? (await listCostCodeOptions(tx)).map((c) => ({ value: c.id, label: c.label })) : [],
        costTypes: draft ? (await listCostTypeOptions(tx)).map((t) => ({ value: t.id, label: t.name })) : [],
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const DONE = {
  submit: "submitted for approval; the approvers were notified",
  withdraw: "withdrawn from approval; it is a draft again",
  execute: "executed",
  close: "closed",
  void: "voided",
} as const;
const DECIDED = { advanced: "Step approved; the next approvers were notified.", approved: "Approved: the commitment is executed.", rejected: "Rejected: the commitment is a draft again." } as const;

async function apply(tx: Tx, commitmentId: string, input: CommitmentPageInput, actor: Actor): Promise<string> {
  switch (input.intent) {
    case "save-header":
      return `Commitment ${(await updateCommitmentHeader(tx, commitmentId, input)).number} saved.`;
    case "add-line":
      return `Line ${(await addCommitmentLine(tx, commitmentId, input)).lineNumber} added.`;
    case "update-line":
      return `Line ${(await updateCommitmentLine(tx, commitmentId, input)).lineNumber} saved.`;
    case "delete-line":
      await deleteCommitmentLine(tx, commitmentId, input);
      return "Line deleted.";
    case "transition":
      return `Commitment ${(await changeCommitmentStatus(tx, commitmentId, { ...input, actorId: actor.userId })).number} ${DONE[input.to]}.`;
    case "approve":
    case "reject": {
      const decision = input.intent === "reject" ? "rejected" : "approved";
      const result = await actOnApproval(tx, { ...input, decision, actor }, { documentType: "commitment", documentId: commitmentId });
      return DECIDED[result.outcome];
    }
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, pagePermission(form.get("intent"), form.get("to")));
  const actor = { userId: member.user.id, role: member.active.role };
  const commitmentId = params.commitmentId ?? "";
  const submission = parseForm(form, commitmentPageSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const anchor = submission.value.intent.endsWith("-line") ? "#lines" : "";
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => ({ location: `/commitments/${commitmentId}${anchor}`, message: await apply(tx, commitmentId, submission.value, actor) })),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    if (error instanceof CommitmentConflict || error instanceof ApprovalConflict) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof ApprovalRefused) return invalid(submission, { formErrors: [error.message] }, 403);
    if (error instanceof CommitmentRefused)
      return invalid(submission, error.field ? { fieldErrors: { [error.field]: [error.message] } } : { formErrors: [error.message] }, 409);
    throw error;
  }
}

export default function CommitmentPage() {
  const data = useLoaderData<typeof loader>();
  const { commitment, project, figures, lines, editing, approval } = data;
  const actionData = useActionData<typeof action>();
  const canManage = useCan("commitments:manage");
  const postedIntent = String(actionData?.initialValue?.intent ?? "");
  const resultFor = (...intents: string[]) => (actionData && intents.includes(postedIntent) ? actionData : undefined);
  const editable = commitment.status === "draft" && canManage;
  // Errors of buttons (transitions, approve) and of forms no longer on the page show at the top.
  const formShown: Record<string, boolean> = {
    "save-header": editable,
    "add-line": editable,
    "update-line": editable && editing !== null,
    "delete-line": editable && editing !== null,
    reject: approval?.mayDecide ?? false,
  };
  const topErrors = actionData && !formShown[postedIntent] ? (actionData.error?.[""] ?? undefined) : undefined;
  const base = `/commitments/${commitment.id}`;
  const lineFormProps = { version: commitment.version, costCodes: data.costCodes, costTypes: data.costTypes };
  return (
    <section className="space-y-8">
      <header>
        <Link to={`/projects/${project.id}/commitments`} className="text-sm text-brand-700 hover:underline">
          ← Commitments of {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          {commitment.number} · {commitment.title} <StatusBadge value={COMMITMENT_STATUS_LABELS[commitment.status]} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {commitmentTypeLabel(commitment.type)} with {data.vendorName} · retainage {describeBands(commitment.retainageRate, storedBands(commitment))}
          {commitment.retainageCapPercent ? ` (capped at ${commitment.retainageCapPercent}% of the commitment sum to date)` : ""}
          {commitment.status === "pending_approval" && commitment.submittedAt ? <> · submitted <DateTime value={commitment.submittedAt} /></> : ""}
          {commitment.executedAt ? <> · executed <CalendarDate value={commitment.executedAt} /></> : ""}
          {commitment.status === "draft" ? "" : " · read-only"}
        </p>
      </header>
      <CommitmentFigures figures={figures} />
      <ApprovalNotice status={commitment.status} rejectionReason={commitment.rejectionReason} policyName={data.policyName} />
      <StatusActions transitions={data.transitions} version={commitment.version} errors={topErrors} />
      {approval ? <ApprovalPanel approval={approval} rejectResult={formShown.reject ? resultFor("reject") : undefined} action={base} /> : null}
      {editable ? (
        <div className="max-w-3xl">
          <h2 className="mb-3 text-lg font-semibold">Header</h2>
          <CommitmentHeaderForm header={commitment} vendors={data.vendors} lastResult={resultFor("save-header")} />
        </div>
      ) : null}
      <div id="lines" className="space-y-4">
        <h2 className="text-lg font-semibold">Lines</h2>
        <CommitmentLinesTable lines={lines} total={figures.originalValue} editHref={editable ? (id) => `${base}?edit=${id}#line-form` : null} />
        {editable && editing ? (
          <EditCommitmentLineForm
            key={editing.id}
            line={editing}
            cancelHref={`${base}#lines`}
            lastResult={resultFor("update-line", "delete-line")}
            {...lineFormProps}
          />
        ) : null}
        {editable ? <AddCommitmentLineForm lastResult={resultFor("add-line")} {...lineFormProps} /> : null}
      </div>
      <div className="space-y-3">
        <h2 className="text-lg font-semibold">Change orders</h2>
        <LinkedChangeOrders changeOrders={data.changeOrders} />
      </div>
    </section>
  );
}
