import Decimal from "decimal.js";
import { Link } from "react-router";
import { DateTime, Money, StatusBadge } from "~/components/data-table/cells";
import { APPROVAL_DOCUMENT_LABELS } from "~/domains/approvals/approvals.schema";
import { ThreeWeekLookahead } from "~/domains/schedule/three-week-lookahead";
import { FigureCard, MoneyLink, SectionHeading, tableClass } from "./figure-card";
import type { ProjectManagerSection as Data } from "./project-manager.server";

const pct = (value: string | null) => (value === null ? "—" : `${value}%`);

/** Spent well ahead of complete (more than 10 points) is worth a look. */
const spentAhead = (spent: string | null, complete: string | null) => spent !== null && complete !== null && new Decimal(spent).minus(complete).greaterThan(10);

export function ProjectManagerSection({ data }: { data: Data }) {
  return (
    <section aria-labelledby="dashboard-pm" className="space-y-4" data-testid="dashboard-pm">
      <SectionHeading id="dashboard-pm" title="My projects">
        <Link to={data.myProjectsHref} className="text-brand-700 hover:underline">
          All projects I manage, closed ones too
        </Link>
      </SectionHeading>
      {data.projects.length === 0 ? (
        <p className="text-sm text-slate-600">You are not the project manager of an open project. A project&apos;s manager is set on its edit page.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className={tableClass}>
            <thead>
              <tr>
                <th scope="col">Project</th>
                <th scope="col" className="text-right">
                  Revised budget
                </th>
                <th scope="col" className="text-right">
                  Projected over/(under)
                </th>
                <th scope="col" className="text-right">
                  % spent
                </th>
                <th scope="col" className="text-right">
                  % complete
                </th>
                <th scope="col" className="text-right">
                  Open COs · owner / subs
                </th>
                <th scope="col" className="text-right">
                  Commitments pending
                </th>
                <th scope="col">Next pay app</th>
              </tr>
            </thead>
            <tbody>
              {data.projects.map((p) => (
                <tr key={p.projectId} className="border-t border-slate-100" data-project={p.project}>
                  <th scope="row" className="font-normal">
                    <Link to={p.href} className="text-brand-700 hover:underline">
                      {p.project}
                    </Link>
                  </th>
                  <td className="text-right">
                    <MoneyLink value={p.revised} href={p.budgetHref} />
                  </td>
                  <td className="text-right">
                    <MoneyLink value={p.overUnder} href={p.budgetHref} />
                  </td>
                  <td className={`text-right tabular-nums ${spentAhead(p.percentSpent, p.percentComplete) ? "font-semibold text-red-700" : ""}`}>
                    <Link to={p.budgetHref} className="hover:underline">
                      {pct(p.percentSpent)}
                    </Link>
                  </td>
                  <td className="text-right tabular-nums">
                    <Link to={p.percentCompleteHref} className="hover:underline">
                      {pct(p.percentComplete)}
                    </Link>
                  </td>
                  <td className="text-right whitespace-nowrap tabular-nums">
                    <Link to={p.changeOrdersHref} className="text-brand-700 hover:underline">
                      {p.openCos} · <Money value={p.coOwner} /> / <Money value={p.coSubs} />
                    </Link>
                  </td>
                  <td className="text-right whitespace-nowrap tabular-nums">
                    <Link to={p.commitmentsHref} className="text-brand-700 hover:underline">
                      {p.pendingCommitments} · <Money value={p.pendingCommitmentValue} />
                    </Link>
                  </td>
                  <td className="whitespace-nowrap">
                    {p.nextPayApp ? (
                      <Link to={p.nextPayApp.href} className="text-brand-700 hover:underline">
                        #{p.nextPayApp.number} <StatusBadge value={p.nextPayApp.status} />
                      </Link>
                    ) : (
                      <Link to={p.payAppsHref} className="text-slate-600 hover:underline">
                        None open
                      </Link>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data.projects.length > 0 ? <ThreeWeekLookahead {...data.lookahead} showProject /> : null}
      <div className="grid grid-cols-1 gap-4 lg:grid-cols-3">
        <FigureCard
          label="Approvals waiting for me"
          value={data.waiting.amount}
          count={data.waiting.count}
          href={data.waiting.href}
          note="Requests whose current step is mine"
        />
        <div className="rounded-lg border border-slate-200 bg-white p-3 lg:col-span-2">
          <h3 className="text-sm font-semibold text-slate-700">What I submitted</h3>
          {data.submissions.length === 0 ? (
            <p className="mt-1 text-sm text-slate-600">Nothing submitted for approval yet.</p>
          ) : (
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {data.submissions.map((s) => (
                <li key={s.id} className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-1 py-1.5">
                  <Link to={s.href} className="min-w-0 text-brand-700 hover:underline">
                    {APPROVAL_DOCUMENT_LABELS[s.documentType as keyof typeof APPROVAL_DOCUMENT_LABELS] ?? s.documentType}: {s.document}
                  </Link>
                  <span className="flex flex-wrap items-baseline gap-x-2 gap-y-1 text-slate-600">
                    <MoneyLink value={s.amount} href={s.href} />
                    <StatusBadge value={s.status} />
                    {s.step ? <span className="text-xs">{s.step}</span> : null}
                    <span className="text-xs">
                      <DateTime value={s.submittedAt} />
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
