import type { LoaderFunctionArgs, MetaFunction } from "react-router";
import { Link, useLoaderData } from "react-router";
import { loadDashboard } from "~/domains/dashboards/dashboard.server";
import { ExecutiveSection } from "~/domains/dashboards/executive-section";
import { FieldSection } from "~/domains/dashboards/field-section";
import { FinanceSection } from "~/domains/dashboards/finance-section";
import { ProjectManagerSection } from "~/domains/dashboards/project-manager-section";
import { WaitingOnMeSection } from "~/domains/notifications/waiting-section";
import { getIdentity } from "~/utils/auth.server";
import { ROLE_LABELS } from "~/utils/permissions";
import { useCan } from "~/utils/use-viewer";

export const meta: MetaFunction = () => [{ title: "SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const identity = await getIdentity(request);
  if (!identity) return { signedIn: false as const };
  const active = identity.active;
  return {
    signedIn: true as const,
    name: identity.user.name,
    organization: active ? { name: active.name, role: ROLE_LABELS[active.role] } : null,
    // The sections the member's permission keys allow (app/domains/dashboards).
    dashboard: active
      ? await loadDashboard({ organizationId: active.id, userId: identity.user.id }, { name: identity.user.name, role: active.role })
      : null,
  };
}

const cardClass = "block rounded-lg border border-slate-200 bg-white p-4 hover:border-brand-600";

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const links = [
    { to: "/settings/members", label: "Members", text: "Invite your team and set their roles.", show: useCan("members:read") },
    { to: "/settings/organization", label: "Organization", text: "Name, address, logo, retainage, fiscal year.", show: useCan("organization:read") },
    { to: "/audit", label: "Audit log", text: "Who changed what, when; exportable to Excel.", show: useCan("audit:read") },
    { to: "/status", label: "Status", text: "Database, migrations and worker health.", show: useCan("platform:status") },
  ];
  if (!data.signedIn)
    return (
      <section className="max-w-3xl">
        <h1 className="text-2xl font-semibold">Construction finance, in one place</h1>
        <p className="mt-3 text-slate-600">
          Budgets, commitments, change orders, pay applications and payables for general contractors, with every
          organization&apos;s data kept apart by the database itself.
        </p>
        <p className="mt-6 flex gap-3">
          <Link to="/login" className="rounded bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
            Sign in
          </Link>
          <Link to="/signup" className="rounded border border-slate-300 px-4 py-2 text-sm font-medium">
            Create an account
          </Link>
        </p>
      </section>
    );
  const dashboard = data.dashboard;
  const adminLinks = links.filter((l) => l.show);
  return (
    <section className="space-y-8">
      <header>
        <h1 className="text-2xl font-semibold">Hello, {data.name}</h1>
        {data.organization ? (
          <p className="mt-2 text-slate-600" data-testid="home-organization">
            {data.organization.name} · {data.organization.role}
          </p>
        ) : (
          <p className="mt-2 text-slate-600">You are not a member of any organization. Ask an owner or admin to invite you.</p>
        )}
      </header>
      {dashboard && dashboard.waiting.length > 0 ? <WaitingOnMeSection sections={dashboard.waiting} compact /> : null}
      {dashboard?.finance ? <FinanceSection data={dashboard.finance} /> : null}
      {dashboard?.projectManager ? <ProjectManagerSection data={dashboard.projectManager} /> : null}
      {dashboard?.executive ? <ExecutiveSection data={dashboard.executive} /> : null}
      {dashboard?.field ? <FieldSection data={dashboard.field} /> : null}
      {adminLinks.length > 0 ? (
        <nav aria-label="Administration" className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4">
          {adminLinks.map((l) => (
            <Link key={l.to} to={l.to} className={cardClass}>
              <span className="font-medium">{l.label}</span>
              <span className="mt-1 block text-sm text-slate-600">{l.text}</span>
            </Link>
          ))}
        </nav>
      ) : null}
    </section>
  );
}
