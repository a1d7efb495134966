import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { defineTable, parseTableQuery, type TableRow } from "~/utils/data-table";
import { OrgFormatContext } from "~/utils/org-format-context";
import { DataTable, type DataTableProps } from "./data-table";

const definition = defineTable({
  id: "payments",
  columns: [
    { key: "payee", label: "Payee", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "status", label: "Status", type: "status", filter: { kind: "select", options: [{ value: "paid", label: "Paid in full" }] } },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
    { key: "paidOn", label: "Paid on", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "createdAt", label: "Created", type: "datetime" },
    { key: "share", label: "Share", type: "percent" },
  ],
  defaultSort: { key: "paidOn", dir: "desc" },
  pageSizes: [25, 50],
  defaultPageSize: 25,
});

const rows: TableRow[] = [
  { payee: "Acme <script>alert(1)</script>", status: "paid", share: "12.5", amount: "1999.99", paidOn: "2024-03-01", createdAt: "2024-05-06T07:08:09.123Z", href: "/payments/1" },
  { payee: "Evil", status: "needs_review", amount: "-45.10", paidOn: null, createdAt: null, href: "javascript:alert(1)" },
];

function render(overrides: Partial<DataTableProps> = {}) {
  const query = parseTableQuery(definition, new URLSearchParams("sort=amount&dir=asc&f.payee=ac&f.paidOn.from=2024-01-01"));
  return renderToString(
    createElement(DataTable, {
      definition,
      rows,
      query,
      nextCursor: "NEXT",
      hasPrevious: true,
      totals: { amount: "-12345.60" },
      pathname: "/payments",
      exportHref: "/payments/export.xlsx?sort=amount",
      caption: "Payments",
      ...overrides,
    }),
  ).replace(/<!-- -->/g, "");
}

// ICU versions differ in the space before "AM" (U+202F or U+0020)
const plainSpaces = (text: string) => text.replace(/[\u202f\u00a0]/g, " ");

describe("DataTable", () => {
  const html = render();

  it("renders an accessible table with sort links", () => {
    expect(html).toContain('data-testid="data-table"');
    expect(html).toMatch(/<caption[^>]*>Payments<\/caption>/);
    expect(html.match(/scope="col"/g)).toHaveLength(6);
    expect(html).toMatch(/<th[^>]*aria-sort="ascending"[^>]*><a href="\/payments\?sort=amount&amp;dir=desc&amp;size=25&amp;f.payee=ac&amp;f.paidOn.from=2024-01-01"/);
    expect(html).toContain('href="/payments?sort=payee&amp;dir=asc&amp;size=25&amp;f.payee=ac&amp;f.paidOn.from=2024-01-01"');
    expect(html).toMatch(/<th scope="col" class="[^"]*">Status<\/th>/);
  });

  it("formats cells from their string values", () => {
    expect(html).toContain("$1,999.99");
    expect(html).toMatch(/<span class="text-red-700">\(\$45\.10\)<\/span>/);
    expect(html).toContain('<time dateTime="2024-03-01">Mar 1, 2024</time>');
    expect(plainSpaces(html)).toContain('<time dateTime="2024-05-06T07:08:09.123Z">May 6, 2024, 7:08 AM UTC</time>');
    expect(html).toContain("Needs review");
    // a key with a select option shows that option's label; a percent shows its sign
    expect(html).toContain(">Paid in full</span>");
    expect(html).toContain(">12.50%<");
    expect(html).toMatch(/text-right tabular-nums/);
  });

  it("escapes text and only links safe hrefs", () => {
    expect(html).not.toContain("<script>");
    expect(html).toContain('<a href="/payments/1"');
    expect(html).not.toContain("javascript:");
  });

  it("has a GET filter form that keeps the sort, a totals row, pagination and export", () => {
    expect(html).toMatch(/<form method="get" action="\/payments"/);
    expect(html).toContain('<input type="hidden" name="sort" value="amount"/>');
    expect(html).toContain('<input type="hidden" name="dir" value="asc"/>');
    expect(html).toMatch(/name="f.payee"[^>]*value="ac"/);
    expect(html).toMatch(/name="f.paidOn.from"[^>]*value="2024-01-01"/);
    expect(html).toContain('<input type="hidden" name="size" value="25"/>');
    expect(html).toContain('<a href="/payments?sort=amount&amp;dir=asc&amp;size=25" class="py-1.5 text-sm text-brand-700 hover:underline">Clear</a>');
    expect(html).toMatch(/<tfoot[^>]*>.*Total.*\(\$12,345\.60\).*<\/tfoot>/s);
    expect(html).toContain('href="/payments?sort=amount&amp;dir=asc&amp;size=25&amp;f.payee=ac&amp;f.paidOn.from=2024-01-01">First page</a>');
    expect(html).toContain("after=NEXT");
    expect(html).toContain('href="/payments/export.xlsx?sort=amount"');
  });

  it("shows labelled totals rows instead of the Total row, each label spanning the columns before the first total", () => {
    const labelled = render({
      totalRows: [
        { label: "Paid to subcontractors, excluding void", values: { amount: "1999.99" } },
        { label: "Paid to suppliers, excluding void", values: { amount: "-45.10" } },
      ],
    });
    const footer = /<tfoot[^>]*>(.*)<\/tfoot>/s.exec(labelled)?.[1] ?? "";
    expect(footer.match(/<tr>/g)).toHaveLength(2);
    expect(footer).toMatch(/<th scope="row" colSpan="2"[^>]*>Paid to subcontractors, excluding void<\/th><td[^>]*>\$1,999\.99<\/td><td><\/td><td><\/td><td><\/td><\/tr>/i);
    expect(footer).toMatch(/<th scope="row" colSpan="2"[^>]*>Paid to suppliers, excluding void<\/th><td[^>]*><span class="text-red-700">\(\$45\.10\)<\/span><\/td>/i);
    expect(footer).not.toContain(">Total<");
    expect(footer).not.toContain("12,345.60");
  });

  it("shows the empty message and no pagination when there is nothing", () => {
    const empty = render({ rows: [], nextCursor: null, hasPrevious: false, totals: null, emptyMessage: "No payments yet." });
    expect(empty).toContain("No payments yet.");
    expect(empty).not.toContain("<tfoot");
    expect(empty).not.toContain("Next</a>");
  });
});

describe("DataTable in an organization's format", () => {
  it("writes dates in its locale and times in its zone", () => {
    const query = parseTableQuery(definition, new URLSearchParams());
    const table = createElement(DataTable, { definition, rows, query, pathname: "/payments", nextCursor: null, hasPrevious: false });
    const html = renderToString(createElement(OrgFormatContext.Provider, { value: { locale: "en-GB", timeZone: "America/New_York" } }, table));
    expect(html).toContain('<time dateTime="2024-03-01">1 Mar 2024</time>');
    expect(plainSpaces(html)).toContain("6 May 2024, 03:08 GMT-4</time>");
  });
});
