import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, useActionData, useLoaderData } from "react-router";
import { ProjectPageHeader } from "~/components/project-page-header";
import { FormErrors } from "~/components/forms";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { requireProjectFor } from "../project-guard.server";
import { ProjectTabs } from "../project-tabs-nav";
import { AddTeamMemberForm, TeamList } from "../project-team-list";
import { addTeamMemberSchema, PROJECT_TEAM_ROLE_LABELS, teamActionSchema } from "../project-team.schema";
import { addTeamMember, changeTeamRole, listProjectTeam, removeTeamMember, TeamChangeRefused, teamCandidates } from "../project-team.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Team · ${data ? `${data.project.jobNumber} ${data.project.name}` : "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const canEdit = can(member.active.role, "projects:update");
  const [team, candidates] = await withTenant(member.tenant, async (tx) => [await listProjectTeam(tx, project.id), canEdit ? await teamCandidates(tx, project.id) : []] as const);
  return {
    project: { id: project.id, jobNumber: project.jobNumber, name: project.name, projectManager: project.projectManagerName },
    team: team.map((t) => ({ ...t, addedAt: t.addedAt.toISOString() })),
    candidates,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "projects:update");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const back = `/projects/${project.id}/team`;
  try {
    if (form.get("intent") === "add") {
      const submission = parseForm(form, addTeamMemberSchema);
      if (submission.status !== "success") return invalid(submission);
      const input = submission.value;
      try {
        const submitted = await withTenant(member.tenant, (tx) =>
          submitOnce(tx, request, form, async () => {
            const added = await addTeamMember(tx, project.id, input);
            return { location: back, message: `${added.name || added.email} is on the team as ${PROJECT_TEAM_ROLE_LABELS[added.role].toLowerCase()}.` };
          }),
        );
        return redirectSubmitted(submitted);
      } catch (error) {
        if (error instanceof TeamChangeRefused) return invalid(submission, { fieldErrors: { userId: [error.message] } }, 409);
        throw error;
      }
    }
    const parsed = parseForm(form, teamActionSchema);
    if (parsed.status !== "success" || parsed.value.intent === "add") return data({ rowError: "Choose a team member and a role." }, { status: 400 });
    const input = parsed.value;
    const message = await withTenant(member.tenant, async (tx) => {
      if (input.intent === "role") {
        const changed = await changeTeamRole(tx, project.id, input);
        return `${changed.name || changed.email} is now ${PROJECT_TEAM_ROLE_LABELS[changed.role].toLowerCase()}.`;
      }
      const removed = await removeTeamMember(tx, project.id, input.teamMemberId);
      return `${removed.name || removed.email} is no longer on the team.`;
    });
    return redirectWithFlash(back, { kind: "success", message });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function ProjectTeam() {
  const { project, team, candidates } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const rowError = actionData && "rowError" in actionData ? actionData.rowError : null;
  return (
    <section className="space-y-6">
      <ProjectPageHeader project={project} title="Team" description="Who works on this project and as what. Members whose role does not open every project see the projects they are on." />
      <ProjectTabs projectId={project.id} />
      {rowError ? <FormErrors errors={[rowError]} /> : null}
      {project.projectManager ? (
        <p className="text-sm text-slate-600">
          <span className="font-medium text-slate-900">{project.projectManager}</span> is the project manager named on the project and is on its team.
        </p>
      ) : null}
      <TeamList team={team} />
      <AddTeamMemberForm candidates={candidates} lastResult={actionData && !("rowError" in actionData) ? actionData : undefined} />
    </section>
  );
}
