import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { CalendarDate, Money } from "~/components/data-table/cells";
import { FormErrors, PostForm, SelectField, SubmitButton, MoneyField, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { PAYMENT_METHOD_LABELS, PAYMENT_METHODS, type PaymentMethod } from "~/utils/payment-methods";

// Payments out (vendor invoices, `paidOn`) and in (pay applications, `receivedOn`) share one table
// and one form; each side names its date field and adds its own columns.

/** The date a payment carries: its field name in the loader rows and the form, and its label. */
export type PaymentDate<K extends string> = { key: K; label: string };

type PaymentRow<K extends string> = { id: string; amount: string; method: PaymentMethod; reference: string } & Record<K, string>;
type Column<P> = { header: string; cell: (payment: P) => ReactNode };

const cell = "px-3 py-2";

export function PaymentsTable<K extends string, P extends PaymentRow<K>>(props: {
  testId: string;
  date: PaymentDate<K>;
  payments: P[];
  emptyMessage: string;
  /** Columns between the reference and the amount. */
  columns?: Column<P>[];
  total?: { label: string; value: string };
}) {
  const { date, payments, columns = [], total } = props;
  if (payments.length === 0) return <p className="text-sm text-slate-600">{props.emptyMessage}</p>;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid={props.testId}>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            {[date.label, "Method", "Reference", ...columns.map((c) => c.header)].map((header) => (
              <th key={header} scope="col" className={cell}>{header}</th>
            ))}
            <th scope="col" className={`${cell} text-right`}>Amount</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {payments.map((p) => (
            <tr key={p.id}>
              <td className={cell}>
                <CalendarDate value={p[date.key]} />
              </td>
              <td className={cell}>{PAYMENT_METHOD_LABELS[p.method]}</td>
              <td className={cell}>{p.reference}</td>
              {columns.map((c) => (
                <td key={c.header} className={cell}>{c.cell(p)}</td>
              ))}
              <td className={`${cell} text-right tabular-nums`}><Money value={p.amount} /></td>
            </tr>
          ))}
        </tbody>
        {total ? (
          <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
            <tr>
              <th scope="row" colSpan={3 + columns.length} className={cell}>{total.label}</th>
              <td className={`${cell} text-right tabular-nums`}><Money value={total.value} /></td>
            </tr>
          </tfoot>
        ) : null}
      </table>
    </div>
  );
}

const METHOD_OPTIONS = PAYMENT_METHODS.map((value) => ({ value, label: PAYMENT_METHOD_LABELS[value] }));

// Each side's own zod schema (amount, method, reference, version and its date field) is the authority.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type PaymentSchema = z.ZodType<Record<string, any>, Record<string, any>>;

/**
 * Records one payment (partial allowed) as a plain post carrying `intent` and the version the page
 * was read at; `amount` is the open balance offered as the default.
 */
export function RecordPaymentForm<K extends string>(props: {
  schema: PaymentSchema;
  intent: string;
  date: PaymentDate<K>;
  version: number;
  amount: string;
  today: string;
  /** The heading and any explanation above the fields. */
  intro: ReactNode;
  lastResult?: SubmissionResult<string[]>;
}) {
  const { date } = props;
  const [form, fields] = useZodForm(props.schema, {
    id: "record-payment",
    lastResult: props.lastResult,
    defaultValue: { [date.key]: props.today, amount: props.amount, method: "check" },
  });
  return (
    <PostForm {...getFormProps(form)} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      {props.intro}
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value={props.intent} />
      <input type="hidden" name="version" value={props.version} />
      <div className="grid gap-3 sm:grid-cols-4">
        <MoneyField meta={fields.amount} label="Amount" />
        <TextField meta={fields[date.key]} label={date.label} type="date" />
        <SelectField meta={fields.method} label="Method" options={METHOD_OPTIONS} />
        <TextField meta={fields.reference} label="Reference" help="Check number, transfer or wire reference…" />
      </div>
      <SubmitButton>Record payment</SubmitButton>
    </PostForm>
  );
}
