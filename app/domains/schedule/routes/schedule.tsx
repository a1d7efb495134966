import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { useCan } from "~/utils/use-viewer";
import { ScheduleSummary, ScheduleTabs } from "../schedule-nav";
import { schedulePage } from "../schedule-page.server";
import { scheduleTable } from "../schedule.table";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Schedule · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const url = new URL(request.url);
  const data = await withTenant(member.tenant, (tx) => schedulePage(tx, project.id, url));
  return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, search: url.search, ...data };
}

export default function Schedule() {
  const { project, search, query, page, counts, today } = useLoaderData<typeof loader>();
  const canManage = useCan("schedule:manage");
  const base = `/projects/${project.id}/schedule`;
  return (
    <section className="space-y-4">
      <ProjectPageHeader
        project={project}
        title="Schedule"
        description="The project's milestones: baseline, forecast and actual dates, who is responsible and what must come first. Late: not done and expected before today. Slipping: forecast after the baseline."
        action={canManage ? { href: `${base}/new`, label: "Add milestone" } : null}
      />
      <ProjectTabs projectId={project.id} />
      <ScheduleTabs base={base} search={search} />
      <ScheduleSummary counts={counts} today={today} base={base} />
      <DataTable
        definition={scheduleTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={base}
        exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
        caption="Milestones"
        emptyMessage="No milestones match these filters."
      />
    </section>
  );
}
