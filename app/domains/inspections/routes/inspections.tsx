import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { useCan } from "~/utils/use-viewer";
import { inspectionProject } from "../inspection-project.server";
import { listInspections } from "../inspections-list.server";
import { inspectionsTable } from "../inspections.table";
import { ProjectTabs } from "~/domains/projects/project-tabs-nav";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Inspections · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await inspectionProject(member, params.projectId);
  const query = parseTableQuery(inspectionsTable, new URL(request.url));
  const page = await withTenant(member.tenant, (tx) => listInspections(tx, project.id, query));
  return { project, query, page };
}

export default function Inspections() {
  const { project, query, page } = useLoaderData<typeof loader>();
  const canRun = useCan("inspections:run");
  const base = `/projects/${project.id}/inspections`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Inspections"
        description="Quality and safety inspections run from the organization's checklists. A failed item raises a punch item or an observation; a completed inspection is signed and locked."
        action={canRun ? { href: `${base}/new`, label: "New inspection" } : null}
      />
      <ProjectTabs projectId={project.id} />
      <p className="text-sm">
        <Link to={`/projects/${project.id}/ncrs`} className="text-brand-700 hover:underline">
          Non-conformance reports
        </Link>
        {" · "}
        <Link to="/checklists" className="text-brand-700 hover:underline">
          Checklists
        </Link>
      </p>
      <DataTable
        definition={inspectionsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={base}
        exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
        caption="Inspections"
        emptyMessage="No inspections match these filters."
      />
    </section>
  );
}
