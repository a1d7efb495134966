import { Link } from "react-router";
import { ThreeWeekLookahead } from "~/domains/schedule/three-week-lookahead";
import type { FieldSection as Data } from "./field.server";
import { SectionHeading } from "./figure-card";

export function FieldSection({ data }: { data: Data }) {
  return (
    <section aria-labelledby="dashboard-field" className="space-y-3" data-testid="dashboard-field">
      <SectionHeading id="dashboard-field" title="Field">
        <Link to={data.href} className="text-brand-700 hover:underline">
          {data.total === 1 ? "1 active project" : `${data.total} active projects`}
        </Link>
      </SectionHeading>
      <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 xl:grid-cols-4">
        {data.projects.map((p) => (
          <li key={p.href}>
            <Link to={p.href} className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600">
              <span className="block font-medium">{p.project}</span>
              {p.address ? <span className="block text-xs text-slate-500">{p.address}</span> : null}
            </Link>
          </li>
        ))}
      </ul>
      {data.projects.length > 0 ? <ThreeWeekLookahead {...data.lookahead} showProject /> : null}
      <p className="text-sm text-slate-600">Today&apos;s items (daily logs, punch lists, inspections) will appear here with the field module.</p>
    </section>
  );
}
