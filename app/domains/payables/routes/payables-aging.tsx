import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { AgingReport } from "~/components/aging-report";
import { PAYABLES_TABS, SectionTabs } from "~/components/section-tabs";
import { agingPage, agingPageFromSums, agingRowCount, parseAgingQuery, resolveAsOf } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { apAgingDocuments, apAgingSums } from "../ap-aging.server";
import { AP_AGING_LABELS } from "../ap-aging.labels";

export const meta: MetaFunction = () => [{ title: "AP aging · SECG ERP" }];

/** `?asOf=YYYY-MM-DD` (default: today in the organization's time zone), `?party=<vendor id>` to drill down. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "payables:read");
  const query = parseAgingQuery(new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const asOf = await resolveAsOf(tx, query);
    // Without a drill-down, sums per vendor × bucket; with one, that vendor's documents.
    const page =
      query.party === null ? agingPageFromSums(await apAgingSums(tx, asOf), asOf) : agingPage(await apAgingDocuments(tx, { partyId: query.party }), asOf, query.party);
    await recordDataAccess(tx, { view: "ap_aging", format: "page", filters: { asOf: page.asOf, party: query.party }, rowCount: agingRowCount(page) });
    return { page };
  });
}

export default function PayablesAging() {
  const { page } = useLoaderData<typeof loader>();
  return (
    <div className="space-y-6">
      <SectionTabs label="Payables" tabs={PAYABLES_TABS} />
      <AgingReport page={page} pathname="/payables/aging" exportPath="/payables/aging/export.xlsx" labels={AP_AGING_LABELS} />
    </div>
  );
}
