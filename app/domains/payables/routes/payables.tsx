import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { PAYABLES_TABS, SectionTabs } from "~/components/section-tabs";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { useCan } from "~/utils/use-viewer";
import { listApInvoices } from "../ap-invoices-list.server";
import { apInvoicesTable } from "../ap-invoices.table";

export const meta: MetaFunction = () => [{ title: "Vendor invoices · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const query = parseTableQuery(apInvoicesTable, new URL(request.url));
  const [page, filterOptions] = await withTenant(member.tenant, async (tx) => {
    const found = await listApInvoices(tx, query);
    await recordDataAccess(tx, { view: "payables", format: "page", filters: tableFilters(query), rowCount: found.rows.length });
    return [found, await lookupOptions(tx, apInvoicesTable, member.active.role)] as const;
  });
  return { query, page, filterOptions };
}

export default function Payables() {
  const { query, page, filterOptions } = useLoaderData<typeof loader>();
  const canManage = useCan("payables:manage");
  return (
    <section className="space-y-6">
      <SectionTabs label="Payables" tabs={PAYABLES_TABS} />
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Vendor invoices</h1>
          <p className="mt-1 text-sm text-slate-600">
            Subcontractor and supplier invoices of every project. Approved ones are actual cost in the budget; the balance is what is still to pay
            (retainage held is paid by its own release invoice). <Link to="/payables/aging" className="text-brand-700 hover:underline">AP aging</Link>
          </p>
        </div>
        {canManage ? (
          <Link to="/payables/new" className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            New invoice
          </Link>
        ) : null}
      </header>
      <DataTable
        definition={apInvoicesTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        filterOptions={filterOptions}
        totals={page.totals}
        pathname="/payables"
        exportHref={tableHref("/payables/export.xlsx", query, { after: null })}
        caption="Vendor invoices"
        emptyMessage="No vendor invoices match these filters."
      />
    </section>
  );
}
