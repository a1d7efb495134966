import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { useCan } from "~/utils/use-viewer";
import { projectScopeOf, projectsListFor } from "../project-scope.server";
import { projectsTable } from "../projects.table";

export const meta: MetaFunction = () => [{ title: "Projects · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const query = parseTableQuery(projectsTable, new URL(request.url));
  const page = await withTenant(member.tenant, (tx) => queryTable(tx, projectsListFor(projectScopeOf(member)), query));
  return { query, page, all: projectScopeOf(member) === null };
}

export default function Projects() {
  const { query, page, all } = useLoaderData<typeof loader>();
  const canCreate = useCan("projects:create");
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Projects</h1>
          <p className="mt-1 text-sm text-slate-600">
            {all ? "Every job of the organization. Open one for its budget, contract, commitments and change orders." : "The projects you are on the team of. Open one for its team and field pages."}
          </p>
        </div>
        {canCreate ? (
          <a href="/projects/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New project
          </a>
        ) : null}
      </div>
      <DataTable
        definition={projectsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        pathname="/projects"
        exportHref={tableHref("/projects/export.xlsx", query, { after: null })}
        caption="Projects"
        emptyMessage="No projects match these filters."
      />
    </section>
  );
}
