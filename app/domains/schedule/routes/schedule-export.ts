import type { LoaderFunctionArgs } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { organizationToday } from "~/utils/aging-report.server";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { withTenant, type Tx } from "~/utils/db.server";
import { exportFilename, xlsxResponse } from "~/utils/excel.server";
import { milestoneExportRows } from "../schedule-list.server";
import { scheduleTable } from "../schedule.table";

/** The project's milestones as .xlsx: the list's filters and sort, dates as dates, statuses and flags in words. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const query = parseTableQuery(scheduleTable, new URL(request.url));
  const run = <T,>(fn: (tx: Tx) => Promise<T>) => withTenant(member.tenant, fn);
  const today = await run(organizationToday);
  return xlsxResponse({
    filename: exportFilename("schedule", project.jobNumber),
    sheetName: "Schedule",
    columns: scheduleTable.columns,
    rows: milestoneExportRows(run, project.id, today, query),
  });
}
