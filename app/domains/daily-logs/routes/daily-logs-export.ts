import type { LoaderFunctionArgs } from "react-router";
import { requireProjectFor } from "~/domains/projects/project-guard.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { exportFilename } from "~/utils/excel.server";
import { dailyLogsXlsxResponse } from "../daily-logs-excel.server";
import { dailyLogsExport, MAX_EXPORT_DAYS } from "../daily-logs-export.server";
import { organizationToday } from "../daily-logs.server";
import { readListFilters } from "../daily-logs.schema";

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `?from=&to=` (the list's filters): every log of those days as .xlsx; by default the last 30 days. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "field:read");
  const project = await requireProjectFor(member, params.projectId ?? "");
  const filters = readListFilters(new URL(request.url));
  return withTenant(member.tenant, async (tx) => {
    const to = filters.to ?? (await organizationToday(tx));
    const from = filters.from ?? addDays(to, -30);
    if (from > to) throw new Response("The first day comes after the last day: swap them.", { status: 400 });
    if (from < addDays(to, -MAX_EXPORT_DAYS)) throw new Response(`Export at most ${MAX_EXPORT_DAYS} days at once.`, { status: 400 });
    const data = await dailyLogsExport(tx, project.id, { from, to });
    return dailyLogsXlsxResponse(data, exportFilename("daily-logs", project.jobNumber, `${from}-to-${to}`));
  });
}
