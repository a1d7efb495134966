import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { DataTable } from "~/components/data-table/data-table";
import { getVendor } from "~/domains/vendors/vendors.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { lookupOptions } from "~/utils/table-lookups.server";
import { listVendorPunchItems } from "../punch-list.server";
import { vendorPunchTable } from "../punch.table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Punch items · ${data?.vendor.name ?? "Vendor"} · SECG ERP` }];

/** A subcontractor's items that still need work, across the projects (the later subcontractor portal starts here). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "vendors:read");
  const query = parseTableQuery(vendorPunchTable, new URL(request.url));
  try {
    return await withTenant(member.tenant, async (tx) => {
      const vendor = await getVendor(tx, params.vendorId ?? "");
      const page = await listVendorPunchItems(tx, vendor.id, query);
      return { vendor: { id: vendor.id, name: vendor.name }, query, page, filterOptions: await lookupOptions(tx, vendorPunchTable, member.active.role) };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function VendorPunch() {
  const { vendor, query, page, filterOptions } = useLoaderData<typeof loader>();
  return (
    <section className="space-y-6">
      <header>
        <Link to={`/vendors/${vendor.id}`} className="inline-flex min-h-11 items-center text-sm text-brand-700 hover:underline">
          ← {vendor.name}
        </Link>
        <h1 className="text-2xl font-semibold">Open punch items of {vendor.name}</h1>
        <p className="mt-1 text-sm text-slate-600">Items on every project that are open or waiting for review, soonest due first.</p>
      </header>
      <DataTable
        definition={vendorPunchTable}
        rows={page.rows}
        query={query}
        nextCursor={page.nextCursor}
        hasPrevious={page.hasPrevious}
        paging={page.paging}
        pathname={`/vendors/${vendor.id}/punch`}
        filterOptions={filterOptions}
        caption="Open punch items"
        emptyMessage="No open punch items for this subcontractor."
      />
    </section>
  );
}
