import { getFormProps, getInputProps, getSelectProps, type SubmissionResult } from "@conform-to/react";
import { FieldErrors, FormErrors, inputClass, PostForm, SubmitButton } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { resultFor, NewCostTypeForm } from "./cost-code-forms";
import { ACTIVE_OPTIONS, updateCostTypeSchema } from "./cost-codes.schema";

type Result = SubmissionResult<string[]> | undefined;
type CostType = { id: string; code: string; name: string; active: boolean; stamp: string };

/** Cost types (Labor, Material, …): one small form per row, so each works without JavaScript. */
export function CostTypesSection({ costTypes, canManage, lastResult }: { costTypes: CostType[]; canManage: boolean; lastResult: Result }) {
  return (
    <section aria-labelledby="cost-types-heading">
      <h2 id="cost-types-heading" className="text-lg font-semibold">
        Cost types
      </h2>
      <p className="mt-1 text-sm text-slate-600">Every budget and commitment line is a cost code × a cost type. Inactive types are not offered on new lines.</p>
      <div className="mt-4 divide-y divide-slate-100 rounded border border-slate-200 bg-white" data-testid="cost-types">
        <div className="grid grid-cols-[6rem_1fr_10rem_6rem] gap-3 bg-slate-50 px-3 py-2 text-sm font-semibold text-slate-700">
          <span>Code</span>
          <span>Name</span>
          <span>Status</span>
          <span className="sr-only">Actions</span>
        </div>
        {costTypes.map((t) =>
          canManage ? (
            <CostTypeRow key={t.id} costType={t} lastResult={resultFor(lastResult, "update-type", t.id)} />
          ) : (
            <div key={t.id} className="grid grid-cols-[6rem_1fr_10rem_6rem] gap-3 px-3 py-2 text-sm">
              <span>{t.code}</span>
              <span>{t.name}</span>
              <span>{t.active ? "Active" : "Inactive"}</span>
            </div>
          ),
        )}
      </div>
      {canManage ? <NewCostTypeForm lastResult={resultFor(lastResult, "create-type")} /> : null}
    </section>
  );
}

function CostTypeRow({ costType, lastResult }: { costType: CostType; lastResult: Result }) {
  const [form, fields] = useZodForm(updateCostTypeSchema, {
    id: `cost-type-${costType.id}`,
    lastResult,
    defaultValue: { name: costType.name, active: String(costType.active) as "true" | "false" },
  });
  const nameProps = getInputProps(fields.name, { type: "text" });
  const activeProps = getSelectProps(fields.active);
  return (
    <PostForm {...getFormProps(form)} className="grid grid-cols-[6rem_1fr_10rem_6rem] items-start gap-3 px-3 py-2 text-sm">
      <input type="hidden" name="intent" value="update-type" />
      <input type="hidden" name="id" value={costType.id} />
      <input type="hidden" name="stamp" value={costType.stamp} />
      <span className="pt-3 font-medium">{costType.code}</span>
      <div>
        <input {...nameProps} key={nameProps.key} aria-label={`Name of cost type ${costType.code}`} className={inputClass} />
        <FieldErrors id={fields.name.errorId} errors={fields.name.errors} />
      </div>
      <select {...activeProps} key={activeProps.key} aria-label={`Status of cost type ${costType.code}`} className={inputClass}>
        {ACTIVE_OPTIONS.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <div className="pt-1">
        <SubmitButton tone="secondary">Save</SubmitButton>
      </div>
      {form.errors?.length ? (
        <div className="col-span-4">
          <FormErrors errors={form.errors} />
        </div>
      ) : null}
    </PostForm>
  );
}
