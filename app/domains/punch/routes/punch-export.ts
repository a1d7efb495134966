import type { LoaderFunctionArgs } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { punchItemBatches } from "../punch-list.server";
import { punchItemsTable } from "../punch.table";

/** The project's punch list as .xlsx: same filters and sort as the page, statuses and priorities as labels. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const query = parseTableQuery(punchItemsTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  return xlsxResponse({
    filename: exportFilename("punch-list", project.jobNumber),
    sheetName: "Punch list",
    columns: punchItemsTable.columns,
    rows: punchItemBatches(run, project.id, query),
  });
}
