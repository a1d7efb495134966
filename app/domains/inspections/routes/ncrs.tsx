import { getFormProps } from "@conform-to/react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useActionData, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { FormErrors, PostForm, SubmitButton, TextField } from "~/components/forms";
import { ProjectPageHeader } from "~/components/project-page-header";
import { useZodForm } from "~/components/use-zod-form";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { ncrNumber } from "../inspection-labels";
import { inspectionProject } from "../inspection-project.server";
import { listNcrs } from "../inspections-list.server";
import { ncrsTable } from "../inspections.table";
import { createNcrSchema } from "../ncrs.schema";
import { createNcr, failedAnswer, NcrRefused, ncrPath } from "../ncrs.server";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Non-conformance reports · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await inspectionProject(member, params.projectId);
  const url = new URL(request.url);
  const query = parseTableQuery(ncrsTable, url);
  return withTenant(member.tenant, async (tx) => {
    const answerId = url.searchParams.get("answer");
    // `?answer=` starts the new report from a failed inspection item; an unknown one starts it blank
    const from = answerId ? await failedAnswer(tx, project.id, answerId).catch((e: unknown) => (e instanceof RecordNotFound ? null : Promise.reject(e))) : null;
    return { project, query, page: await listNcrs(tx, project.id, query), from };
  });
}

/** Opens an NCR (on its own or from a failed inspection item) and shows it. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "inspections:run");
  const project = await inspectionProject(member, params.projectId);
  const submission = parseForm(form, createNcrSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const ncr = await createNcr(tx, project.id, submission.value, member.user.id);
        return { location: ncrPath(ncr), message: `${ncrNumber(ncr.number)} opened. Record the root cause and the corrective action next.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof NcrRefused) return invalid(submission, { formErrors: [error.message] }, 409);
    throw error;
  }
}

function NewNcrForm() {
  const { from } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const [form, fields] = useZodForm(createNcrSchema, {
    id: "new-ncr",
    lastResult,
    defaultValue: { intent: "create", answerId: from?.id, title: from?.prompt.slice(0, 200), description: from?.note, location: from?.location },
  });
  return (
    <PostForm {...getFormProps(form)} className="max-w-xl space-y-3 rounded border border-slate-200 bg-white p-4">
      <h2 className="text-lg font-semibold">New non-conformance report</h2>
      {from ? <p className="text-sm text-slate-600">From the failed item “{from.prompt}” of inspection {from.inspectionLabel}.</p> : null}
      <FormErrors errors={form.errors} />
      <input type="hidden" name="intent" value="create" />
      {from ? <input type="hidden" name="answerId" value={from.id} /> : null}
      <TextField meta={fields.title} label="Title" />
      <label className="block text-sm font-medium text-slate-700" htmlFor={fields.description.id}>
        What does not conform
      </label>
      <textarea id={fields.description.id} name={fields.description.name} defaultValue={fields.description.initialValue as string | undefined} rows={4} className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm" />
      {fields.description.errors ? <p className="text-sm text-red-700">{fields.description.errors.join(" ")}</p> : null}
      <TextField meta={fields.location} label="Location" />
      <SubmitButton>Open the report</SubmitButton>
    </PostForm>
  );
}

export default function Ncrs() {
  const { project, query, page } = useLoaderData<typeof loader>();
  const canRun = useCan("inspections:run");
  const base = `/projects/${project.id}/ncrs`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Non-conformance reports"
        description="Work that does not meet the drawings, specifications or codes: open → corrective action (root cause and fix) → verified (who, when, how) → closed."
      />
      <ProjectTabs projectId={project.id} />
      <p className="text-sm">
        <Link to={`/projects/${project.id}/inspections`} className="text-brand-700 hover:underline">
          Inspections
        </Link>
      </p>
      <DataTable
        definition={ncrsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={base}
        caption="Non-conformance reports"
        emptyMessage="No non-conformance reports match these filters."
      />
      {canRun ? <NewNcrForm /> : null}
    </section>
  );
}
