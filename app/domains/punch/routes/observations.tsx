import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { useCan } from "~/utils/use-viewer";
import { listObservations } from "../observations.server";
import { observationsTable } from "../punch.table";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Observations · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const query = parseTableQuery(observationsTable, new URL(request.url));
  return withTenant(member.tenant, async (tx) => ({
    project: { id: project.id, jobNumber: project.jobNumber, name: project.name },
    query,
    page: await listObservations(tx, project.id, query),
    filterOptions: await lookupOptions(tx, observationsTable, member.active.role),
  }));
}

export default function Observations() {
  const { project, query, page, filterOptions } = useLoaderData<typeof loader>();
  const canManage = useCan("punch:manage");
  const base = `/projects/${project.id}/observations`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Observations"
        description="Safety, quality, environmental and housekeeping findings on site: close one with the corrective action, or convert it to a punch item for the responsible party."
        action={canManage ? { href: `${base}/new`, label: "New observation" } : null}
      />
      <ProjectTabs projectId={project.id} />
      <a className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline" href={`/projects/${project.id}/punch`}>
        Punch list
      </a>
      <DataTable
        definition={observationsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={base}
        filterOptions={filterOptions}
        caption="Observations"
        emptyMessage="No observations match these filters."
      />
    </section>
  );
}
