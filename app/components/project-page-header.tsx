import { Link } from "react-router";
import type { ReactNode } from "react";

/**
 * The header of a page inside a project: a link back to the project, the title, a line of
 * explanation and, for those allowed, the page's main action (e.g. "New commitment").
 */
export function ProjectPageHeader(props: {
  project: { id: string; jobNumber: string; name: string };
  title: ReactNode;
  description: ReactNode;
  action?: { href: string; label: string } | null;
}) {
  const { project, title, description, action } = props;
  return (
    <header className="flex flex-wrap items-end justify-between gap-4">
      <div>
        <Link to={`/projects/${project.id}`} className="text-sm text-brand-700 hover:underline">
          ← {project.jobNumber} {project.name}
        </Link>
        <h1 className="mt-1 text-2xl font-semibold">{title}</h1>
        <p className="mt-1 text-sm text-slate-600">{description}</p>
      </div>
      {action ? (
        <Link to={action.href} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          {action.label}
        </Link>
      ) : null}
    </header>
  );
}
