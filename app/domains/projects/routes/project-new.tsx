import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
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
    const project = await withTenant(member.tenant, (tx) => createProject(tx, submission.value));
    return redirectWithFlash(`/projects/${project.id}`, { kind: "success", message: `Project ${project.jobNumber} created.` });
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
