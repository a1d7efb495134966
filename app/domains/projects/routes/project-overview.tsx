import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { useLoaderData } from "react-router";
import type { ReactNode } from "react";
import { CalendarDate, StatusBadge } from "~/components/data-table/cells";
import { ProjectBillingFigures } from "~/domains/receivables/project-billing-figures";
import { requireMember } from "~/utils/auth.server";
import { withTenant } from "~/utils/db.server";
import { notFoundResponse, RecordNotFound } from "~/utils/not-found.server";
import { can, type PermissionKey } from "~/utils/permissions";
import { useViewer } from "~/utils/use-viewer";
import { loadProjectOverview } from "../project-overview-page.server";
import { CashChart, ChangeOrdersChart, CommitmentsChart, ExtraFigure, HeadlineFigures, TimelineChart } from "../project-overview-sections";
import { CONTRACT_TYPE_LABELS, PROJECT_STATUS_LABELS } from "../projects.schema";
import { ProjectTabs } from "../project-tabs-nav";
import { getProjectFor, projectScopeOf } from "../project-scope.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data ? `${data.project.jobNumber} ${data.project.name}` : "Project"} · SECG ERP` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, "projects:read");
  const role = member.active.role;
  const access = {
    budgets: can(role, "budgets:read"),
    receivables: can(role, "receivables:read"),
    payables: can(role, "payables:read"),
    commitments: can(role, "commitments:read"),
    changeOrders: can(role, "change_orders:read"),
  };
  try {
    return await withTenant(member.tenant, async (tx) => {
      const project = await getProjectFor(tx, params.projectId ?? "", projectScopeOf(member));
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
        overview: await loadProjectOverview(tx, project, access),
      };
    });
  } catch (error) {
    if (error instanceof RecordNotFound) throw notFoundResponse(error);
    throw error;
  }
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-slate-900">{children || <span className="text-slate-400">—</span>}</dd>
    </div>
  );
}

/** The finance pages of the project (its field pages are the project tabs below). */
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
  const { project, overview } = useLoaderData<typeof loader>();
  const { billing } = overview;
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
        <nav aria-label="Project pages" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm empty:hidden">
          {PAGES.filter((p) => permissions.includes(p.permission)).map((p) => (
            <a key={p.path} href={`${base}/${p.path}`} className="font-medium text-brand-700 hover:underline">
              {p.label}
            </a>
          ))}
        </nav>
      </header>
      <ProjectTabs projectId={project.id} />
      <dl className="grid gap-4 rounded border border-slate-200 bg-white p-4 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Client">{project.clientName}</Fact>
        <Fact label="Contract type">{project.contractType}</Fact>
        <Fact label="Project manager">{project.projectManager}</Fact>
        <Fact label="Start">{project.startDate ? <CalendarDate value={project.startDate} /> : null}</Fact>
        <Fact label="End">{project.endDate ? <CalendarDate value={project.endDate} /> : null}</Fact>
        <Fact label="Address">{project.address}</Fact>
      </dl>
      {overview.headline.length || overview.paidToVendors ? (
        <HeadlineFigures
          figures={overview.headline}
          extra={
            overview.paidToVendors ? (
              <ExtraFigure figureKey="paidToVendors" label="Paid to vendors" value={overview.paidToVendors.value} href={overview.paidToVendors.href} note="Payments on the project's vendor invoices" />
            ) : null
          }
        />
      ) : null}
      {billing ? <ProjectBillingFigures projectId={project.id} billing={billing} /> : null}
      {overview.timeline || overview.cash || overview.commitments || overview.changeOrders ? (
        <div className="grid grid-cols-1 gap-8 xl:grid-cols-2">
          {overview.timeline ? (
            <TimelineChart svg={overview.timeline.svg} rows={overview.timeline.rows} links={{ budget: `${base}/budget`, jobCost: `${base}/job-cost`, payApps: `${base}/pay-apps` }} />
          ) : null}
          {overview.cash && overview.paidToVendors ? (
            <CashChart svg={overview.cash.svg} rows={overview.cash.rows} links={{ payApps: `${base}/pay-apps`, payables: overview.paidToVendors.href }} />
          ) : null}
          {overview.commitments ? <CommitmentsChart {...overview.commitments} /> : null}
          {overview.changeOrders ? <ChangeOrdersChart svg={overview.changeOrders.svg} rows={overview.changeOrders.rows} /> : null}
        </div>
      ) : null}
    </section>
  );
}
