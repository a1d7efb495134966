import { formatDate } from "~/utils/org-format";
import { useOrgFormat } from "~/utils/org-format-context";

export type WaitingSectionData = { key: string; label: string; count: number; items: { title: string; detail: string; href: string; since: string }[] }[];

/**
 * The "waiting on me" queue by module: the /waiting page, and a section the home dashboard renders
 * (its loader calls waitingQueue(tx, { userId, role }, 5) from waiting.server.ts).
 */
export function WaitingOnMeSection({ sections, compact = false }: { sections: WaitingSectionData; compact?: boolean }) {
  const format = useOrgFormat();
  const total = sections.reduce((sum, s) => sum + s.count, 0);
  return (
    <section aria-labelledby="waiting-heading" className="rounded border border-slate-200 bg-white p-4" data-testid="waiting-section">
      <h2 id="waiting-heading" className="text-lg font-semibold">
        {compact ? <a href="/waiting" className="underline">Waiting on me</a> : "By module"} <span className="text-slate-500">({total})</span>
      </h2>
      {total === 0 ? <p className="mt-2 text-sm text-slate-600">Nothing waits on you right now.</p> : null}
      {sections.map((section) => (
        <div key={section.key} className="mt-4">
          <h3 className="font-medium">
            {section.label} <span className="text-slate-500">({section.count})</span>
          </h3>
          <ul className="mt-1 space-y-1 text-sm">
            {section.items.map((item) => (
              <li key={item.href} className="flex flex-wrap justify-between gap-2">
                <a href={item.href} className="underline">{item.title}</a>
                <span className="text-slate-600">
                  {item.detail}
                  {item.since ? ` · since ${formatDate(item.since, format)}` : ""}
                </span>
              </li>
            ))}
          </ul>
          {section.count > section.items.length ? <p className="text-xs text-slate-500">and {section.count - section.items.length} more</p> : null}
        </div>
      ))}
    </section>
  );
}
