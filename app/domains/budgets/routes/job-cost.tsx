import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { JobCostTable } from "../job-cost-table";
import { jobCostReport } from "../job-cost.server";
import { requireBudgetProject } from "../project-scope.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Job cost ${data?.project.jobNumber ?? ""} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "budgets:read");
  const projectId = params.projectId ?? "";
  try {
    return await withTenant(member.tenant, async (tx) => ({
      project: await requireBudgetProject(tx, projectId),
      report: await jobCostReport(tx, projectId),
    }));
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

export default function JobCost() {
  const { project, report } = useLoaderData<typeof loader>();
  const base = `/projects/${project.id}`;
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
        <a href={`${base}/job-cost/export.xlsx`} className="text-sm font-medium text-brand-700 hover:underline" download>
          Export to Excel
        </a>
      </header>
      {report.divisions.length === 0 ? (
        <p className="text-sm text-slate-600">
          No budget or cost activity yet. <a href={`${base}/budget`} className="text-brand-700 hover:underline">Add budget lines</a>.
        </p>
      ) : (
        <JobCostTable projectId={project.id} divisions={report.divisions} total={report.total} />
      )}
    </section>
  );
}
