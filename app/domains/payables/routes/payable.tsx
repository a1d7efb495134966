import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { CalendarDate, DateTime, StatusBadge } from "~/components/data-table/cells";
import { actOnApproval } from "~/domains/approvals/approval-actions.server";
import { ApprovalPanel } from "~/domains/approvals/approval-panel";
import { approvalView, latestApprovalFor, type Actor } from "~/domains/approvals/approval-requests.server";
import { StatusActions } from "~/domains/commitments/commitment-panels";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { dec, rateToPercent } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { defaultInvoiceDates, directLineChoices } from "../ap-invoice-choices.server";
import { getApInvoice } from "../ap-invoice-detail.server";
import { formatMoney } from "../ap-invoice-math";
import { addDirectLine, deleteDirectLine, saveCommitmentBilling, updateDirectLine } from "../ap-invoice-lines.server";
import { InvoiceFigures, InvoiceHeaderForm, InvoiceNotice, RetainagePanel } from "../ap-invoice-panels";
import { allowedApTransitions, changeApInvoiceStatus } from "../ap-invoice-status.server";
import { ApInvoiceRefused, findApInvoice, updateApInvoiceHeader } from "../ap-invoices.server";
import { apErrorReply } from "../ap-route-errors.server";
import { BillingSheet } from "../billing-sheet";
import { billingSheetView } from "../billing-sheet-view";
import { AddDirectLineForm, EditDirectLineForm, InvoiceLinesTable } from "../direct-lines";
import { AP_INVOICE_KIND_LABELS, AP_INVOICE_STATUS_LABELS, AP_TRANSITION_PERMISSIONS, apInvoicePageSchema, apInvoicePath, apPagePermission, type ApInvoicePageInput } from "../payables.schema";
import { createRetainageRelease, retainagePosition } from "../retainage.server";
import { OpenPunchWarning } from "~/domains/punch/open-punch-warning";
import { openPunchForVendor } from "~/domains/punch/punch-detail.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Invoice ${data?.invoice.invoiceNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const role = member.active.role;
  const actor = { userId: member.user.id, role };
  const editLineId = new URL(request.url).searchParams.get("line");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const { invoice, lines, sheet, payments, balance, ...names } = await getApInvoice(tx, params.invoiceId ?? "");
      const editable = invoice.status === "draft" && can(role, "payables:manage");
      const direct = invoice.commitmentId === null;
      const approval = await latestApprovalFor(tx, "ap_invoice", invoice.id);
      const retainage = invoice.commitmentId ? await retainagePosition(tx, invoice.commitmentId) : null;
      const choices = editable && direct ? await directLineChoices(tx) : null;
      await recordDataAccess(tx, { view: "payable", format: "page", filters: { invoiceId: invoice.id }, rowCount: lines.length });
      return {
        invoice: {
          ...invoice,
          submittedAt: invoice.submittedAt?.toISOString() ?? null,
          approvedAt: invoice.approvedAt?.toISOString() ?? null,
          retainagePercent: rateToPercent(invoice.retainageRate),
        },
        names,
        figures: { total: invoice.total, retainage: invoice.retainage, amountDue: invoice.amountDue, paid: balance.paid, open: balance.open },
        sheet: invoice.kind === "progress" && !direct ? billingSheetView(sheet) : null,
        lines,
        // Void only while nothing was paid (the service refuses it too).
        transitions: allowedApTransitions(invoice.status).filter((t) => can(role, AP_TRANSITION_PERMISSIONS[t]) && (t !== "void" || payments.length === 0)),
        approval: approval ? approvalView(approval, actor) : null,
        editable,
        choices,
        editLine: editable && direct ? (lines.find((l) => l.id === editLineId) ?? null) : null,
        // The commitment's retainage, once some has been held on its approved invoices.
        retainage: retainage && names.commitmentNumber && dec(retainage.held).greaterThan(0) ? { ...retainage, commitmentNumber: names.commitmentNumber } : null,
        canRelease: retainage !== null && can(role, "payables:manage") && dec(retainage.outstanding).greaterThan(0),
        openPunch: retainage || invoice.kind === "retainage_release" ? await openPunchForVendor(tx, invoice.projectId, invoice.vendorId) : null,
        dates: defaultInvoiceDates(),
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

const DONE = { submit: "submitted for approval; the approvers were notified", withdraw: "withdrawn from approval; it is a draft again", void: "voided" } as const;
const DECIDED = { advanced: "Step approved; the next approvers were notified.", approved: "Approved: the invoice is actual cost and can be paid.", rejected: "Rejected: the invoice is a draft again." } as const;

/** Runs the posted change; answers the flash message and where to go next. */
async function apply(tx: Tx, invoiceId: string, input: ApInvoicePageInput, actor: Actor): Promise<{ message: string; to?: string }> {
  switch (input.intent) {
    case "save-header":
      return { message: `Invoice ${(await updateApInvoiceHeader(tx, invoiceId, input)).invoiceNumber} saved.` };
    case "save-billing": {
      const { invoice } = await saveCommitmentBilling(tx, invoiceId, input);
      return { message: `Continuation sheet saved: ${formatMoney(invoice.total)} billed, ${formatMoney(invoice.retainage)} retainage held.`, to: "#lines" };
    }
    case "add-line":
      return { message: `Line ${(await addDirectLine(tx, invoiceId, input)).line.lineNumber} added.`, to: "#lines" };
    case "update-line":
      return { message: `Line ${(await updateDirectLine(tx, invoiceId, input)).line.lineNumber} saved.`, to: "#lines" };
    case "delete-line":
      await deleteDirectLine(tx, invoiceId, input);
      return { message: "Line deleted.", to: "#lines" };
    case "transition":
      return { message: `Invoice ${(await changeApInvoiceStatus(tx, invoiceId, { ...input, actorId: actor.userId })).invoiceNumber} ${DONE[input.to]}.` };
    case "release-retainage": {
      const { commitmentId } = await findApInvoice(tx, invoiceId);
      if (!commitmentId) throw new ApInvoiceRefused("This invoice is not against a commitment: it holds no retainage to release.");
      const release = await createRetainageRelease(tx, { ...input, commitmentId });
      return { message: `Retainage release invoice ${release.invoiceNumber} entered as a draft. Submit it for approval to pay it.`, to: apInvoicePath(release.id) };
    }
    case "approve":
    case "reject": {
      const decision = input.intent === "reject" ? "rejected" : "approved";
      const result = await actOnApproval(tx, { ...input, decision, actor }, { documentType: "ap_invoice", documentId: invoiceId });
      return { message: DECIDED[result.outcome] };
    }
  }
}

const FIELDS_SHOWN = ["invoiceNumber", "invoiceDate", "dueDate", "description", "costCodeId", "costTypeId", "amount", "reason"];

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, apPagePermission(form.get("intent"), form.get("to")));
  const actor = { userId: member.user.id, role: member.active.role };
  const invoiceId = params.invoiceId ?? "";
  const submission = parseForm(form, apInvoicePageSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const { message, to } = await apply(tx, invoiceId, submission.value, actor);
        return { location: to?.startsWith("/") ? to : `${apInvoicePath(invoiceId)}${to ?? ""}`, message };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    return apErrorReply(submission, error, FIELDS_SHOWN);
  }
}

