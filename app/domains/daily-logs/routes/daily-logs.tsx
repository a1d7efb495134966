import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "react-router";
import { Form, Link, useActionData, useLoaderData } from "react-router";
import { FormErrors, inputClass, PostForm } from "~/components/forms";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { readForm } from "~/utils/csrf.server";
import { withTenant } from "~/utils/db.server";
import { invalid, parseForm } from "~/utils/forms.server";
import { redirectSubmitted, submitOnce } from "~/utils/submissions.server";
import { useCan } from "~/utils/use-viewer";
import { DailyLogCard } from "../daily-log-card";
import { listDailyLogs } from "../daily-log-read.server";
import { dailyLogPath } from "../daily-log-ui";
import { DailyLogRefused, openDailyLog, organizationToday } from "../daily-logs.server";
import { openLogSchema, options, readListFilters, STATUS_LABELS } from "../daily-logs.schema";
import { bigButton } from "../daily-log-ui";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Daily logs · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const filters = readListFilters(new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const [page, today] = [await listDailyLogs(tx, project.id, filters), await organizationToday(tx)];
    return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, filters, page, today };
  });
}

/** Opens the log of a day (today's by default), starting it as a draft when there is none yet. */
export async function action({ request, params }: ActionFunctionArgs) {
  const form = await readForm(request);
  const member = await requireMember(request, "daily_logs:write");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const submission = parseForm(form, openLogSchema);
  if (submission.status !== "success") return invalid(submission);
  try {
    const submitted = await withTenant(member.tenant, (tx) =>
      submitOnce(tx, request, form, async () => {
        const { log, created } = await openDailyLog(tx, { projectId: project.id, logDate: submission.value.logDate, userId: member.user.id });
        return { location: dailyLogPath(project.id, log.id), message: created ? `The log of ${log.logDate} is started as a draft.` : `The log of ${log.logDate}.` };
      }),
    );
    return redirectSubmitted(submitted);
  } catch (error) {
    if (error instanceof DailyLogRefused) return invalid(submission, { formErrors: [error.message] }, error.status);
    throw error;
  }
}

export default function DailyLogs() {
  const { project, filters, page, today } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const canWrite = useCan("daily_logs:write");
  const base = `/projects/${project.id}/daily-logs`;
  const exportQuery = new URLSearchParams(Object.entries({ from: filters.from ?? "", to: filters.to ?? "" }).filter(([, v]) => v));
  const olderQuery = new URLSearchParams(Object.entries({ ...filters, before: page.nextBefore ?? "" }).filter(([, v]) => v) as [string, string][]);
  return (
    <section className="mx-auto max-w-3xl space-y-6">
      <header>
        <Link to={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
          ← {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">Daily logs</h1>
        <p className="mt-1 text-sm text-slate-600">One log per day: weather, crews, work, deliveries, visitors, delays and safety. Submitted logs are locked; corrections are added as addenda.</p>
      </header>
      <ProjectTabs projectId={project.id} />
      {canWrite ? (
        <div className="space-y-3 rounded border border-slate-200 bg-white p-4">
          <FormErrors errors={result && "error" in result ? (result.error?.[""] ?? result.error?.logDate ?? undefined) : undefined} />
          <PostForm>
            <input type="hidden" name="intent" value="open" />
            <button type="submit" className={`${bigButton} w-full bg-brand-600 text-white hover:bg-brand-700`}>
              Today&apos;s log
            </button>
          </PostForm>
          <PostForm className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="open" />
            <label className="grow text-sm font-medium text-slate-700">
              Another day
              <input type="date" name="logDate" max={today} defaultValue={today} required className={`${inputClass} min-h-11`} />
            </label>
            <button type="submit" className={`${bigButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
              Open that day
            </button>
          </PostForm>
        </div>
      ) : null}
      <Form method="get" className="grid grid-cols-2 gap-3 sm:grid-cols-4 sm:items-end" aria-label="Filter the logs">
        <label className="text-sm font-medium text-slate-700">
          From
          <input type="date" name="from" defaultValue={filters.from ?? ""} className={`${inputClass} min-h-11`} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          To
          <input type="date" name="to" defaultValue={filters.to ?? ""} className={`${inputClass} min-h-11`} />
        </label>
        <label className="text-sm font-medium text-slate-700">
          Status
          <select name="status" defaultValue={filters.status ?? ""} className={`${inputClass} min-h-11`}>
            <option value="">Any</option>
            {options(STATUS_LABELS).map((o) => (
              <option key={o.value} value={o.value}>{o.label}</option>
            ))}
          </select>
        </label>
        <button type="submit" className={`${bigButton} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50`}>
          Filter
        </button>
      </Form>
      <p className="text-sm">
        <a href={`${base}/export.xlsx${exportQuery.size ? `?${exportQuery}` : ""}`} className="font-medium text-brand-700 hover:underline" download>
          Export these days to Excel
        </a>
        <span className="text-slate-500"> (every section, one sheet each)</span>
      </p>
      {page.rows.length === 0 ? (
        <p className="rounded border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No daily logs match these filters.</p>
      ) : (
        <ul className="space-y-3" data-testid="daily-log-list">
          {page.rows.map((row) => (
            <li key={row.id}>
              <DailyLogCard href={`${base}/${row.id}`} row={row} />
            </li>
          ))}
        </ul>
      )}
      {page.nextBefore ? (
        <a href={`${base}?${olderQuery}`} className={`${bigButton} block border border-slate-300 bg-white text-center text-slate-800 hover:bg-slate-50`}>
          Older days
        </a>
      ) : null}
    </section>
  );
}
