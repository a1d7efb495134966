import { getFormProps, type SubmissionResult } from "@conform-to/react";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { gridCell as cell, GridCheckbox, GridSelect, gridSticky as sticky, GridTextInput, PasteGrid } from "~/components/grid-form";
import { useZodForm } from "~/components/use-zod-form";
import { BLANK_ITEM_ROWS, saveDraftSchema } from "./checklists.schema";
import { CHECKLIST_KIND_LABELS, ON_FAIL_LABELS, options } from "./inspection-labels";

type Section = { title: string; items: { prompt: string; guidance: string; required: boolean; onFail: "punch_item" | "observation" }[] };

type Props = {
  template: { name: string; kind: "quality" | "safety"; description: string; version: number };
  content: Section[];
  /** What saving does: edits the draft, or starts the next version from the published one. */
  savesInto: string;
  lastResult?: SubmissionResult<string[]>;
};

const th = (label: string, className = cell) => (
  <th scope="col" className={className}>
    {label}
  </th>
);

/**
 * The checklist's header and every item as one grid form: one row per item (its section, prompt,
 * guidance, required, what a Fail raises), blank rows to add items. One post saves all of it into
 * the draft. A row's section left empty continues the section above; clearing a prompt removes
 * the item. Tab moves along a row; with JavaScript a block copied from a spreadsheet can be pasted.
 */
export function ChecklistGrid({ template, content, savesInto, lastResult }: Props) {
  const rows = content.flatMap((section) => section.items.map((item, i) => ({ ...item, section: i === 0 ? section.title : "" })));
  const [form, fields] = useZodForm(saveDraftSchema, {
    id: "checklist-grid",
    lastResult,
    defaultValue: {
      name: template.name,
      kind: template.kind,
      description: template.description,
      items: [
        ...rows.map((r) => ({ section: r.section, prompt: r.prompt, guidance: r.guidance, required: r.required ? "on" : "", onFail: r.onFail })),
        ...Array.from({ length: BLANK_ITEM_ROWS }, () => ({ required: "on", onFail: "punch_item" })),
      ],
    },
  });
  const list = fields.items.getFieldList();
  return (
    <PostForm {...getFormProps(form)} className="space-y-4">
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={template.version} />
      <div className="grid max-w-3xl gap-3 sm:grid-cols-2">
        <TextField meta={fields.name} label="Name" />
        <SelectField meta={fields.kind} label="Kind" options={options(CHECKLIST_KIND_LABELS)} />
        <div className="sm:col-span-2">
          <TextField meta={fields.description} label="Description (optional)" />
        </div>
      </div>
      <p className="text-sm text-slate-600">
        One row per item. Leave a row&apos;s section empty to keep the section above; clear a prompt to remove its item; fill blank rows to add items. {savesInto}
      </p>
      <PasteGrid testId="checklist-grid">
        <thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
          <tr>
            {th("#", `${cell} sticky left-0 z-10 bg-slate-50`)}
            {th("Section")}
            {th("Prompt")}
            {th("Guidance")}
            {th("Required")}
            {th("A Fail raises")}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {list.map((row, i) => {
            const f = row.getFieldset();
            const name = i < rows.length ? `Item ${i + 1}` : `New row ${i - rows.length + 1}`;
            return (
              <tr key={row.key} data-testid={`checklist-row-${i + 1}`}>
                <td className={sticky}>{i < rows.length ? i + 1 : <span className="text-slate-400">new</span>}</td>
                <td className={cell}>
                  <GridTextInput meta={f.section} label={`${name} section`} width="w-40" />
                </td>
                <td className={cell}>
                  <GridTextInput meta={f.prompt} label={`${name} prompt`} width="w-72" />
                </td>
                <td className={cell}>
                  <GridTextInput meta={f.guidance} label={`${name} guidance`} width="w-64" />
                </td>
                <td className={cell}>
                  <GridCheckbox meta={f.required} label={`${name} required`} />
                </td>
                <td className={cell}>
                  <GridSelect meta={f.onFail} label={`${name}: a Fail raises`} options={options(ON_FAIL_LABELS)} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </PasteGrid>
      <SubmitButton>Save draft</SubmitButton>
    </PostForm>
  );
}
