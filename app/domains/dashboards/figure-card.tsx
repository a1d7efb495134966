import type { ReactNode } from "react";
import { Link } from "react-router";
import { Money } from "~/components/data-table/cells";

/** A dashboard figure: the whole card is the link to the filtered table that sums to it. */
export function FigureCard({ label, value, href, note, count }: { label: string; value: string; href: string; note?: string; count?: number }) {
  return (
    <Link
      to={href}
      className="block rounded-lg border border-slate-200 bg-white p-3 hover:border-brand-600 focus-visible:outline-2 focus-visible:outline-brand-600"
      data-figure={label}
    >
      <span className="block text-sm text-slate-600">{label}</span>
      <span className="mt-1 block text-lg font-semibold tabular-nums sm:text-xl sm:whitespace-nowrap" data-figure-value>
        {count !== undefined ? <span className="mr-2 text-slate-500">{count} ·</span> : null}
        <Money value={value} />
      </span>
      {note ? <span className="mt-1 block text-xs text-slate-500">{note}</span> : null}
    </Link>
  );
}

export function FigureGrid({ children }: { children: ReactNode }) {
  return <div className="grid grid-cols-2 gap-2 sm:gap-3 xl:grid-cols-3">{children}</div>;
}

export function SectionHeading({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  return (
    <header className="flex flex-wrap items-baseline justify-between gap-2">
      <h2 id={id} className="text-lg font-semibold">
        {title}
      </h2>
      {children ? <div className="text-sm text-slate-600">{children}</div> : null}
    </header>
  );
}

/** A linked figure inside a table cell. */
export function MoneyLink({ value, href }: { value: string; href: string }) {
  return (
    <Link to={href} className="whitespace-nowrap text-brand-700 tabular-nums hover:underline">
      <Money value={value} />
    </Link>
  );
}

export const tableClass =
  "w-full min-w-max text-sm [&_td]:px-2 [&_td]:py-1.5 [&_th]:px-2 [&_th]:py-1.5 [&_th]:text-left [&_th]:font-medium [&_th]:text-slate-600";
