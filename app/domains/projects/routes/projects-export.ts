import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireMember } from "~/utils/auth.server";
import { parseTableQuery } from "~/utils/data-table";
import { tableBatches } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { xlsxResponse } from "~/utils/excel.server";
import { projectsList } from "../projects.server";
import { projectsTable } from "../projects.table";

/** The project list as .xlsx, with the page's filters and sort. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const query = parseTableQuery(projectsTable, new URL(request.url));
  return xlsxResponse({
    filename: `projects-${new Date().toISOString().slice(0, 10)}.xlsx`,
    sheetName: "Projects",
    columns: projectsTable.columns,
    rows: tableBatches((fn) => withTenant(member.tenant, fn), projectsList, query),
  });
}
