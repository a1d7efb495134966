import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { AuditTabs } from "../audit-tabs";
import { dataAccessList } from "../data-access.server";
import { dataAccessTable } from "../data-access.table";

export const meta: MetaFunction = () => [{ title: "Data access log · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "audit:read");
  const query = parseTableQuery(dataAccessTable, new URL(request.url));
  const page = await withTenant(member.tenant, (tx) => queryTable(tx, dataAccessList, query));
  return { query, page, canExport: can(member.active.role, "audit:export") };
}

export default function DataAccessLog() {
  const { query, page, canExport } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">
        Who viewed or downloaded which financial report (WIP, aging, job cost, budgets, pay applications, vendor invoices and every export), with
        its filters and row count. Entries cannot be edited or deleted.
      </p>
      <AuditTabs />
      <div className="mt-6">
        <DataTable
          definition={dataAccessTable}
          rows={page.rows}
          query={query}
          nextCursor={page.nextCursor}
          hasPrevious={page.hasPrevious}
          paging={page.paging}
          totals={page.totals}
          pathname="/audit/access"
          exportHref={canExport ? tableHref("/audit/access/export.xlsx", query, { after: null }) : undefined}
          caption="Data access events"
          emptyMessage="No data access events match these filters."
        />
      </div>
    </section>
  );
}
