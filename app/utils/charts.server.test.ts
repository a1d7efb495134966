import { describe, expect, it } from "vitest";
import { renderChartSvg } from "./charts.server";

describe("renderChartSvg", () => {
  it("renders a bar chart to a standalone SVG with its labels, without a DOM", () => {
    const svg = renderChartSvg(
      {
        xAxis: { type: "category", data: ["Current", "1–30", "31–60"] },
        yAxis: { type: "value" },
        series: [{ type: "bar", data: [1200, 300, 45] }],
      },
      { width: 400, height: 200 },
    );
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('width="400"');
    expect(svg).toContain("31–60");
  });

  it("carries no style attribute (the CSP forbids them): text sizes become presentation attributes", () => {
    const svg = renderChartSvg(
      { title: { text: "Aging" }, xAxis: { type: "category", data: ["a"] }, yAxis: { type: "value" }, series: [{ type: "bar", data: [1] }] },
      { width: 300, height: 150 },
    );
    expect(svg).not.toMatch(/ style="/);
    expect(svg).not.toContain("<style");
    expect(svg).toContain('font-size="18px"');
    expect(svg).toContain('font-weight="bold"');
  });

  it("escapes label text (a project name is data, not markup)", () => {
    const svg = renderChartSvg(
      { xAxis: { type: "category", data: ["<script>x</script>"] }, yAxis: { type: "value" }, series: [{ type: "bar", data: [1] }] },
      { width: 300, height: 150 },
    );
    expect(svg).not.toContain("<script>");
  });
});
