import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { importsList } from "../imports-list.server";
import { importsTable } from "../imports.table";

export const meta: MetaFunction = () => [{ title: "Imports · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "imports:run");
  const query = parseTableQuery(importsTable, new URL(request.url));
  return { query, page: await withTenant(member.tenant, (tx) => queryTable(tx, importsList, query)) };
}

export default function Imports() {
  const { query, page } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Imports</h1>
          <p className="mt-1 text-sm text-slate-600">
            Masterfile workbooks uploaded to this organization: who sent each, what it held and what it wrote.{" "}
            <a href="/imports/templates/masterfile.xlsx" className="text-brand-700 hover:underline" download>
              Masterfile template
            </a>
          </p>
        </div>
        <Link to="/imports/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          New import
        </Link>
      </header>
      <DataTable
        definition={importsTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        totals={page.totals}
        pathname="/imports"
        exportHref={tableHref("/imports/export.xlsx", query, { after: null })}
        caption="Imports"
        emptyMessage="No imports match these filters."
      />
    </section>
  );
}
