import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { MilestoneForm } from "../milestone-form";
import { milestoneSchema } from "../schedule.schema";
import { createMilestone, MilestoneRefused, milestoneFormOptions } from "../schedule.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `New milestone · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "schedule:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const options = await withTenant(member.tenant, (tx) => milestoneFormOptions(tx, project.id));
  return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, options };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "schedule:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const submission = parseForm(form, milestoneSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const milestone = await createMilestone(tx, project.id, submission.value);
        return { location: `/projects/${project.id}/schedule`, message: `Milestone "${milestone.name}" added.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof MilestoneRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
    throw error;
  }
}

export default function NewMilestone() {
  const { project, options } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const back = `/projects/${project.id}/schedule`;
  return (
    <section className="max-w-3xl">
      <ProjectPageHeader project={project} title="New milestone" description="The baseline is the date agreed in the schedule; leave the forecast blank while it holds." />
      <MilestoneForm defaultValue={{}} options={options} lastResult={lastResult} submitLabel="Add milestone" cancelHref={back} />
    </section>
  );
}
