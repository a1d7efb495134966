import { getFormProps, type SubmissionResult } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { useZodForm } from "~/components/use-zod-form";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { todayIn } from "~/utils/org-format";
import { recordDataAccess, tableFilters } from "~/utils/data-access.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { findOpening, openingBlocker } from "../opening-billing.server";
import { releaseBlocker } from "../pay-app-page.server";
import { payAppFailure } from "../pay-app-routes.server";
import { createPayApplication } from "../pay-app-workflow.server";
import { PayAppsDataTable } from "../pay-apps-data-table";
import { newPayAppSchema } from "../pay-apps.schema";
import { listPayApps } from "../pay-apps-list.server";
import { latestCertified, openApplication } from "../pay-apps.server";
import { payAppsTable } from "../pay-apps.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Pay applications · ${data?.project.name ?? "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const query = parseTableQuery(payAppsTable, new URL(request.url));
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const open = await openApplication(tx, project.id);
      const latest = await latestCertified(tx, project.id);
      const page = await listPayApps(tx, query, project.id);
      const opening = await findOpening(tx, project.id);
      const openingEditable = (await openingBlocker(tx, project.id, opening)) === null;
      await recordDataAccess(tx, { view: "pay_apps", format: "page", filters: tableFilters(query, { projectId: project.id }), rowCount: page.rows.length });
      return {
        project: { id: project.id, name: project.name, jobNumber: project.jobNumber },
        query,
        page,
        open: open ? { id: open.id, number: open.number, status: open.status } : null,
        release: latest && (await releaseBlocker(tx, latest)) === null ? { fromId: latest.id, fromNumber: latest.number, held: latest.line5Retainage } : null,
        today: todayIn(member.active.timeZone),
        opening: openingEditable ? { exists: opening !== null } : null,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

/** Starts the project's next progress application; the service refuses a second open one. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "receivables:manage");
  const submission = parseForm(form, newPayAppSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const app = await createPayApplication(tx, params.projectId ?? "", { ...submission.value, createdBy: member.user.id });
        return { location: `/pay-apps/${app.id}`, message: `Application #${app.number} started: enter this period’s work on the continuation sheet below.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    return payAppFailure(submission, error);
  }
}

export default function ProjectPayApps() {
  const { project, query, page, open, release, today, opening } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const canManage = useCan("receivables:manage");
  const canCertify = useCan("receivables:certify");
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Pay applications"
        description="Owner billing against the prime contract: one application per period, built from the schedule of values and approved change orders."
      />
      {open ? (
        <p className="text-sm text-slate-700" data-testid="open-application">
          <Link to={`/pay-apps/${open.id}`} className="font-medium text-brand-700 hover:underline">
            Application #{open.number}
          </Link>{" "}
          is {open.status}: it has to be certified before the next one can be started.
        </p>
      ) : null}
      {/* hidden while an application is open, but kept to show why a post from an older page was refused */}
      {canManage && (!open || lastResult) ? <NewPayAppForm today={today} lastResult={lastResult} /> : null}
      {canCertify && opening ? (
        <p className="text-sm text-slate-700">
          {opening.exists ? "The opening position can be corrected until the next application is started. " : "Job already under way when you started using the app? "}
          <Link to={`/projects/${project.id}/opening-billing`} className="font-medium text-brand-700 hover:underline" data-testid="opening-link">
            {opening.exists ? "Correct the opening position" : "Enter its opening position"}
          </Link>
        </p>
      ) : null}
      {canCertify && release ? (
        <p className="text-sm text-slate-700">
          Application #{release.fromNumber} holds retainage.{" "}
          <Link to={`/pay-apps/${release.fromId}/release-retainage`} className="font-medium text-brand-700 hover:underline">
            Release retainage (partial or final)
          </Link>
        </p>
      ) : null}
      <PayAppsDataTable query={query} page={page} pathname={`/projects/${project.id}/pay-apps`} projectId={project.id} caption={`Pay applications of ${project.jobNumber}`} />
    </section>
  );
}

function NewPayAppForm({ today, lastResult }: { today: string; lastResult?: SubmissionResult<string[]> }) {
  const [form, fields] = useZodForm(newPayAppSchema, { id: "new-pay-app", lastResult, defaultValue: { applicationDate: today } });
  return (
    <PostForm {...getFormProps(form)} className="max-w-3xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="font-medium">New pay application</h2>
      <FormErrors errors={form.errors} />
      <div className="grid gap-3 sm:grid-cols-3">
        <TextField meta={fields.periodEnd} label="Period to" type="date" />
        <TextField meta={fields.applicationDate} label="Application date" type="date" />
        <TextField meta={fields.dueDate} label="Payment due" type="date" />
      </div>
      <SubmitButton>Start the application</SubmitButton>
    </PostForm>
  );
}
