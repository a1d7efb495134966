import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { ProjectForm } from "../project-form";
import { projectSchema } from "../projects.schema";
import { createProject, ProjectRefused, projectFormOptions } from "../projects.server";

export const meta: MetaFunction = () => [{ title: "New project · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:create");
  return withTenant(member.tenant, projectFormOptions);
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "projects:create");
  const submission = parseForm(form, projectSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const project = await createProject(tx, submission.value);
        return { location: `/projects/${project.id}`, message: `Project ${project.jobNumber} created.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof ProjectRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } }, 409);
    throw error;
  }
}

export default function NewProject() {
  const { managers, defaultRetainagePercent } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  return (
    <section className="max-w-3xl">
      <h1 className="text-2xl font-semibold">New project</h1>
      <ProjectForm
        defaultValue={{ status: "bidding", contractType: "lump_sum", defaultRetainagePercent }}
        managers={managers}
        lastResult={lastResult}
        submitLabel="Create project"
        cancelHref="/projects"
      />
    </section>
  );
}
