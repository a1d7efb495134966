import { Money } from "~/components/data-table/cells";
import { billingFigures } from "./project-billing.labels";
import type { ProjectBilling } from "./project-billing.server";

/**
 * A project's owner billing at a glance (project overview and job cost report): billed to date,
 * received, retainage held and AR outstanding, from its certified pay applications.
 */
export function ProjectBillingFigures({ projectId, billing }: { projectId: string; billing: ProjectBilling }) {
  const href = `/projects/${projectId}/pay-apps`;
  const latest = billing.latestApplication;
  const figures = billingFigures(billing);
  return (
    <div data-testid="project-billing">
      <h2 className="text-lg font-semibold">Owner billing</h2>
      <p className="mb-3 text-sm text-slate-600">
        {latest ? (
          <>
            Through <a href={`/pay-apps/${latest.id}`} className="text-brand-700 hover:underline">application #{latest.number}</a> (period ending {latest.periodEnd}).
          </>
        ) : (
          "No certified pay application yet."
        )}
      </p>
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {figures.map((f) => (
          <div key={f.label} className="rounded border border-slate-200 bg-white p-4">
            <dt className="text-sm">
              <a href={href} className="text-slate-600 hover:text-brand-700 hover:underline">{f.label}</a>
            </dt>
            <dd className="mt-1 text-xl font-semibold tabular-nums">
              <Money value={f.value} />
            </dd>
            <dd className="mt-1 text-xs text-slate-500">{f.note}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
