import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SelectField, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { buttonClass, none, touchForm, type PunchChoices } from "./punch-ui";
import { bulkAssignSchema } from "./punch.schema";

/**
 * The bulk assignment form under the punch list: the rows' checkboxes belong to it through their
 * `form` attribute, so ticking items and posting works without JavaScript. One post, one transaction.
 */
export function BulkAssignForm({ action, choices, lastResult }: { action: string; choices: PunchChoices; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(bulkAssignSchema, { id: "bulk-assign", lastResult });
  return (
    <PostForm {...getFormProps(form)} action={action} className={`${touchForm} max-w-3xl rounded-md border border-slate-200 bg-white p-4`}>
      <h2 className="text-lg font-semibold">Assign the ticked items</h2>
      <p className="text-sm text-slate-600">Tick items in the list, then choose what to set. What you leave empty stays as it is on each item.</p>
      <FormErrors errors={[...(form.errors ?? []), ...(fields.itemIds.errors ?? [])]} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField meta={fields.vendorId} label="Subcontractor" options={[none("Keep as is"), ...choices.vendors]} />
        <SelectField meta={fields.assigneeUserId} label="Assignee" options={[none("Keep as is"), ...choices.members]} />
        <TextField meta={fields.dueDate} label="Due date" type="date" />
      </div>
      <button type="submit" name="intent" value="bulk_assign" className={buttonClass.primary}>
        Assign ticked items
      </button>
    </PostForm>
  );
}
