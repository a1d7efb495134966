import type { ReactNode } from "react";

/**
 * A server-rendered chart with its text alternative. The SVG comes from `renderChartSvg` in a
 * loader (it is markup we produced, never user HTML: labels are escaped by ECharts). The SVG is
 * hidden from screen readers; the table or list passed as children says the same in words, and
 * shows under the chart in a <details> so sighted users can read the exact figures too.
 */
export function ChartFigure({ title, svg, children }: { title: string; svg: string; children: ReactNode }) {
  return (
    <figure className="chart-figure space-y-2 break-inside-avoid">
      <figcaption className="text-sm font-semibold text-slate-700">{title}</figcaption>
      <div
        aria-hidden="true"
        className="w-full overflow-hidden [&>svg]:h-auto [&>svg]:max-w-full"
        dangerouslySetInnerHTML={{ __html: svg }}
      />
      <details className="text-sm text-slate-600">
        <summary className="cursor-pointer">Figures as a table</summary>
        {children}
      </details>
    </figure>
  );
}
