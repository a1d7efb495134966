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
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export type { EChartsOption } from "echarts";
