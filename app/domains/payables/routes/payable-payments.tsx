import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { Money, StatusBadge } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { dec } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { PAYMENT_METHOD_LABELS } from "~/utils/payment-methods";
import { defaultInvoiceDates } from "../ap-invoice-choices.server";
import { getApInvoice } from "../ap-invoice-detail.server";
import { formatMoney } from "../ap-invoice-math";
import { paymentComplianceProblem, recordApPayment } from "../ap-payments.server";
import { apErrorReply } from "../ap-route-errors.server";
import { AP_INVOICE_STATUS_LABELS, AP_PAYMENT_METHOD_OPTIONS, apInvoicePath, apPaymentSchema } from "../payables.schema";

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
    const { payment, openBalance } = await withTenant(member.tenant, (tx) => recordApPayment(tx, invoiceId, submission.value));
    const rest = dec(openBalance).isZero() ? "the invoice is paid in full" : `${formatMoney(openBalance)} is still open`;
    return redirectWithFlash(`${apInvoicePath(invoiceId)}/payments`, { kind: "success", message: `Payment of ${formatMoney(payment.amount)} recorded; ${rest}.` });
  } catch (error) {
    return apErrorReply(submission, error, ["paidOn", "amount", "method", "reference"]);
  }
}

const cell = "px-3 py-2";

function PaymentsTable({ payments, paid }: { payments: ReturnType<typeof useLoaderData<typeof loader>>["payments"]; paid: string }) {
  if (payments.length === 0) return <p className="text-sm text-slate-600">No payments recorded yet.</p>;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid="payments">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={cell}>Paid on</th>
            <th scope="col" className={cell}>Method</th>
            <th scope="col" className={cell}>Reference</th>
            <th scope="col" className={cell}>Kind</th>
            <th scope="col" className={`${cell} text-right`}>Amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {payments.map((p) => (
            <tr key={p.id}>
              <td className={cell}>{p.paidOn}</td>
              <td className={cell}>{PAYMENT_METHOD_LABELS[p.method]}</td>
              <td className={cell}>{p.reference}</td>
              <td className={cell}>{p.isRetainage ? "Retainage payable" : "Progress"}</td>
              <td className={`${cell} text-right tabular-nums`}><Money value={p.amount} /></td>
            </tr>
          ))}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={4} className={cell}>Total paid</th>
            <td className={`${cell} text-right tabular-nums`}><Money value={paid} /></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function PaymentForm({ version, open, today, lastResult }: { version: number; open: string; today: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(apPaymentSchema, { id: "record-payment", lastResult, defaultValue: { paidOn: today, amount: open, method: "check" } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-3xl space-y-4 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">Record a payment</h2>
      <p className="text-sm text-slate-600">Partial payments are fine; the invoice is paid when its payments add up to the amount due.</p>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="pay" />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-4 sm:grid-cols-4">
        <TextField meta={fields.amount} label="Amount" inputMode="decimal" />
        <TextField meta={fields.paidOn} label="Paid on" type="date" />
        <SelectField meta={fields.method} label="Method" options={AP_PAYMENT_METHOD_OPTIONS} />
        <TextField meta={fields.reference} label="Reference" help="Check number, transfer id…" />
      </div>
      <SubmitButton>Record payment</SubmitButton>
    </PostForm>
  );
}

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
      <PaymentsTable payments={payments} paid={balance.paid} />
      {complianceProblem ? (
        <p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900" role="status" data-testid="compliance-block">
          {complianceProblem}
        </p>
      ) : null}
      {payable ? (
        <PaymentForm version={invoice.version} open={balance.open} today={today} lastResult={lastResult} />
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
