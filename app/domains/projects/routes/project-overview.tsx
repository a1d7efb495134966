import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import type { ReactNode } from "react";
import { CalendarDate, Money, StatusBadge } from "~/components/data-table/cells";
import { projectFinancialSummary } from "~/domains/budgets/figures.server";
import { ProjectBillingFigures } from "~/domains/receivables/project-billing-figures";
import { projectBillingSummary } from "~/domains/receivables/project-billing.server";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { useViewer } from "~/utils/use-viewer";
import { CONTRACT_TYPE_LABELS, PROJECT_STATUS_LABELS } from "../projects.schema";
import { getProject } from "../projects.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.project.jobNumber} ${data.project.name}` : "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const seesFinancials = can(member.active.role, "budgets:read");
  const seesBilling = can(member.active.role, "receivables:read");
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProject(tx, params.projectId ?? "");
      return {
        project: {
          id: project.id,
          jobNumber: project.jobNumber,
          name: project.name,
          clientName: project.clientName,
          address: project.address,
          status: PROJECT_STATUS_LABELS[project.status],
          contractType: CONTRACT_TYPE_LABELS[project.contractType],
          startDate: project.startDate,
          endDate: project.endDate,
          projectManager: project.projectManagerName,
        },
        summary: seesFinancials ? await projectFinancialSummary(tx, project.id) : null,
        billing: seesBilling ? await projectBillingSummary(tx, project.id) : null,
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

function Figure({ label, value, href, note }: { label: string; value: string; href: string; note?: ReactNode }) {
  return (
    <a href={href} className="block rounded border border-slate-200 bg-white p-4 hover:border-brand-600" data-testid="project-figure">
      <span className="block text-sm text-slate-600">{label}</span>
      <span className="mt-1 block text-xl font-semibold tabular-nums">
        <Money value={value} />
      </span>
      {note ? <span className="mt-1 block text-xs text-slate-500">{note}</span> : null}
    </a>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

const PAGES: { path: string; label: string; permission: PermissionKey }[] = [
  { path: "budget", label: "Budget", permission: "budgets:read" },
  { path: "job-cost", label: "Job cost report", permission: "budgets:read" },
  { path: "contract", label: "Prime contract", permission: "contracts:read" },
  { path: "commitments", label: "Commitments", permission: "commitments:read" },
  { path: "change-orders", label: "Change orders", permission: "change_orders:read" },
  { path: "pay-apps", label: "Pay applications", permission: "receivables:read" },
  { path: "edit", label: "Edit project", permission: "projects:update" },
];

export default function ProjectOverview() {
  const { project, summary, billing } = useLoaderData<typeof loader>();
  const base = `/projects/${project.id}`;
  const permissions = useViewer()?.permissions ?? [];
  return (
    <section className="space-y-8">
      <header>
        <p className="text-sm text-slate-500">
          <a href="/projects" className="text-brand-700 hover:underline">Projects</a>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold">
            {project.jobNumber} · {project.name}
          </h1>
          <StatusBadge value={project.status} />
        </div>
        <nav aria-label="Project pages" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
          {PAGES.filter((p) => permissions.includes(p.permission)).map((p) => (
            <a key={p.path} href={`${base}/${p.path}`} className="font-medium text-brand-700 hover:underline">
              {p.label}
            </a>
          ))}
        </nav>
      </header>
      <dl className="grid gap-4 rounded border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Client">{project.clientName}</Fact>
        <Fact label="Contract type">{project.contractType}</Fact>
        <Fact label="Project manager">{project.projectManager}</Fact>
        <Fact label="Start">{project.startDate ? <CalendarDate value={project.startDate} /> : null}</Fact>
        <Fact label="End">{project.endDate ? <CalendarDate value={project.endDate} /> : null}</Fact>
        <Fact label="Address">{project.address}</Fact>
      </dl>
      {summary ? (
        <div>
          <h2 className="mb-3 text-lg font-semibold">Key figures</h2>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
            <Figure
              label="Contract sum to date"
              value={summary.contract.contractSumToDate}
              href={`${base}/contract`}
              note={summary.contract.exists ? <>Original <Money value={summary.contract.originalSum} /> + approved change orders <Money value={summary.contract.approvedChanges} /></> : "No prime contract yet"}
            />
            <Figure label="Revised budget" value={summary.budget.revised} href={`${base}/budget`} note={<>Original <Money value={summary.budget.original} /></>} />
            <Figure label="Projected budget" value={summary.budget.projectedBudget} href={`${base}/budget`} note="Revised budget + pending changes" />
            <Figure label="Committed" value={summary.budget.committed} href={`${base}/commitments`} note="Executed commitments + approved commitment change orders" />
            <Figure
              label="Pending change orders"
              value={summary.contract.pendingChanges}
              href={`${base}/change-orders?f.kind=prime&f.status=open`}
              note={`Contract amount of the ${summary.openChangeOrders} open (draft or pending approval) prime change orders`}
            />
            <Figure label="Projected over/under" value={summary.budget.overUnder} href={`${base}/job-cost`} note="Projected budget − estimate at completion (negative is an overrun)" />
          </div>
        </div>
      ) : null}
      {billing ? <ProjectBillingFigures projectId={project.id} billing={billing} /> : null}
    </section>
  );
}
