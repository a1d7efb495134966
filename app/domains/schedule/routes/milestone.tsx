import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { useActionData, useLoaderData } from "react-router";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { organizationToday } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";
import { MilestoneActions, MilestoneFacts } from "../milestone-details";
import { MilestoneForm } from "../milestone-form";
import { milestoneFacts } from "../schedule-list.server";
import { deleteMilestoneSchema, markDoneSchema, updateMilestoneSchema } from "../schedule.schema";
import { deleteMilestone, getMilestone, markMilestoneDone, MilestoneRefused, milestoneFormOptions, StaleMilestone, updateMilestone } from "../schedule.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.milestone.name ?? "Milestone"} · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const milestone = await getMilestone(tx, project.id, params.milestoneId ?? "");
      const today = await organizationToday(tx);
      return {
        project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
        milestone,
        today,
        facts: await milestoneFacts(tx, milestone.id, today),
        options: can(member.active.role, "schedule:manage") ? await milestoneFormOptions(tx, project.id, milestone.id) : null,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Refusals go back to the form that was sent, with the user's input (a stale version: 409). */
async function attempt<R>(submission: { reply: (o?: object) => R }, write: () => Promise<Response>) {
  try {
    return await write();
  } catch (error) {
    if (error instanceof MilestoneRefused) return invalid(submission, { fieldErrors: { [error.field]: [error.message] } });
    if (error instanceof StaleMilestone) return invalid(submission, { formErrors: [error.message] }, 409);
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "schedule:manage");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const milestoneId = params.milestoneId ?? "";
  const back = `/projects/${project.id}/schedule`;
  const intent = form.get("intent") ?? "save";
  const inTenant = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  if (intent === "done") {
    const submission = parseForm(form, markDoneSchema);
    if (submission.status !== "success") return invalid(submission);
    return attempt(submission, async () => {
      const m = await inTenant((tx) => markMilestoneDone(tx, project.id, milestoneId, submission.value));
      return redirectWithFlash(back, { kind: "success", message: `"${m.name}" marked done on ${m.actualDate}.` });
    });
  }
  if (intent === "delete") {
    const submission = parseForm(form, deleteMilestoneSchema);
    if (submission.status !== "success") return invalid(submission);
    return attempt(submission, async () => {
      const m = await inTenant((tx) => deleteMilestone(tx, project.id, milestoneId, submission.value.version));
      return redirectWithFlash(back, { kind: "success", message: `Milestone "${m.name}" deleted.` });
    });
  }
  if (intent !== "save") throw new Response("Unknown action.", { status: 400 });
  const submission = parseForm(form, updateMilestoneSchema);
  if (submission.status !== "success") return invalid(submission);
  return attempt(submission, async () => {
    const m = await inTenant((tx) => updateMilestone(tx, project.id, milestoneId, submission.value));
    return redirectWithFlash(`${back}/${m.id}`, { kind: "success", message: `Milestone "${m.name}" saved.` });
  });
}

export default function MilestonePage() {
  const { project, milestone, facts, options, today } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canManage = useCan("schedule:manage") && options !== null;
  const back = `/projects/${project.id}/schedule`;
  const resultIntent = (lastResult?.initialValue as { intent?: string } | undefined)?.intent ?? "save";
  return (
    <section className="max-w-3xl space-y-4">
      <ProjectPageHeader project={project} title={milestone.name} description={<a href={back} className="text-brand-700 hover:underline">Back to the schedule</a>} />
      <MilestoneFacts milestone={milestone} facts={facts} />
      {canManage ? (
        <>
          <MilestoneActions milestone={milestone} today={today} lastResult={resultIntent === "save" ? undefined : lastResult} />
          <h2 className="pt-2 text-lg font-semibold">Edit</h2>
          <MilestoneForm
            defaultValue={{
              name: milestone.name,
              baselineDate: milestone.baselineDate,
              forecastDate: milestone.forecastDate ?? "",
              startDate: milestone.startDate ?? "",
              actualDate: milestone.actualDate ?? "",
              vendorId: milestone.vendorId ?? "",
              responsibleUserId: milestone.responsibleUserId ?? "",
              responsible: milestone.responsible,
              predecessorIds: milestone.predecessorIds,
              notes: milestone.notes,
              version: milestone.version,
            }}
            options={options}
            lastResult={resultIntent === "save" ? lastResult : undefined}
            submitLabel="Save milestone"
            cancelHref={back}
          />
        </>
      ) : null}
    </section>
  );
}
