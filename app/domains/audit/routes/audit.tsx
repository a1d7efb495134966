import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery, tableHref } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { can } from "~/utils/permissions";
import { auditList } from "../audit.server";
import { AuditTabs } from "../audit-tabs";
import { auditTable } from "../audit.table";

export const meta: MetaFunction = () => [{ title: "Audit log · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "audit:read");
  const query = parseTableQuery(auditTable, new URL(request.url));
  const page = await withTenant(member.tenant, (tx) => queryTable(tx, auditList, query));
  return { query, page, canExport: can(member.active.role, "audit:export") };
}

export default function AuditLog() {
  const { query, page, canExport } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="text-2xl font-semibold">Audit log</h1>
      <p className="mt-1 text-sm text-slate-600">Every change in this organization: who, what, before and after. Entries cannot be edited or deleted.</p>
      <AuditTabs />
      <div className="mt-6">
        <DataTable
          definition={auditTable}
          rows={page.rows}
          query={query}
          nextCursor={page.nextCursor}
          hasPrevious={page.hasPrevious}
          paging={page.paging}
          totals={page.totals}
          pathname="/audit"
          exportHref={canExport ? tableHref("/audit/export.xlsx", query, { after: null }) : undefined}
          caption="Audit events"
          emptyMessage="No audit events match these filters."
        />
      </div>
    </section>
  );
}
