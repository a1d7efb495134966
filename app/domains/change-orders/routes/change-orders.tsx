import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { ProjectPageHeader } from "~/components/project-page-header";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { useCan } from "~/utils/use-viewer";
import { listChangeOrders } from "../change-orders-list.server";
import { changeOrdersTable } from "../change-orders.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Change orders · ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "change_orders:read");
  const query = parseTableQuery(changeOrdersTable, new URL(request.url));
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      const page = await listChangeOrders(tx, project.id, query);
      return { project: { id: project.id, jobNumber: project.jobNumber, name: project.name }, query, page };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function ChangeOrders() {
  const { project, query, page } = useLoaderData<typeof loader>();
  const canManage = useCan("change_orders:manage");
  const base = `/projects/${project.id}/change-orders`;
  return (
    <section className="space-y-6">
      <ProjectPageHeader
        project={project}
        title="Change orders"
        description="Prime change orders change the contract sum, the schedule of values and (through their budget amounts) the budget; commitment change orders change committed cost. The two are totalled apart, and rejected or void change orders are listed but not totalled."
        action={canManage ? { href: `${base}/new`, label: "New change order" } : null}
      />
      <DataTable
        definition={changeOrdersTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        totalRows={page.totalRows}
        pathname={base}
        exportHref={tableHref(`${base}/export.xlsx`, query, { after: null })}
        caption="Change orders"
        emptyMessage="No change orders match these filters."
      />
    </section>
  );
}
