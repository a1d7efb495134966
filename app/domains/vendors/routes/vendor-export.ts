import type { LoaderFunctionArgs } from "react-router";
import { forbidden, requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { vendorProjectTable, vendorProjectTotals } from "../vendor-detail.server";
import { vendorProjectsTable } from "../vendor-projects.table";
import { getVendor } from "../vendors.server";

/** A vendor's totals by project as .xlsx (the table on the vendor page, with its totals row). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "vendors:read");
  if (!can(member.active.role, "payables:read") || !can(member.active.role, "commitments:read")) throw forbidden();
  try {
    const { vendor, table } = await withTenant(member.tenant, async (tx) => {
      const vendor = await getVendor(tx, params.vendorId ?? "");
      const table = vendorProjectTable(vendor.name, await vendorProjectTotals(tx, vendor.id));
      await recordDataAccess(tx, { view: "vendors", format: "xlsx", filters: { vendor: vendor.id, table: "totals by project" }, rowCount: table.rows.length });
      return { vendor, table };
    });
    async function* rows() {
      if (table.rows.length) yield table.rows;
    }
    return xlsxResponse({
      filename: exportFilename("vendor-projects", vendor.name),
      sheetName: "Totals by project",
      columns: vendorProjectsTable.columns,
      rows: rows(),
      totals: table.totals,
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}
