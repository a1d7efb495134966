import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { AgingReport } from "~/components/aging-report";
import { RECEIVABLES_TABS, SectionTabs } from "~/components/section-tabs";
import { agingPage, agingRowCount, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { arAgingItems } from "../ar-aging.server";
import { AR_AGING_LABELS } from "../ar-aging.labels";

export const meta: MetaFunction = () => [{ title: "AR aging · SECG ERP" }];

/** `?asOf=YYYY-MM-DD` (default: today in the organization's time zone), `?party=<owner name>` to drill down. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const query = parseAgingQuery(new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const page = agingPage(await arAgingItems(tx), await resolveAsOf(tx, query), query.party);
    await recordDataAccess(tx, { view: "ar_aging", format: "page", filters: { asOf: page.asOf, party: query.party }, rowCount: agingRowCount(page) });
    return { page };
  });
}

export default function ReceivablesAging() {
  const { page } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <SectionTabs label="Receivables" tabs={RECEIVABLES_TABS} />
      <AgingReport page={page} pathname="/receivables/aging" exportPath="/receivables/aging/export.xlsx" labels={AR_AGING_LABELS} />
    </div>
  );
}
