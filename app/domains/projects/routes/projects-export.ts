import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { projectScopeOf, projectsListFor } from "../project-scope.server";
import { projectsTable } from "../projects.table";

/** The project list as .xlsx, with the page's filters and sort. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const query = parseTableQuery(projectsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("projects"),
    sheetName: "Projects",
    columns: projectsTable.columns,
    rows: recordedBatches(run, { view: "projects", format: "xlsx", filters: tableFilters(query) }, tableBatches(run, projectsListFor(projectScopeOf(member)), query)),
  });
}
