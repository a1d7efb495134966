import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { FiltersForm } from "~/components/data-table/filters-form";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { CHART_LIMIT, ScheduleChart, ScheduleChartLegend } from "../schedule-chart";
import { ScheduleTabs } from "../schedule-nav";
import { scheduleChartPage } from "../schedule-page.server";
import { scheduleTable } from "../schedule.table";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Schedule bar chart · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const url = new URL(request.url);
  const data = await withTenant(member.tenant, (tx) => scheduleChartPage(tx, project.id, url));
  return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, search: url.search, ...data };
}

export default function ScheduleBarChart() {
  const { project, search, query, milestones, total, today } = useLoaderData<typeof loader>();
  const base = `/projects/${project.id}/schedule`;
  return (
    <section className="space-y-4">
      <ProjectPageHeader project={project} title="Schedule" description="Baseline against forecast, one row per milestone, in the list's order and filters. Wide schedules scroll inside the chart." />
      <ProjectTabs projectId={project.id} />
      <ScheduleTabs base={base} search={search} />
      <FiltersForm definition={scheduleTable} query={query} pathname={`${base}/chart`} />
      {milestones.length === 0 ? (
        <p className="text-sm text-slate-600">No milestones match these filters.</p>
      ) : (
        <figure className="space-y-2 break-inside-avoid">
          <ScheduleChart milestones={milestones} today={today} />
          <figcaption>
            <ScheduleChartLegend />
            {total > milestones.length ? (
              <p className="mt-1 text-xs text-slate-500">
                The first {CHART_LIMIT} of {total} milestones: narrow them with the filters.
              </p>
            ) : null}
          </figcaption>
        </figure>
      )}
    </section>
  );
}
