/** What the dashboard charts share: compact axis labels and a frame that scales down to a phone. */

/** Axis labels: 950, 120k, 1.2M (the exact figures are in each chart's table). */
export const compactAxis = (v: number) => (Math.abs(v) >= 1e6 ? `${(v / 1e6).toFixed(1)}M` : Math.abs(v) >= 1000 ? `${Math.round(v / 1000)}k` : String(v));

/** Drawn at 640 × 280 and scaled to the column's width (print included). */
export const CHART_SIZE = { width: 640, height: 280 };

export const CHART_GRID = { left: 64, right: 16, top: 36, bottom: 28 };
