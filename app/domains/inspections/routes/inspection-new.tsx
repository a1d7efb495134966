import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SelectField, SubmitButton, TextField } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { useZodForm } from "~/components/use-zod-form";
import { organizationToday } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { publishedTemplates } from "../checklists.server";
import { CHECKLIST_KIND_LABELS, inspectionNumber } from "../inspection-labels";
import { inspectionProject } from "../inspection-project.server";
import { createInspectionSchema } from "../inspections.schema";
import { createInspection, InspectionRefused, inspectionPath, projectMilestoneChoices } from "../inspections.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `New inspection · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "inspections:run");
  const project = await inspectionProject(member, params.projectId);
  return withTenant(member.tenant, async (tx) => ({
    project,
    templates: await publishedTemplates(tx),
    milestones: await projectMilestoneChoices(tx, project.id),
    today: await organizationToday(tx),
  }));
}

/** Starts the inspection and opens its checklist to run. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "inspections:run");
  const project = await inspectionProject(member, params.projectId);
  const submission = parseForm(form, createInspectionSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const inspection = await createInspection(tx, project.id, submission.value, member.user.id);
        return { location: inspectionPath(inspection), message: `Inspection ${inspectionNumber(inspection.number)} started.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof InspectionRefused) return invalid(submission, { fieldErrors: { [error.field || "templateVersionId"]: [error.message] } }, 409);
    throw error;
  }
}

export default function NewInspection() {
  const { project, templates, milestones, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(createInspectionSchema, {
    id: "new-inspection",
    lastResult,
    defaultValue: { intent: "create", inspectedOn: today, templateVersionId: templates[0]?.versionId },
  });
  return (
    <section className="max-w-xl space-y-6">
      <ProjectPageHeader project={project} title="New inspection" description="Choose a published checklist; the inspection keeps that version even if the checklist changes later." />
      {templates.length === 0 ? (
        <p className="rounded border border-amber-200 bg-amber-50 p-4 text-sm">
          No checklist is published yet. <Link to="/checklists" className="text-brand-700 hover:underline">Publish one</Link> first.
        </p>
      ) : (
        <PostForm {...getFormProps(form)} className="space-y-4 rounded border border-slate-200 bg-white p-4">
          <FormErrors errors={form.errors} />
          <input type="hidden" name="intent" value="create" />
          <SelectField
            meta={fields.templateVersionId}
            label="Checklist"
            options={templates.map((t) => ({ value: t.versionId, label: `${t.name} (${CHECKLIST_KIND_LABELS[t.kind as "quality" | "safety"]}, v${t.versionNumber})` }))}
          />
          <TextField meta={fields.title} label="Title (optional: the checklist's name)" />
          <TextField meta={fields.location} label="Location" placeholder="Level 2, grid C–D" />
          <SelectField meta={fields.milestoneId} label="Milestone it gates (optional)" options={[{ value: "", label: "None" }, ...milestones.map((m) => ({ value: m.id, label: m.name }))]} />
          <TextField meta={fields.inspectedOn} label="Inspection date" type="date" />
          <SubmitButton>Start inspection</SubmitButton>
        </PostForm>
      )}
    </section>
  );
}
