import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { Money, StatusBadge } from "~/components/data-table/cells";
import { FormErrors } from "~/components/forms";
import { PaymentsTable, RecordPaymentForm, type PaymentDate } from "~/components/payments";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { dec } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { defaultInvoiceDates } from "../ap-invoice-choices.server";
import { getApInvoice } from "../ap-invoice-detail.server";
import { formatMoney } from "../ap-invoice-math";
import { paymentComplianceProblem, recordApPayment } from "../ap-payments.server";
import { apErrorReply } from "../ap-route-errors.server";
import { AP_INVOICE_STATUS_LABELS, apInvoicePath, apPaymentSchema } from "../payables.schema";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Payments · invoice ${data?.invoice.invoiceNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const today = defaultInvoiceDates().invoiceDate;
  try {
    return await withTenant(member.tenant, async (tx) => {
      const { invoice, payments, balance, vendorName, jobNumber, projectName } = await getApInvoice(tx, params.invoiceId ?? "");
      const payable = invoice.status === "approved" && can(member.active.role, "payables:pay");
      return {
        invoice: { id: invoice.id, invoiceNumber: invoice.invoiceNumber, status: invoice.status, kind: invoice.kind, amountDue: invoice.amountDue, version: invoice.version },
        names: { vendorName, jobNumber, projectName },
        payments: payments.map((p) => ({ ...p, createdAt: p.createdAt.toISOString() })),
        balance,
        payable,
        // Told before typing a payment that the organization's compliance setting will refuse it today.
        complianceProblem: payable ? await paymentComplianceProblem(tx, invoice.vendorId, today) : null,
        today,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "payables:pay");
  const invoiceId = params.invoiceId ?? "";
  const submission = parseForm(form, apPaymentSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const { payment, openBalance } = await recordApPayment(tx, invoiceId, submission.value);
        const rest = dec(openBalance).isZero() ? "the invoice is paid in full" : `${formatMoney(openBalance)} is still open`;
        return { location: `${apInvoicePath(invoiceId)}/payments`, message: `Payment of ${formatMoney(payment.amount)} recorded; ${rest}.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    return apErrorReply(submission, error, ["paidOn", "amount", "method", "reference"]);
  }
}

const PAID_ON: PaymentDate<"paidOn"> = { key: "paidOn", label: "Paid on" };
const KIND_COLUMN = { header: "Kind", cell: (p: { isRetainage: boolean }) => (p.isRetainage ? "Retainage payable" : "Progress") };

export default function PayablePayments() {
  const { invoice, names, payments, balance, payable, complianceProblem, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const status = AP_INVOICE_STATUS_LABELS[invoice.status];
  return (
    <section className="space-y-6">
      <header>
        <Link to={apInvoicePath(invoice.id)} className="text-sm text-brand-700 hover:underline">
          ← Invoice {invoice.invoiceNumber}
        </Link>
        <h1 className="mt-1 flex flex-wrap items-center gap-3 text-2xl font-semibold">
          Payments · invoice {invoice.invoiceNumber} · {names.vendorName} <StatusBadge value={status} />
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {names.jobNumber} {names.projectName} · amount due <Money value={invoice.amountDue} /> · paid <Money value={balance.paid} /> ·{" "}
          <span className="font-medium" data-testid="open-balance">
            open <Money value={balance.open} />
          </span>
          {invoice.kind === "retainage_release" ? " · payments on this invoice pay out retainage payable" : ""}
        </p>
      </header>
      <PaymentsTable testId="payments" date={PAID_ON} payments={payments} columns={[KIND_COLUMN]} total={{ label: "Total paid", value: balance.paid }} emptyMessage="No payments recorded yet." />
      {complianceProblem ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="compliance-block">
          {complianceProblem}
        </p>
      ) : null}
      {payable ? (
        <RecordPaymentForm
          schema={apPaymentSchema}
          intent="pay"
          date={PAID_ON}
          version={invoice.version}
          amount={balance.open}
          today={today}
          lastResult={lastResult}
          intro={
            <>
              <h2 className="text-lg font-semibold">Record a payment</h2>
              <p className="text-sm text-slate-600">Partial payments are fine; the invoice is paid when its payments add up to the amount due.</p>
            </>
          }
        />
      ) : (
        <div className="space-y-2">
          <FormErrors errors={lastResult?.error?.[""] ?? undefined} />
          <p className="text-sm text-slate-600">
          {invoice.status === "approved" ? "You may not record payments." : `The invoice is ${status.toLowerCase()}: only approved invoices are paid.`}
          </p>
        </div>
      )}
    </section>
  );
}
