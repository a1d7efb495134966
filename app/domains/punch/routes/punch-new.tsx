import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { useZodForm } from "~/components/use-zod-form";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { punchFormChoices } from "../punch-detail.server";
import { buttonClass, PunchItemFields, touchForm } from "../punch-ui";
import { punchItemFormSchema, punchNumber } from "../punch.schema";
import { createPunchItem, punchItemPath, PunchRefused } from "../punch.server";

export const meta: MetaFunction = () => [{ title: "New punch item · SECG ERP" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const choices = await withTenant(member.tenant, punchFormChoices);
  return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, choices };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "punch:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const submission = parseForm(form, punchItemFormSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const item = await createPunchItem(tx, { ...submission.value, projectId: project.id });
        return { location: punchItemPath(item), message: `Punch item ${punchNumber(item.number)} created.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof PunchRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
    throw error;
  }
}

export default function NewPunchItem() {
  const { project, choices } = useLoaderData<typeof loader>();
  const [form, fields] = useZodForm(punchItemFormSchema, { lastResult: useActionData<typeof action>(), defaultValue: { priority: "normal" } });
  const list = `/projects/${project.id}/punch`;
  return (
    <section className="max-w-2xl space-y-6">
      <ProjectPageHeader project={project} title="New punch item" description="What must be finished or fixed, where, and who is responsible for it." />
      <PostForm {...getFormProps(form)} className={touchForm} outbox="New punch item">
        <FormErrors errors={form.errors} />
        <PunchItemFields fields={fields} choices={choices} />
        <div className="flex flex-wrap gap-3">
          <button type="submit" className={buttonClass.primary}>
            Create punch item
          </button>
          <Link to={list} className={buttonClass.secondary}>
            Cancel
          </Link>
        </div>
      </PostForm>
    </section>
  );
}
