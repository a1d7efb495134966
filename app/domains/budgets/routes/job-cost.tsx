import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import { ProjectBillingFigures } from "~/domains/receivables/project-billing-figures";
import { projectBillingSummary } from "~/domains/receivables/project-billing.server";
import { requireMember } from "~/utils/auth.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { isUuid } from "~/utils/ids";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can } from "~/utils/permissions";
import { JobCostTable } from "../job-cost-table";
import { jobCostReport, type JobCostExpansion } from "../job-cost.server";
import { requireBudgetProject } from "../project-scope.server";
import { crewHoursFor } from "~/domains/daily-logs/crew-hours.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Job cost ${data?.project.jobNumber ?? ""} · SECG ERP` }];

/** `?expand=all`, `?expand=none`, `?division=<id>` (repeatable), or nothing: "auto". */
function expansionOf(url: URL): JobCostExpansion {
  const expand = url.searchParams.get("expand");
  if (expand === "all") return "all";
  const divisions = url.searchParams.getAll("division").filter(isUuid).slice(0, 200);
  if (expand === "none" || divisions.length) return divisions;
  return "auto";
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  const seesBilling = can(member.active.role, "receivables:read");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const expansion = expansionOf(new URL(request.url));
      const found = {
        project: await requireBudgetProject(tx, projectId),
        report: await jobCostReport(tx, projectId, expansion),
        billing: seesBilling ? await projectBillingSummary(tx, projectId) : null,
      };
      const crewHours = await crewHoursFor(tx, projectId, found.report.divisions.flatMap((d) => d.lines ?? []));
      const expand = Array.isArray(expansion) ? expansion.join(",") : expansion;
      await recordDataAccess(tx, { view: "job_cost", format: "page", filters: { projectId, expand }, rowCount: found.report.lineCount });
      return { ...found, crewHours };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function JobCost() {
  const { project, report, billing, crewHours } = useLoaderData<typeof loader>();
  const base = `/projects/${project.id}`;
  const open = report.divisions.filter((d) => d.lines !== null).map((d) => d.id);
  const toggleHref = (divisionId: string) => {
    const next = open.includes(divisionId) ? open.filter((id) => id !== divisionId) : [...open, divisionId];
    const search = next.length ? next.map((id) => `division=${id}`).join("&") : "expand=none";
    return `${base}/job-cost?${search}#division-${divisionId}`;
  };
  return (
    <section className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-sm text-slate-500">
            <a href={base} className="text-brand-700 hover:underline">{project.jobNumber} · {project.name}</a>
            {" · "}
            <a href={`${base}/budget`} className="text-brand-700 hover:underline">Budget</a>
          </p>
          <h1 className="text-2xl font-semibold">Job cost report</h1>
        </div>
        <nav className="flex gap-4 text-sm font-medium">
          {open.length < report.divisions.length ? (
            <a href={`${base}/job-cost?expand=all`} className="text-brand-700 hover:underline">Show all {report.lineCount} lines</a>
          ) : null}
          {open.length > 0 ? (
            <a href={`${base}/job-cost?expand=none`} className="text-brand-700 hover:underline">Subtotals only</a>
          ) : null}
          <a href={`${base}/job-cost/export.xlsx`} className="text-brand-700 hover:underline" download>
            Export to Excel
          </a>
        </nav>
      </header>
      {report.divisions.length === 0 ? (
        <p className="text-sm text-slate-600">
          No budget or cost activity yet. <a href={`${base}/budget`} className="text-brand-700 hover:underline">Add budget lines</a>.
        </p>
      ) : (
        <JobCostTable projectId={project.id} divisions={report.divisions} total={report.total} toggleHref={toggleHref} crewHours={crewHours} />
      )}
      {billing ? <ProjectBillingFigures projectId={project.id} billing={billing} /> : null}
    </section>
  );
}
