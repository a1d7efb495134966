import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, MoneyField, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { formatAmount } from "~/utils/money";
import { addBudgetLineSchema, deleteBudgetLineSchema, forecastSchema, lockSchema, transferSchema, updateBudgetLineSchema } from "./budgets.schema";

type Result = SubmissionResult<string[]> | undefined;
type Option = { id: string; label: string };

const choose = (options: Option[], placeholder: string) => [{ value: "", label: placeholder }, ...options.map((o) => ({ value: o.id, label: o.label }))];
const Intent = ({ value }: { value: string }) => <input type="hidden" name="intent" value={value} />;

export function LockForm({ locked, version, lastResult }: { locked: boolean; version: number; lastResult: Result }) {
  const [form] = useZodForm(lockSchema, { id: "budget-lock", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="space-y-2">
      <FormErrors errors={form.errors} />
      <Intent value={locked ? "unlock" : "lock"} />
      <input type="hidden" name="version" value={version} />
      <SubmitButton tone={locked ? "secondary" : "primary"}>{locked ? "Unlock budget" : "Lock budget"}</SubmitButton>
    </PostForm>
  );
}

export function AddLineForm({ costCodes, costTypes, locked, lastResult }: { costCodes: Option[]; costTypes: Option[]; locked: boolean; lastResult: Result }) {
  const [form, fields] = useZodForm(addBudgetLineSchema, { id: "budget-add-line", lastResult, defaultValue: { originalAmount: "0.00" } });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <Intent value="add-line" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField meta={fields.costCodeId} label="Cost code" options={choose(costCodes, "Choose a cost code")} />
        <SelectField meta={fields.costTypeId} label="Cost type" options={choose(costTypes, "Choose a cost type")} />
        <TextField meta={fields.description} label="Description (optional)" help="Defaults to the cost code's name." />
        <MoneyField
          meta={fields.originalAmount}
          label="Original amount"
          help={locked ? "The budget is locked: new lines start at 0.00 and receive budget by transfer." : undefined}
        />
      </div>
      <SubmitButton>Add budget line</SubmitButton>
    </PostForm>
  );
}

export type EditedLine = { id: string; label: string; description: string; originalAmount: string; ftcMode: "auto" | "manual"; ftcManual: string | null; version: number };

export function LineEditor(props: { line: EditedLine; locked: boolean; results: Record<"update-line" | "set-ftc" | "delete-line", Result> }) {
  const { line, locked, results } = props;
  const [edit, editFields] = useZodForm(updateBudgetLineSchema, {
    id: "budget-update-line",
    lastResult: results["update-line"],
    defaultValue: { description: line.description, originalAmount: line.originalAmount },
  });
  const [ftc, ftcFields] = useZodForm(forecastSchema, {
    id: "budget-set-ftc",
    lastResult: results["set-ftc"],
    defaultValue: { ftcMode: line.ftcMode, ftcManual: line.ftcManual ?? "" },
  });
  const [remove] = useZodForm(deleteBudgetLineSchema, { id: "budget-delete-line", lastResult: results["delete-line"] });
  return (
    <div className="grid gap-6 md:grid-cols-2">
      <PostForm {...getFormProps(edit)} className="space-y-4">
        <h3 className="font-medium">Line</h3>
        <FormErrors errors={edit.errors} />
        <Intent value="update-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={line.version} />
        <TextField meta={editFields.description} label="Description" />
        {locked ? (
          <>
            <input type="hidden" name="originalAmount" value={line.originalAmount} />
            <p className="text-sm text-slate-600">Original amount {formatAmount(line.originalAmount)}: fixed while the budget is locked.</p>
          </>
        ) : (
          <MoneyField meta={editFields.originalAmount} label="Original amount" />
        )}
        <SubmitButton>Save line</SubmitButton>
      </PostForm>
      <PostForm {...getFormProps(ftc)} className="space-y-4">
        <h3 className="font-medium">Forecast to complete</h3>
        <FormErrors errors={ftc.errors} />
        <Intent value="set-ftc" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={line.version} />
        <SelectField
          meta={ftcFields.ftcMode}
          label="Mode"
          options={[
            { value: "auto", label: "Automatic: projected budget − projected cost, at least 0" },
            { value: "manual", label: "Manual: the amount below" },
          ]}
        />
        <MoneyField meta={ftcFields.ftcManual} label="Manual forecast to complete" help="Used only in manual mode." />
        <SubmitButton>Save forecast</SubmitButton>
      </PostForm>
      {locked ? (
        <div className="space-y-2">
          <FormErrors errors={remove.errors} />
          <p className="text-sm text-slate-600">Lines cannot be deleted while the budget is locked.</p>
        </div>
      ) : (
        <PostForm {...getFormProps(remove)} className="space-y-2">
          <FormErrors errors={remove.errors} />
          <Intent value="delete-line" />
          <input type="hidden" name="lineId" value={line.id} />
          <input type="hidden" name="version" value={line.version} />
          <SubmitButton tone="danger">Delete this line</SubmitButton>
        </PostForm>
      )}
    </div>
  );
}

export function TransferForm({ lines, lastResult }: { lines: Option[]; lastResult: Result }) {
  const [form, fields] = useZodForm(transferSchema, { id: "budget-transfer", lastResult });
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <Intent value="transfer" />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField meta={fields.fromLineId} label="From line" options={choose(lines, "Choose a line")} />
        <SelectField meta={fields.toLineId} label="To line" options={choose(lines, "Choose a line")} />
        <MoneyField meta={fields.amount} label="Amount to transfer" />
        <TextField meta={fields.reason} label="Reason" />
      </div>
      <SubmitButton>Transfer budget</SubmitButton>
    </PostForm>
  );
}
