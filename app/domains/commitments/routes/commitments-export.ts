import type { LoaderFunctionArgs } from "react-router";
import { requireMember } from "~/utils/auth.server";
import { recordedBatches, tableFilters } from "~/utils/data-access.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { getProject } from "~/domains/projects/projects.server";
import { commitmentsExport } from "../commitments-list.server";
import { commitmentsTable } from "../commitments.table";

/** The commitments list as .xlsx: same filters and sort as the page, with its totals. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "commitments:read");
  const query = parseTableQuery(commitmentsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const project = await run((tx) => getProject(tx, params.projectId ?? "")).catch((error: unknown) => {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  });
  const { totals, rows } = await commitmentsExport(run, project.id, query);
  return xlsxResponse({
    filename: exportFilename("commitments", project.jobNumber),
    sheetName: "Commitments",
    columns: commitmentsTable.columns,
    rows: recordedBatches(run, { view: "commitments", format: "xlsx", filters: tableFilters(query, { projectId: project.id }) }, rows),
    totals,
  });
}
