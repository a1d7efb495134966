import type { LoaderFunctionArgs } from "react-router";
import { getProject } from "~/domains/projects/projects.server";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { payAppsExport } from "../pay-apps-list.server";
import { payAppsTable } from "../pay-apps.table";

/**
 * The pay applications list as .xlsx: same filters and sort as the page, with its totals.
 * `?project=<id>` limits it to one project (the project's pay applications page links here so).
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "receivables:read");
  const url = new URL(request.url);
  const query = parseTableQuery(payAppsTable, url);
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const projectId = url.searchParams.get("project");
  const project = projectId
    ? await run((tx) => getProject(tx, projectId)).catch((error: unknown) => {
        if (error instanceof RecordNotFound) throw notFoundResponse(error);
        throw error;
      })
    : null;
  const { totals, rows } = await payAppsExport(run, query, project?.id ?? null);
  return xlsxResponse({
    filename: exportFilename("pay-applications", project?.jobNumber),
    sheetName: "Pay applications",
    columns: payAppsTable.columns,
    rows: recordedBatches(run, { view: "pay_apps", format: "xlsx", filters: tableFilters(query, { projectId: project?.id }) }, rows),
    totals,
  });
}
