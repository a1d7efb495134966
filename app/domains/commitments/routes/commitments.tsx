import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableSearch } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
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
      return { project: { id: project.id, name: project.name, jobNumber: project.jobNumber }, query, page: await listCommitments(tx, project.id, query) };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function Commitments() {
  const { project, query, page } = useLoaderData<typeof loader>();
  const canManage = useCan("commitments:manage");
  const base = `/projects/${project.id}/commitments`;
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <Link to={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
            ← {project.jobNumber} {project.name}
          </Link>
          <h1 className="mt-1 text-2xl font-semibold">Commitments</h1>
          <p className="mt-1 text-sm text-slate-600">Subcontracts and purchase orders. Executed ones count as committed cost in the budget.</p>
        </div>
        {canManage ? (
          <Link to={`${base}/new`} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New commitment
          </Link>
        ) : null}
      </header>
      <DataTable
        definition={commitmentsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        totals={page.totals}
        pathname={base}
        exportHref={`${base}/export.xlsx?${tableSearch(query, { after: null })}`}
        caption="Commitments"
        emptyMessage="No commitments match these filters."
      />
    </section>
  );
}
