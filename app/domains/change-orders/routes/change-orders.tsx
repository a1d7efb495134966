import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableSearch } from "~/utils/data-table";
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
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Link to={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
            ← {project.jobNumber} {project.name}
          </Link>
          <h1 className="mt-1 text-2xl font-semibold">Change orders</h1>
          <p className="mt-1 text-sm text-slate-600">
            Prime change orders change the contract sum, the schedule of values and (through their budget amounts) the budget; commitment change orders change committed cost.
          </p>
        </div>
        {canManage ? (
          <Link to={`${base}/new`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New change order
          </Link>
        ) : null}
      </header>
      <DataTable
        definition={changeOrdersTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        totals={page.totals}
        pathname={base}
        exportHref={`${base}/export.xlsx?${tableSearch(query, { after: null })}`}
        caption="Change orders"
        emptyMessage="No change orders match these filters."
      />
    </section>
  );
}
