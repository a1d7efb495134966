import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { inspectionProject } from "../inspection-project.server";
import { inspectionBatches } from "../inspections-list.server";
import { inspectionsTable } from "../inspections.table";

/** The project's inspections as .xlsx: the same filters and sort as the page. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await inspectionProject(member, params.projectId);
  const query = parseTableQuery(inspectionsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("inspections", project.jobNumber),
    sheetName: "Inspections",
    columns: inspectionsTable.columns,
    rows: inspectionBatches(run, project.id, query),
  });
}
