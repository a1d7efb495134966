import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { getProject } from "~/domains/projects/projects.server";
import { listCommitments } from "../commitments-list.server";
import { commitmentsTable } from "../commitments.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Commitments · ${data?.project.name ?? "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "commitments:read");
  const query = parseTableQuery(commitmentsTable, new URL(request.url));
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const page = await listCommitments(tx, project.id, query);
      const filterOptions = await lookupOptions(tx, commitmentsTable, member.active.role);
      return { project: { id: project.id, name: project.name, jobNumber: project.jobNumber }, query, page, filterOptions };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function Commitments() {
  const { project, query, page, filterOptions } = useLoaderData<typeof loader>();
  const canManage = useCan("commitments:manage");
  const base = `/projects/${project.id}/commitments`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Commitments"
        description="Subcontracts and purchase orders. Executed ones count as committed cost in the budget."
        action={canManage ? { href: `${base}/new`, label: "New commitment" } : null}
      />
      <DataTable
        definition={commitmentsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        filterOptions={filterOptions}
        totals={page.totals}
        pathname={base}
        exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
        caption="Commitments"
        emptyMessage="No commitments match these filters."
      />
    </section>
  );
}
