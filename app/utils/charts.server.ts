import * as echarts from "echarts";

/**
 * Renders an ECharts option to an SVG string on the server (ECharts' zero-dependency SSR
 * renderer: no DOM, no canvas). One rendering serves the page, a digest email and a PDF.
 * Animation is off so the SVG is final the moment it is sent and prints as it looks.
 */
export function renderChartSvg(option: echarts.EChartsOption, size: { width: number; height: number }): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: size.width, height: size.height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: "system-ui, sans-serif" }, ...option });
    return withoutStyleAttributes(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

export type { EChartsOption } from "echarts";

/**
 * An exact amount ("1234.56") as the number ECharts places a mark with. Only for drawing: every
 * chart's exact figures are in the table beside it, and no sum is ever made of these.
 */
export const chartValue = (amount: string): number => Number(amount);

/** SVG presentation attributes a style declaration of ECharts' output may become. */
const PRESENTATION = new Set(["font-size", "font-family", "font-weight", "font-style", "fill", "fill-opacity", "stroke", "stroke-width", "stroke-opacity", "opacity", "dominant-baseline", "text-anchor"]);

/**
 * The pages' Content-Security-Policy (style-src 'self') blocks `style="…"` attributes, so each is
 * rewritten as the equivalent SVG presentation attributes (font-size="12px" …); declarations with
 * no such attribute (position, user-select on the root) only matter to a live chart and are dropped,
 * as are the <style> elements of hover rules.
 */
export function withoutStyleAttributes(svg: string): string {
  // hover rules (<style> with :hover classes) only serve a live chart, and the CSP refuses them too
  return svg.replace(/<style[^>]*>[\s\S]*?<\/style>/g, "").replace(/ style="([^"]*)"/g, (_, declarations: string) =>
    declarations
      .split(";")
      .map((d) => d.split(/:(.*)/s).map((part) => part.trim()))
      .filter(([name, value]) => name && value && PRESENTATION.has(name))
      .map(([name, value]) => ` ${name}="${value.replaceAll('"', "&quot;")}"`)
      .join(""),
  );
}
