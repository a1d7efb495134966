import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { rateToPercent } from "~/utils/money";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { ProjectForm } from "../project-form";
import { updateProjectSchema } from "../projects.schema";
import { getProject, ProjectRefused, projectFormOptions, StaleProject, updateProject } from "../projects.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.project.jobNumber ?? "project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:update");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const { managers } = await projectFormOptions(tx);
      return {
        managers,
        project: {
          id: project.id,
          jobNumber: project.jobNumber,
          name: project.name,
          clientName: project.clientName,
          address: project.address,
          status: project.status,
          contractType: project.contractType,
          startDate: project.startDate ?? "",
          endDate: project.endDate ?? "",
          projectManagerId: project.projectManagerId ?? "",
          defaultRetainagePercent: rateToPercent(project.defaultRetainageRate),
          version: project.version,
        },
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "projects:update");
  const projectId = params.projectId ?? "";
  const submission = parseForm(form, updateProjectSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const project = await withTenant(member.tenant, (tx) => updateProject(tx, projectId, submission.value));
    return redirectWithFlash(`/projects/${project.id}`, { kind: "success", message: `Project ${project.jobNumber} saved.` });
  } catch (error) {
    if (error instanceof ProjectRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } }, 409);
    if (error instanceof StaleProject) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function EditProject() {
  const { project, managers } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="max-w-3xl">
      <p className="text-sm text-slate-500">
        <a href={`/projects/${project.id}`} className="text-brand-700 hover:underline">
          {project.jobNumber} · {project.name}
        </a>
      </p>
      <h1 className="text-2xl font-semibold">Edit project</h1>
      <ProjectForm defaultValue={project} managers={managers} lastResult={lastResult} submitLabel="Save project" cancelHref={`/projects/${project.id}`} />
    </section>
  );
}
