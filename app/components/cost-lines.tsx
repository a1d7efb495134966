import type { SubmissionResult } from "@conform-to/react";
import type { z } from "zod";
import { Money } from "~/components/data-table/cells";
import { SelectField, MoneyField, TextField } from "~/components/forms";
import { AddLineForm, EditLinePanel } from "~/components/line-forms";
import { useZodForm } from "~/components/use-zod-form";
import { rateToPercent } from "~/utils/money";

// Lines by cost code × cost type with an amount: a commitment's lines and a direct-cost vendor
// invoice's lines are entered, listed and edited the same way; each keeps its own zod schema.

type Option = { value: string; label: string };

export type CostLineView = {
  id: string;
  lineNumber: number;
  costCode: string;
  costCodeName: string;
  costTypeName: string;
  costCodeId: string;
  costTypeId: string;
  description: string;
  amount: string;
  /** A commitment line's own retainage rate (fraction); null: the commitment's. Absent on documents without one. */
  retainageRate?: string | null;
};

const cell = "px-3 py-2";

/** The lines and their total; while a draft (`editHref`), each line number links to its edit form. */
export function CostLinesTable<L extends CostLineView>(props: {
  testId: string;
  lines: L[];
  total: string;
  editHref: ((id: string) => string) | null;
  /** The money column, when it is not the line amount. */
  amount?: { label: string; of: (line: L) => string };
  totalTestId?: string;
  /** Shows each line's own retainage rate ("Commitment's" when it has none). */
  withRetainage?: boolean;
}) {
  const { lines, editHref, amount = { label: "Amount", of: (l: L) => l.amount }, withRetainage = false } = props;
  return (
    <div className="overflow-x-auto rounded border border-slate-200 bg-white">
      <table className="min-w-full text-left text-sm" data-testid={props.testId}>
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            <th scope="col" className={cell}>Line</th>
            <th scope="col" className={cell}>Cost code</th>
            <th scope="col" className={cell}>Cost type</th>
            <th scope="col" className={cell}>Description</th>
            {withRetainage ? <th scope="col" className={`${cell} text-right`}>Retainage</th> : null}
            <th scope="col" className={`${cell} text-right`}>{amount.label}</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {lines.length === 0 ? (
            <tr><td colSpan={withRetainage ? 6 : 5} className="px-3 py-6 text-center text-slate-500">No lines yet.</td></tr>
          ) : (
            lines.map((l) => (
              <tr key={l.id}>
                <td className={cell}>{editHref ? <a href={editHref(l.id)} className="text-brand-700 hover:underline">{l.lineNumber}</a> : l.lineNumber}</td>
                <td className={cell}>{l.costCode} {l.costCodeName}</td>
                <td className={cell}>{l.costTypeName}</td>
                <td className={cell}>{l.description}</td>
                {withRetainage ? <td className={`${cell} text-right tabular-nums`}>{l.retainageRate == null ? "Commitment's" : `${rateToPercent(l.retainageRate)}%`}</td> : null}
                <td className={`${cell} text-right tabular-nums`}><Money value={amount.of(l)} /></td>
              </tr>
            ))
          )}
        </tbody>
        <tfoot className="border-t-2 border-slate-300 bg-slate-50 font-semibold">
          <tr>
            <th scope="row" colSpan={withRetainage ? 5 : 4} className={cell}>Total</th>
            <td className={`${cell} text-right tabular-nums`} data-testid={props.totalTestId}><Money value={props.total} /></td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

// The document's own add-line / update-line schema (costCodeId, costTypeId, description, amount, version).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type CostLineSchema = z.ZodType<Record<string, any>, Record<string, any>>;

export type CostLineFormProps = {
  version: number;
  costCodes: Option[];
  costTypes: Option[];
  lastResult: SubmissionResult<string[]> | undefined;
  /** Adds the line's own retainage rate (% ; empty follows the document's rate). */
  withRetainage?: boolean;
};

const choose = (what: string, options: Option[]) => [{ value: "", label: `Choose a ${what}` }, ...options];

type CostLineFieldSet = ReturnType<typeof useZodForm<CostLineSchema>>[1];

function CostLineFields({ fields, costCodes, costTypes, withRetainage }: { fields: CostLineFieldSet; costCodes: Option[]; costTypes: Option[]; withRetainage?: boolean }) {
  return (
    <div className={`grid gap-3 ${withRetainage ? "sm:grid-cols-5" : "sm:grid-cols-4"}`}>
      <SelectField meta={fields.costCodeId} label="Cost code" options={choose("cost code", costCodes)} />
      <SelectField meta={fields.costTypeId} label="Cost type" options={choose("cost type", costTypes)} />
      <TextField meta={fields.description} label="Description" />
      <MoneyField meta={fields.amount} label="Amount" />
      {withRetainage ? <TextField meta={fields.retainagePercent} label="Line retainage (%)" inputMode="decimal" help="Optional: this line's own rate; empty follows the commitment." /> : null}
    </div>
  );
}

export function AddCostLineForm({ schema, formId, ...props }: CostLineFormProps & { schema: CostLineSchema; formId: string }) {
  const [form, fields] = useZodForm(schema, { id: formId, lastResult: props.lastResult });
  return (
    <AddLineForm form={form} version={props.version}>
      <CostLineFields fields={fields} costCodes={props.costCodes} costTypes={props.costTypes} withRetainage={props.withRetainage} />
    </AddLineForm>
  );
}

export function EditCostLineForm({ schema, formId, line, cancelHref, ...props }: CostLineFormProps & { schema: CostLineSchema; formId: string; line: CostLineView; cancelHref: string }) {
  const [form, fields] = useZodForm(schema, {
    id: formId,
    lastResult: props.lastResult,
    defaultValue: {
      costCodeId: line.costCodeId,
      costTypeId: line.costTypeId,
      description: line.description,
      amount: line.amount,
      ...(line.retainageRate == null ? {} : { retainagePercent: rateToPercent(line.retainageRate) }),
    },
  });
  return (
    <EditLinePanel form={form} line={line} version={props.version} cancelHref={cancelHref}>
      <CostLineFields fields={fields} costCodes={props.costCodes} costTypes={props.costTypes} withRetainage={props.withRetainage} />
    </EditLinePanel>
  );
}
