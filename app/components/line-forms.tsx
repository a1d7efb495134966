import { getFormProps, type FormMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { FormErrors, PostForm, SubmitButton } from "~/components/forms";

// The posts that edit a document's lines one at a time (commitment lines, direct-cost invoice lines,
// schedule of values, pay application lines), so lines can be entered with JavaScript off. Each
// carries the document's version: a line change is a change to the document.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LineForm = FormMetadata<any, string[]>;

export function AddLineForm({ form, version, children }: { form: LineForm; version: number; children: ReactNode }) {
  return (
    <PostForm {...getFormProps(form)} className="space-y-3 rounded border border-slate-200 bg-white p-4">
      <h3 className="font-medium">Add a line</h3>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="add-line" />
      <input type="hidden" name="version" value={version} />
      {children}
      <SubmitButton>Add line</SubmitButton>
    </PostForm>
  );
}

export function UpdateLineForm(props: { form: LineForm; lineId: string; version: number; cancelHref: string; submitLabel?: string; children: ReactNode }) {
  return (
    <PostForm {...getFormProps(props.form)} className="space-y-3">
      <FormErrors errors={props.form.errors} />
      <input type="hidden" name="intent" value="update-line" />
      <input type="hidden" name="lineId" value={props.lineId} />
      <input type="hidden" name="version" value={props.version} />
      {props.children}
      <div className="flex items-center gap-3">
        <SubmitButton>{props.submitLabel ?? "Save line"}</SubmitButton>
        <a href={props.cancelHref} className="text-sm text-brand-700 hover:underline">Cancel</a>
      </div>
    </PostForm>
  );
}

/** The box a line opens in (`#line-form` unless told): its fields, save, cancel and delete. */
export function EditLinePanel(props: { panelId?: string; form: LineForm; line: { id: string; lineNumber: number }; version: number; cancelHref: string; children: ReactNode }) {
  const { line, version } = props;
  return (
    <div id={props.panelId ?? "line-form"} className="space-y-3 rounded border border-brand-600 bg-white p-4">
      <h3 className="font-medium">Line {line.lineNumber}</h3>
      <UpdateLineForm form={props.form} lineId={line.id} version={version} cancelHref={props.cancelHref}>
        {props.children}
      </UpdateLineForm>
      <PostForm>
        <input type="hidden" name="intent" value="delete-line" />
        <input type="hidden" name="lineId" value={line.id} />
        <input type="hidden" name="version" value={version} />
        <SubmitButton tone="danger">Delete line {line.lineNumber}</SubmitButton>
      </PostForm>
    </div>
  );
}
