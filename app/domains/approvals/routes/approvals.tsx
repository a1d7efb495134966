import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { Money } from "~/components/data-table/cells";
import { DataTable } from "~/components/data-table/data-table";
import { FormErrors } from "~/components/forms";
import { ContractRefused } from "~/domains/contracts/contracts.server";
import { ChangeOrderRefused } from "~/domains/change-orders/change-orders.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { actOnApproval, approvalForReview } from "../approval-actions.server";
import { ApprovalPanel } from "../approval-panel";
import { listApprovalQueue } from "../approval-queue.server";
import { ApprovalConflict, ApprovalRefused, approvalView } from "../approval-requests.server";
import { approveSchema, rejectSchema } from "../approvals.schema";
import { approvalQueueTable } from "../approvals.table";

export const meta: MetaFunction = () => [{ title: "Approvals · SECG ERP" }];

// Every member may be named as an approver, so the queue needs no more than membership.
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "organization:read");
  const actor = { userId: member.user.id, role: member.active.role };
  const url = new URL(request.url);
  const query = parseTableQuery(approvalQueueTable, url);
  const reviewId = url.searchParams.get("request");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const page = await listApprovalQueue(tx, actor, query);
      const review = reviewId ? await approvalForReview(tx, reviewId) : null;
      const filterOptions = await lookupOptions(tx, approvalQueueTable, member.active.role);
      return { query, page, filterOptions, review: review ? { document: review.document, approval: approvalView(review.request, actor) } : null };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const DECIDED = { advanced: "Step approved; the next approvers were notified.", approved: "Approved.", rejected: "Rejected." } as const;

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "organization:read");
  const actor = { userId: member.user.id, role: member.active.role };
  const intent = form.get("intent");
  const submission = parseForm(form, intent === "reject" ? rejectSchema : approveSchema);
  if (submission.status !== "success") return invalid(submission);
  const decision = submission.value.intent === "reject" ? "rejected" : "approved";
  try {
    const result = await withTenant(member.tenant, (tx) => actOnApproval(tx, { ...submission.value, decision, actor }));
    return redirectWithFlash("/approvals", { kind: "success", message: `${result.document.title}: ${DECIDED[result.outcome]}` });
  } catch (error) {
    if (error instanceof ApprovalConflict || error instanceof ChangeOrderRefused || error instanceof ContractRefused)
      return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof ApprovalRefused) return invalid(submission, { formErrors: [error.message] }, 403);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function Approvals() {
  const { query, page, filterOptions, review } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const rejectShown = actionData?.initialValue?.intent === "reject" && review?.approval.mayDecide;
  const rejectResult = rejectShown ? actionData : undefined;
  const pageErrors = actionData && !rejectShown ? (actionData.error?.[""] ?? undefined) : undefined;
  return (
    <section className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Approvals</h1>
        <p className="mt-1 text-sm text-slate-600">Documents waiting for a step you may decide: by your role&apos;s permissions, or because the step names you.</p>
      </header>
      <FormErrors errors={pageErrors} />
      {review ? (
        <div className="max-w-3xl space-y-3">
          <h2 className="text-lg font-semibold">
            <Link to={review.document.path} className="text-brand-700 hover:underline">
              {review.document.title}
            </Link>{" "}
            · <Money value={review.document.amount} />
          </h2>
          <ApprovalPanel approval={review.approval} rejectResult={rejectResult} action={`/approvals?request=${review.approval.id}`} />
        </div>
      ) : null}
      <DataTable
        definition={approvalQueueTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        filterOptions={filterOptions}
        totals={page.totals}
        pathname="/approvals"
        caption="Your approval queue"
        emptyMessage="Nothing is waiting for you."
      />
    </section>
  );
}
