import type { ReactNode } from "react";
import { Money } from "~/components/data-table/cells";

export type MoneyFigureItem = { label: string; value: string; testId: string; note?: ReactNode };

/** A document's key amounts as a row of cards (label, amount and an optional note below it). */
export function MoneyFigures({ items, columns }: { items: MoneyFigureItem[]; columns: string }) {
  return (
    <dl className={`grid gap-3 ${columns}`}>
      {items.map((item) => (
        <div key={item.testId} className="rounded border border-slate-200 bg-white p-4">
          <dt className="text-sm text-slate-500">{item.label}</dt>
          <dd className="mt-1 text-lg font-semibold tabular-nums" data-testid={item.testId}>
            <Money value={item.value} />
          </dd>
          {item.note ? <dd className="text-xs text-slate-500">{item.note}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
