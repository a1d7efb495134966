import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { SelectField, MoneyField, TextField } from "~/components/forms";
import { AddLineForm, EditLinePanel } from "~/components/line-forms";
import { useZodForm } from "~/components/use-zod-form";
import { rateToPercent } from "~/utils/money";
import { addSovLineSchema, updateSovLineSchema } from "./contracts.schema";

type Option = { value: string; label: string };
type Result = SubmissionResult<string[]> | undefined;

export type SovLineView = { id: string; lineNumber: number; description: string; costCodeId: string | null; scheduledValue: string; retainageRate: string | null };

const withNone = (options: Option[]) => [{ value: "", label: "No cost code" }, ...options];

type Field = FieldMetadata<string, Record<string, unknown>, string[]>;
type SovFields = { description: Field; costCodeId: Field; scheduledValue: Field; retainagePercent: Field };

function SovLineFields({ fields, costCodes }: { fields: SovFields; costCodes: Option[] }) {
  return (
    <div className="grid gap-3 sm:grid-cols-4">
      <TextField meta={fields.description} label="Description" />
      <SelectField meta={fields.costCodeId} label="Cost code (optional)" options={withNone(costCodes)} />
      <MoneyField meta={fields.scheduledValue} label="Scheduled value" />
      <TextField meta={fields.retainagePercent} label="Line retainage (%)" inputMode="decimal" help="Optional: this line's own rate; empty follows the contract." />
    </div>
  );
}

/** One line per post, so the schedule of values can be built with JavaScript off. */
export function AddSovLineForm({ version, costCodes, lastResult }: { version: number; costCodes: Option[]; lastResult: Result }) {
  const [form, fields] = useZodForm(addSovLineSchema, { id: "add-sov-line", lastResult });
  return (
    <AddLineForm form={form} version={version}>
      <SovLineFields fields={fields} costCodes={costCodes} />
    </AddLineForm>
  );
}

export function EditSovLineForm(props: { line: SovLineView; version: number; costCodes: Option[]; lastResult: Result; cancelHref: string }) {
  const { line } = props;
  const [form, fields] = useZodForm(updateSovLineSchema, {
    id: `edit-sov-line-${line.id}`,
    lastResult: props.lastResult,
    defaultValue: {
      description: line.description,
      costCodeId: line.costCodeId ?? "",
      scheduledValue: line.scheduledValue,
      retainagePercent: line.retainageRate === null ? "" : rateToPercent(line.retainageRate),
    },
  });
  return (
    <EditLinePanel panelId="sov-line-form" form={form} line={line} version={props.version} cancelHref={props.cancelHref}>
      <SovLineFields fields={fields} costCodes={props.costCodes} />
    </EditLinePanel>
  );
}
