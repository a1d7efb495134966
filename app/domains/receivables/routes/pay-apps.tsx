import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { RECEIVABLES_TABS, SectionTabs } from "~/components/section-tabs";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { PayAppsDataTable } from "../pay-apps-data-table";
import { listPayApps } from "../pay-apps-list.server";
import { payAppsTable } from "../pay-apps.table";

export const meta: MetaFunction = () => [{ title: "Pay applications · SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const query = parseTableQuery(payAppsTable, new URL(request.url));
  const [page, filterOptions] = await withTenant(member.tenant, async (tx) => {
    const found = await listPayApps(tx, query);
    await recordDataAccess(tx, { view: "pay_apps", format: "page", filters: tableFilters(query), rowCount: found.rows.length });
    return [found, await lookupOptions(tx, payAppsTable, member.active.role)] as const;
  });
  return { query, page, filterOptions };
}

export default function PayApps() {
  const { query, page, filterOptions } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <SectionTabs label="Receivables" tabs={RECEIVABLES_TABS} />
      <header>
        <h1 className="text-2xl font-semibold">Pay applications</h1>
        <p className="mt-1 text-sm text-slate-600">
          Owner billing of every project: progress applications and retainage releases, what each one bills (payment due), and what has been received.
          New applications are started from a project’s pay applications page.
        </p>
      </header>
      <PayAppsDataTable query={query} page={page} pathname="/pay-apps" caption="Pay applications" filterOptions={filterOptions} />
    </section>
  );
}
