import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { StatusBadge } from "~/components/data-table/cells";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { ApprovalPanel } from "~/domains/approvals/approval-panel";
import { ApprovalConflict, ApprovalRefused, approvalView, latestApprovalFor } from "~/domains/approvals/approval-requests.server";
import { approveSchema, rejectSchema } from "~/domains/approvals/approvals.schema";
import { ContractRefused } from "~/domains/contracts/contracts.server";
import { delayOriginOf } from "~/domains/daily-logs/daily-log-change-orders.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import type { z } from "zod";
import { LineForm, LinesTable } from "../change-order-lines";
import { ChangeOrderFacts, ChangeOrderTransitions } from "../change-order-summary";
import { addChangeOrderLine, deleteChangeOrderLine, updateChangeOrderLine } from "../change-order-lines.server";
import { convertToChangeOrder, submitChangeOrder, voidChangeOrder, withdrawChangeOrder } from "../change-order-workflow.server";
import { ChangeOrderRefused, getChangeOrder, lineChoices, updateChangeOrderHeader } from "../change-orders.server";
import { addLineSchema, headerSchema, transitionSchema, updateLineSchema } from "../change-orders.schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `CO #${data.changeOrder.number}` : "Change order"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "change_orders:read");
  const actor = { userId: member.user.id, role: member.active.role };
  const editLineId = new URL(request.url).searchParams.get("line");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const co = await getChangeOrder(tx, params.changeOrderId ?? "");
      const approval = await latestApprovalFor(tx, "change_order", co.id);
      const editable = co.status === "draft" && can(actor.role, "change_orders:manage");
      return {
        changeOrder: {
          ...co,
          submittedAt: co.submittedAt?.toISOString() ?? null,
          decidedAt: co.decidedAt?.toISOString() ?? null,
          createdAt: co.createdAt.toISOString(),
          updatedAt: co.updatedAt.toISOString(),
        },
        approval: approval ? approvalView(approval, actor) : null,
        origin: await delayOriginOf(tx, co.id),
        editable,
        choices: editable ? await lineChoices(tx) : null,
        editLine: editable ? (co.lines.find((l) => l.id === editLineId) ?? null) : null,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const INTENT_KEYS: Record<string, PermissionKey> = {
  update: "change_orders:manage",
  "add-line": "change_orders:manage",
  "update-line": "change_orders:manage",
  "delete-line": "change_orders:manage",
  convert: "change_orders:manage",
  submit: "change_orders:manage",
  withdraw: "change_orders:manage",
  void: "change_orders:void",
  // Who may decide a step is the step's business (its permission key or named member).
  approve: "change_orders:read",
  reject: "change_orders:read",
};

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const intent = String(form.get("intent") ?? "");
  const member = await requireMember(request, INTENT_KEYS[intent] ?? "change_orders:manage");
  const changeOrderId = params.changeOrderId ?? "";
  const actor = { userId: member.user.id, role: member.active.role };
  const self = `/change-orders/${changeOrderId}`;

  async function perform<S extends z.ZodType>(schema: S, work: (tx: Tx, value: z.output<S>) => Promise<string>) {
    const submission = parseForm(form, schema);
    if (submission.status !== "success") return invalid(submission);
    try {
      const submitted = await withTenant(member.tenant, (tx) =>
        submitOnce(tx, request, form, async () => ({ location: self, message: await work(tx, submission.value as z.output<S>) })),
      );
      return redirectSubmitted(submitted);
    } catch (error) {
      if (error instanceof ChangeOrderRefused || error instanceof ApprovalConflict || error instanceof ContractRefused)
        return invalid(submission, { formErrors: [error.message] }, 409);
      if (error instanceof ApprovalRefused) return invalid(submission, { formErrors: [error.message] }, 403);
      if (error instanceof RecordNotFound) throw notFoundResponse(error);
      throw error;
    }
  }

  const ref = (v: { version: number }) => ({ changeOrderId, version: v.version });
  const thisDocument = { documentType: "change_order", documentId: changeOrderId } as const;
  switch (intent) {
    case "update":
      return perform(headerSchema, (tx, v) => updateChangeOrderHeader(tx, { ...ref(v), title: v.title, description: v.description }).then(() => "Change order saved."));
    case "add-line":
      return perform(addLineSchema, (tx, v) => addChangeOrderLine(tx, { ...v, changeOrderId }).then((l) => `Line ${l.lineNumber} added.`));
    case "update-line":
      return perform(updateLineSchema, (tx, v) => updateChangeOrderLine(tx, { ...v, changeOrderId }).then((l) => `Line ${l.lineNumber} saved.`));
    case "delete-line":
      return perform(transitionSchema, (tx, v) => deleteChangeOrderLine(tx, { ...ref(v), lineId: v.lineId ?? "" }).then(() => "Line deleted."));
    case "convert":
      return perform(transitionSchema, (tx, v) => convertToChangeOrder(tx, ref(v)).then(() => "Converted to a change order."));
    case "submit":
      return perform(transitionSchema, (tx, v) =>
        submitChangeOrder(tx, { ...ref(v), submittedBy: actor.userId }).then(({ request: r }) => `Submitted for approval: ${r.totalSteps} step${r.totalSteps === 1 ? "" : "s"}.`),
      );
    case "withdraw":
      return perform(transitionSchema, (tx, v) => withdrawChangeOrder(tx, ref(v)).then(() => "Withdrawn from approval; the change order is a draft again."));
    case "void":
      return perform(transitionSchema, (tx, v) => voidChangeOrder(tx, ref(v)).then(() => "Change order voided."));
    case "approve":
      return perform(approveSchema, (tx, v) => actOnApproval(tx, { ...v, decision: "approved", actor }, thisDocument).then((r) => DECIDED[r.outcome]));
    case "reject":
      return perform(rejectSchema, (tx, v) => actOnApproval(tx, { ...v, decision: "rejected", actor }, thisDocument).then((r) => DECIDED[r.outcome]));
    default:
      return data({ error: { "": ["Unknown action."] }, initialValue: { intent } }, { status: 400 });
  }
}

