import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { createTemplateSchema } from "../checklists.schema";
import { ChecklistRefused, createTemplate, listTemplates } from "../checklists.server";
import { CHECKLIST_KIND_LABELS, options } from "../inspection-labels";

export const meta: MetaFunction = () => [{ title: "Checklists · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  return { templates: await withTenant(member.tenant, listTemplates) };
}

/** Creates a checklist with an empty draft and opens it to add items. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "checklists:manage");
  const submission = parseForm(form, createTemplateSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const template = await createTemplate(tx, submission.value);
        return { location: `/checklists/${template.id}`, message: `Checklist “${template.name}” created: add its sections and items, then publish it.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof ChecklistRefused) return invalid(submission, { fieldErrors: { [error.field || "name"]: [error.message] } }, 409);
    throw error;
  }
}

function NewChecklistForm() {
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(createTemplateSchema, { id: "new-checklist", lastResult, defaultValue: { intent: "create", kind: "quality" } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">New checklist</h2>
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      <TextField meta={fields.name} label="Name" placeholder="Pre-pour concrete inspection" />
      <SelectField meta={fields.kind} label="Kind" options={options(CHECKLIST_KIND_LABELS)} />
      <TextField meta={fields.description} label="Description (optional)" />
      <SubmitButton>Create checklist</SubmitButton>
    </PostForm>
  );
}

export default function Checklists() {
  const { templates } = useLoaderData<typeof loader>();
  const canManage = useCan("checklists:manage");
  return (
    <section className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold">Checklists</h1>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">
          The organization&apos;s quality and safety checklists. Inspections run on a published version; editing a published checklist makes a new draft
          version, so inspections already done keep reading as they were.
        </p>
      </header>
      <ul className="divide-y divide-slate-200 rounded border border-slate-200 bg-white" data-testid="checklists">
        {templates.length === 0 ? <li className="p-4 text-sm text-slate-600">No checklists yet.</li> : null}
        {templates.map((t) => (
          <li key={t.id}>
            <Link to={`/checklists/${t.id}`} className="flex min-h-11 flex-wrap items-baseline justify-between gap-x-4 gap-y-1 p-4 hover:bg-slate-50">
              <span className="font-medium text-brand-700">
                {t.name}
                {t.archived ? <span className="ml-2 text-xs font-normal text-slate-500">(archived)</span> : null}
              </span>
              <span className="text-sm text-slate-600">
                {CHECKLIST_KIND_LABELS[t.kind]} · {t.items} items · {t.published ? `version ${t.published} published` : "not published yet"}
                {t.draft ? ` · draft v${t.draft}` : ""} · {t.inspections} inspections
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {canManage ? <NewChecklistForm /> : null}
    </section>
  );
}
