import { getFormProps, getInputProps, type SubmissionResult } from "@conform-to/react";
import { Link } from "react-router";
import { Money } from "~/components/data-table/cells";
import { FieldErrors, FormErrors, inputClass, PostForm, SubmitButton, MoneyField } from "~/components/forms";
import { MoneyFigures } from "~/components/money-figures";
import { useZodForm } from "~/components/use-zod-form";
import { ApInvoiceHeaderFields } from "./ap-invoice-header-fields";
import { apInvoiceHeaderSchema, releaseRetainageIntentSchema } from "./payables.schema";

type Result = SubmissionResult<string[]> | undefined;

export type InvoiceFiguresView = { total: string; retainage: string; amountDue: string; paid: string; open: string };

/** What the vendor bills, what is held back, what is payable, paid and still open. */
export function InvoiceFigures({ figures, paymentsHref }: { figures: InvoiceFiguresView; paymentsHref: string }) {
  const items = [
    { label: "Total billed", value: figures.total, testId: "invoice-total" },
    { label: "Retainage held", value: figures.retainage, testId: "invoice-retainage" },
    { label: "Amount due", value: figures.amountDue, testId: "invoice-amount-due" },
    { label: "Paid", value: figures.paid, testId: "invoice-paid" },
    { label: "Balance", value: figures.open, testId: "invoice-balance" },
  ];
  return (
    <div className="space-y-2">
      <MoneyFigures items={items} columns="sm:grid-cols-3 lg:grid-cols-5" />
      <Link to={paymentsHref} className="text-sm text-brand-700 hover:underline">
        Payments of this invoice →
      </Link>
    </div>
  );
}

/** Where the invoice stands, in a sentence, when there is something to say. */
export function InvoiceNotice({ status, kind, rejectionReason }: { status: string; kind: string; rejectionReason: string | null }) {
  if (status === "pending_approval")
    return <p className="text-sm text-slate-600">Waiting for approval: the header and lines are read-only until it is decided or withdrawn.</p>;
  if (status === "approved") {
    const counts = kind === "retainage_release" ? "it pays out retainage payable" : "it counts as actual cost";
    return <p className="text-sm text-slate-600">Approved: {counts} and can be paid. Void it (while unpaid) to correct it.</p>;
  }
  if (status !== "draft" || !rejectionReason) return null;
  return (
    <p className="rounded border border-red-200 bg-red-50 p-3 text-sm text-red-800" data-testid="rejection-reason">
      <span className="font-medium">Approval was rejected.</span> Reason: {rejectionReason}
      <span className="block">Fix the invoice, then submit it for approval again.</span>
    </p>
  );
}

type Header = { invoiceNumber: string; invoiceDate: string; dueDate: string; description: string; version: number };

export function InvoiceHeaderForm({ header, lastResult }: { header: Header; lastResult: Result }) {
  const [form, fields] = useZodForm(apInvoiceHeaderSchema, { id: "invoice-header", lastResult, defaultValue: { ...header, version: String(header.version) } });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save-header" />
      <input type="hidden" name="version" value={header.version} />
      <ApInvoiceHeaderFields fields={fields} />
      <SubmitButton>Save header</SubmitButton>
    </PostForm>
  );
}

export type RetainageView = {
  commitmentNumber: string;
  held: string;
  released: string;
  outstanding: string;
  lines: { commitmentLineId: string; lineNumber: number; description: string; outstanding: string }[];
};

/**
 * The commitment's retainage (held on its approved invoices, released by release invoices) and, when
 * `canRelease` (the viewer enters invoices and some is outstanding), the form creating a release invoice.
 */
export function RetainagePanel({ retainage, canRelease, dates, lastResult }: { retainage: RetainageView; canRelease: boolean; dates: { invoiceDate: string; dueDate: string }; lastResult: Result }) {
  const [form, fields] = useZodForm(releaseRetainageIntentSchema, {
    id: "release-retainage",
    lastResult,
    defaultValue: { ...dates, amount: retainage.outstanding, lines: retainage.lines.map((l) => ({ commitmentLineId: l.commitmentLineId, amount: "" })) },
  });
  const entries = fields.lines.getFieldList();
  return (
    <div className="space-y-3 rounded border border-slate-200 bg-white p-4" id="retainage">
      <h2 className="text-lg font-semibold">Retainage on {retainage.commitmentNumber}</h2>
      <p className="text-sm text-slate-700">
        Held on approved invoices <Money value={retainage.held} /> · released <Money value={retainage.released} /> ·{" "}
        <span className="font-medium" data-testid="retainage-outstanding">
          outstanding <Money value={retainage.outstanding} />
        </span>
      </p>
      {canRelease ? (
        <PostForm {...getFormProps(form)} className="space-y-4 border-t border-slate-100 pt-3">
          <h3 className="font-medium">Create retainage release invoice</h3>
          <p className="text-sm text-slate-600">
            The vendor&apos;s invoice for retainage paid out: an amount is split over the commitment lines in proportion to what each holds; or enter the
            amount per line below (clear the amount, or make it their sum), each at most what its line still holds.
          </p>
          <FormErrors errors={form.errors} />
          <input type="hidden" name="intent" value="release-retainage" />
          <ApInvoiceHeaderFields fields={fields} />
          <div className="max-w-xs">
            <MoneyField meta={fields.amount} label="Amount to release" />
          </div>
          <table className="text-left text-sm" data-testid="release-lines">
            <thead className="text-slate-700">
              <tr>
                <th scope="col" className="py-1 pr-3">Line</th>
                <th scope="col" className="py-1 pr-3 text-right">Still held</th>
                <th scope="col" className="py-1">Release (per line)</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {retainage.lines.map((l, i) => {
                const amount = entries[i]?.getFieldset().amount;
                return (
                  <tr key={l.commitmentLineId} className="align-top">
                    <td className="py-1 pr-3">
                      {l.lineNumber} {l.description}
                      <input type="hidden" name={`${fields.lines.name}[${i}].commitmentLineId`} value={l.commitmentLineId} />
                    </td>
                    <td className="py-1 pr-3 text-right tabular-nums"><Money value={l.outstanding} /></td>
                    <td className="py-1">
                      {amount ? (
                        <>
                          <input {...getInputProps(amount, { type: "text" })} key={amount.key} inputMode="decimal" aria-label={`Line ${l.lineNumber} release`} className={inputClass} />
                          <FieldErrors id={amount.errorId} errors={amount.errors} />
                        </>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <SubmitButton>Create retainage release invoice</SubmitButton>
        </PostForm>
      ) : null}
    </div>
  );
}