const DECIDED = { advanced: "Step approved; the next approvers were notified.", approved: "Change order approved.", rejected: "Change order rejected." } as const;

export default function ChangeOrderPage() {
  const { changeOrder: co, approval, editable, choices, editLine, origin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canManage = useCan("change_orders:manage");
  const canVoid = useCan("change_orders:void");
  const resultFor = (...intents: string[]) => (actionData && intents.includes(String(actionData.initialValue?.intent)) ? actionData : undefined);
  // Errors of a post whose form is not on the page (buttons, or a form gone since the change order moved on) show at the top.
  const postedIntent = String(actionData?.initialValue?.intent ?? "");
  const formShown: Record<string, boolean> = { update: editable, "add-line": editable && !editLine, "update-line": editable && editLine !== null, reject: approval?.mayDecide ?? false };
  const pageErrors = actionData && !formShown[postedIntent] ? (actionData.error?.[""] ?? undefined) : undefined;
  const [headerForm, headerFields] = useZodForm(headerSchema, { id: "header", lastResult: resultFor("update"), defaultValue: { title: co.title, description: co.description } });
  const prime = co.kind === "prime";
  const self = `/change-orders/${co.id}`;
  return (
    <section className="space-y-8">
      <header>
        <Link to={`/projects/${co.project.id}/change-orders`} className="text-sm text-brand-700 hover:underline">
          ← Change orders of {co.project.jobNumber} {co.project.name}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          CO #{co.number} · {co.title} <StatusBadge value={co.status} />
        </h1>
        {co.description ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{co.description}</p> : null}
        {origin ? <a href={origin.href} className="mt-1 inline-block text-sm font-medium text-brand-700 hover:underline">Started from a delay in the daily log of {origin.logDate}</a> : null}
      </header>
      <ChangeOrderFacts co={co} />
      {co.status === "approved" ? (
        <p className="text-sm text-slate-600">Approved change orders cannot be changed. To correct this one, create a new change order.</p>
      ) : null}

      <div className="flex flex-wrap items-start gap-3">
        <FormErrors errors={pageErrors} />
        <ChangeOrderTransitions co={co} editable={editable} canManage={canManage} canVoid={canVoid} />
      </div>

      {approval ? <ApprovalPanel approval={approval} rejectResult={resultFor("reject")} action={self} /> : null}

      <div className="space-y-4">
        <h2 className="text-lg font-semibold">Lines</h2>
        <LinesTable
          lines={co.lines}
          prime={prime}
          totals={{ amount: co.amount, budgetAmount: co.budgetAmount }}
          editable={editable}
          version={co.version}
          editHref={(lineId) => `${self}?line=${lineId}#line-form`}
        />
        {editable && choices ? (
          <div id="line-form" className="max-w-3xl">
            {editLine ? (
              <LineForm key={editLine.id} line={editLine} prime={prime} version={co.version} choices={choices} lastResult={resultFor("update-line")} cancelHref={self} />
            ) : (
              <LineForm prime={prime} version={co.version} choices={choices} lastResult={resultFor("add-line")} />
            )}
          </div>
        ) : null}
      </div>

      {editable ? (
        <div className="max-w-3xl">
          <h2 className="text-lg font-semibold">Title and description</h2>
          <PostForm {...getFormProps(headerForm)} className="mt-3 space-y-4">
            <FormErrors errors={headerForm.errors} />
            <input type="hidden" name="version" value={co.version} />
            <TextField meta={headerFields.title} label="Title" />
            <TextField meta={headerFields.description} label="Description" />
            <SubmitButton name="intent" value="update" tone="secondary">
              Save
            </SubmitButton>
          </PostForm>
        </div>
      ) : null}
    </section>
  );
}
