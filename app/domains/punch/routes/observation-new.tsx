import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SelectField, TextField } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { useZodForm } from "~/components/use-zod-form";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { punchFormChoices } from "../punch-detail.server";
import { buttonClass, none, TextAreaField, touchForm } from "../punch-ui";
import { OBSERVATION_KIND_LABELS, OBSERVATION_SEVERITY_LABELS, observationFormSchema, observationNumber, options } from "../punch.schema";
import { createObservation, PunchRefused } from "../punch.server";

export const meta: MetaFunction = () => [{ title: "New observation · SECG ERP" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, choices: await withTenant(member.tenant, punchFormChoices) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const submission = parseForm(form, observationFormSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const created = await createObservation(tx, { ...submission.value, projectId: project.id });
        return { location: `/projects/${project.id}/observations/${created.id}`, message: `Observation ${observationNumber(created.number)} recorded.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof PunchRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
    throw error;
  }
}

export default function NewObservation() {
  const { project, choices } = useLoaderData<typeof loader>();
  const [form, fields] = useZodForm(observationFormSchema, { lastResult: useActionData<typeof action>(), defaultValue: { severity: "medium" } });
  return (
    <section className="max-w-2xl space-y-6">
      <ProjectPageHeader project={project} title="New observation" description="What you saw on site, where, and who should deal with it." />
      <PostForm {...getFormProps(form)} className={touchForm} outbox="New observation">
        <FormErrors errors={form.errors} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField meta={fields.kind} label="Kind" options={[none("Choose…"), ...options(OBSERVATION_KIND_LABELS)]} />
          <SelectField meta={fields.severity} label="Severity" options={options(OBSERVATION_SEVERITY_LABELS)} />
        </div>
        <TextAreaField meta={fields.description} label="What was seen" />
        <TextField meta={fields.location} label="Location" placeholder="Grid C4, level 3" />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField meta={fields.vendorId} label="Responsible subcontractor" options={[none("None"), ...choices.vendors]} />
          <SelectField meta={fields.assigneeUserId} label="Assignee" options={[none("Nobody yet"), ...choices.members]} />
          <TextField meta={fields.dueDate} label="Due date" type="date" />
        </div>
        <div className="flex flex-wrap gap-3">
          <button type="submit" className={buttonClass.primary}>
            Record observation
          </button>
          <Link to={`/projects/${project.id}/observations`} className={buttonClass.secondary}>
            Cancel
          </Link>
        </div>
      </PostForm>
    </section>
  );
}