export default function PayablePage() {
  const data = useLoaderData<typeof loader>();
  const { invoice, names, figures, sheet, lines, editable, editLine, choices, approval, retainage } = data;
  const actionData = useActionData<typeof action>();
  const postedIntent = String(actionData?.initialValue?.intent ?? "");
  const resultFor = (...intents: string[]) => (actionData && intents.includes(postedIntent) ? actionData : undefined);
  const direct = invoice.commitmentId === null;
  // Errors of buttons (transitions, approve) and of forms no longer on the page show at the top.
  const formShown: Record<string, boolean> = {
    "save-header": editable,
    "save-billing": editable && sheet !== null,
    "add-line": editable && choices !== null,
    "update-line": editLine !== null,
    "delete-line": editLine !== null,
    "release-retainage": data.canRelease,
    reject: approval?.mayDecide ?? false,
  };
  const topErrors = actionData && !formShown[postedIntent] ? (actionData.error?.[""] ?? undefined) : undefined;
  const base = apInvoicePath(invoice.id);
  const lineFormProps = { version: invoice.version, costCodes: choices?.costCodes ?? [], costTypes: choices?.costTypes ?? [] };
  return (
    <section className="space-y-8">
      <header>
        <Link to="/payables" className="text-sm text-brand-700 hover:underline">
          ← Vendor invoices
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          Invoice {invoice.invoiceNumber} · {names.vendorName} <StatusBadge value={AP_INVOICE_STATUS_LABELS[invoice.status]} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {AP_INVOICE_KIND_LABELS[invoice.kind]} on{" "}
          <Link to={`/projects/${invoice.projectId}`} className="text-brand-700 hover:underline">
            {names.jobNumber} {names.projectName}
          </Link>
          {invoice.commitmentId ? (
            <>
              {" "}· against{" "}
              <Link to={`/commitments/${invoice.commitmentId}`} className="text-brand-700 hover:underline">
                {names.commitmentNumber} {names.commitmentTitle}
              </Link>
              {invoice.kind === "progress" ? ` · retainage ${invoice.retainagePercent}%` : ""}
            </>
          ) : (
            " · direct cost"
          )}
          <> · dated <CalendarDate value={invoice.invoiceDate} />, due <CalendarDate value={invoice.dueDate} /></>
          {invoice.submittedAt && invoice.status === "pending_approval" ? <> · submitted <DateTime value={invoice.submittedAt} /></> : ""}
          {invoice.approvedAt ? <> · approved <DateTime value={invoice.approvedAt} /></> : ""}
          {invoice.status === "draft" ? "" : " · read-only"}
        </p>
        {invoice.description ? <p className="mt-1 text-sm text-slate-700">{invoice.description}</p> : null}
      </header>
      <InvoiceFigures figures={figures} paymentsHref={`${base}/payments`} />
      <InvoiceNotice status={invoice.status} kind={invoice.kind} rejectionReason={invoice.rejectionReason} />
      <StatusActions transitions={data.transitions} version={invoice.version} errors={topErrors} />
      {approval ? <ApprovalPanel approval={approval} rejectResult={formShown.reject ? resultFor("reject") : undefined} action={base} /> : null}
      {editable ? (
        <div className="max-w-3xl">
          <h2 className="mb-3 text-lg font-semibold">Header</h2>
          <InvoiceHeaderForm header={invoice} lastResult={resultFor("save-header")} />
        </div>
      ) : null}
      <div id="lines" className="space-y-4">
        <h2 className="text-lg font-semibold">{sheet ? "Continuation sheet" : "Lines"}</h2>
        {sheet ? (
          <BillingSheet sheet={sheet} retainagePercent={invoice.retainagePercent} version={invoice.version} editable={editable} lastResult={resultFor("save-billing")} />
        ) : (
          <InvoiceLinesTable
            lines={lines}
            total={invoice.total}
            released={invoice.kind === "retainage_release"}
            editHref={editable && direct ? (id) => `${base}?line=${id}#line-form` : null}
          />
        )}
        {editLine ? <EditDirectLineForm key={editLine.id} line={editLine} cancelHref={`${base}#lines`} lastResult={resultFor("update-line", "delete-line")} {...lineFormProps} /> : null}
        {choices ? <AddDirectLineForm lastResult={resultFor("add-line")} {...lineFormProps} /> : null}
      </div>
      {data.openPunch ? <OpenPunchWarning {...data.openPunch} /> : null}
      {retainage ? <RetainagePanel retainage={retainage} canRelease={data.canRelease} dates={data.dates} lastResult={resultFor("release-retainage")} /> : null}
    </section>
  );
}
