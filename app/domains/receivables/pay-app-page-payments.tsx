import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type PaymentMethod } from "~/utils/payment-methods";
import { arPaymentSchema } from "./pay-apps.schema";

const cell = "px-3 py-2";

type PaymentView = { id: string; receivedOn: string; amount: string; method: PaymentMethod; reference: string };

/** Payments received against the application, with what is still outstanding of line 8. */
export function PaymentsReceived({ payments, received, outstanding }: { payments: PaymentView[]; received: string; outstanding: string }) {
  return (
    <div className="max-w-3xl space-y-2">
      {payments.length === 0 ? (
        <p className="text-sm text-slate-600">No payment received yet.</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="payments-received">
          <thead className="border-b border-slate-200 text-slate-500">
            <tr>
              <th scope="col" className={cell}>Received on</th>
              <th scope="col" className={cell}>Method</th>
              <th scope="col" className={cell}>Reference</th>
              <th scope="col" className={`${cell} text-right`}>Amount</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {payments.map((p) => (
              <tr key={p.id}>
                <td className={cell}>{p.receivedOn}</td>
                <td className={cell}>{PAYMENT_METHOD_LABELS[p.method]}</td>
                <td className={cell}>{p.reference}</td>
                <td className={`${cell} text-right tabular-nums`}><Money value={p.amount} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="text-sm text-slate-700">
        Received <span className="font-semibold tabular-nums" data-testid="received"><Money value={received} /></span> · outstanding{" "}
        <span className="font-semibold tabular-nums" data-testid="outstanding"><Money value={outstanding} /></span>
      </p>
    </div>
  );
}

const METHOD_OPTIONS = [{ value: "", label: "Choose a method" }, ...PAYMENT_METHODS.map((m) => ({ value: m, label: PAYMENT_METHOD_LABELS[m] }))];

/** A payment from the owner (partial allowed); when line 8 is received in full the application is paid. */
export function RecordPaymentForm({ version, outstanding, today, lastResult }: { version: number; outstanding: string; today: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(arPaymentSchema, { id: "record-payment", lastResult, defaultValue: { receivedOn: today, amount: outstanding } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">Record a payment received</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="record-payment" />
      <input type="hidden" name="version" value={version} />
      <div className="grid gap-3 sm:grid-cols-4">
        <TextField meta={fields.receivedOn} label="Received on" type="date" />
        <TextField meta={fields.amount} label="Amount" inputMode="decimal" />
        <SelectField meta={fields.method} label="Method" options={METHOD_OPTIONS} />
        <TextField meta={fields.reference} label="Reference" help="Check number, wire reference …" />
      </div>
      <SubmitButton>Record payment</SubmitButton>
    </PostForm>
  );
}
