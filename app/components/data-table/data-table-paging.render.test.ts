import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { defineTable, parseTableQuery, type TableRow } from "~/utils/data-table";
import { freshFlash } from "../flash-message";
import { DataTable, type DataTableProps } from "./data-table";
import { pageRange } from "./pagination";

const definition = defineTable({
  id: "invoices",
  columns: [
    { key: "number", label: "Invoice", type: "text", sortable: true, filter: { kind: "text" }, nowrap: true },
    { key: "vendor", label: "Vendor", type: "text", sortable: true, filter: { kind: "lookup", source: "vendors" } },
    { key: "memo", label: "Memo", type: "text" },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
  ],
  defaultSort: { key: "number", dir: "asc" },
  pageSizes: [25, 50, 100, 200],
  defaultPageSize: 50,
});

const rows: TableRow[] = [{ number: "INV-0001", vendor: "Acme Steel", memo: "long memo text", amount: "1999.99" }];
const vendors = [
  { value: "Acme Steel", label: "Acme Steel" },
  { value: "Bolt & Co", label: "Bolt & Co" },
];

function render(search: string, overrides: Partial<DataTableProps> = {}) {
  const query = parseTableQuery(definition, new URLSearchParams(search));
  const props: DataTableProps = { definition, rows, query, nextCursor: null, hasPrevious: false, pathname: "/payables", ...overrides };
  return renderToString(createElement(DataTable, props)).replace(/<!-- -->/g, "");
}

describe("page range", () => {
  it("reads 'first–last of total' with thousands separators", () => {
    expect(pageRange({ total: 1010, start: 0, previous: null }, 50)).toBe("1–50 of 1,010");
    expect(pageRange({ total: 1010, start: 1000, previous: "X" }, 10)).toBe("1,001–1,010 of 1,010");
    expect(pageRange({ total: 1010, start: null, previous: null }, 50)).toBe("50 of 1,010");
    expect(pageRange({ total: 0, start: 0, previous: null }, 0)).toBe("0 of 0");
  });
});

describe("DataTable pager", () => {
  it("shows the range, previous/first/next links and rows-per-page links that keep the filters", () => {
    const html = render("size=25&f.number=INV&after=CUR", {
      nextCursor: "NEXT",
      hasPrevious: true,
      paging: { total: 1010, start: 50, previous: "PREV" },
    });
    expect(html).toMatch(/data-testid="page-range">51–51 of 1,010</);
    expect(html).toContain('href="/payables?sort=number&amp;dir=asc&amp;size=25&amp;f.number=INV&amp;after=PREV" rel="prev">Previous</a>');
    expect(html).toContain('href="/payables?sort=number&amp;dir=asc&amp;size=25&amp;f.number=INV">First page</a>');
    expect(html).toContain('href="/payables?sort=number&amp;dir=asc&amp;size=25&amp;f.number=INV&amp;after=NEXT" rel="next">Next</a>');
    // the current size is marked, the others are links back to the first page at that size
    expect(html).toMatch(/<span aria-current="true"[^>]*>25<\/span>/);
    for (const size of [50, 100, 200]) expect(html).toContain(`href="/payables?sort=number&amp;dir=asc&amp;size=${size}&amp;f.number=INV"`);
  });

  it("links the second page back to the first page without a cursor", () => {
    const html = render("size=25&after=CUR", { hasPrevious: true, paging: { total: 30, start: 25, previous: null } });
    expect(html).toContain('href="/payables?sort=number&amp;dir=asc&amp;size=25" rel="prev">Previous</a>');
    expect(html).not.toContain("First page");
    expect(html).not.toContain('rel="next"');
  });

  it("takes only the definition's page sizes from the URL", () => {
    for (const size of ["7", "1000000", "-50", "abc", "25.5"]) expect(parseTableQuery(definition, new URLSearchParams(`size=${size}`)).pageSize).toBe(50);
    expect(parseTableQuery(definition, new URLSearchParams("size=200")).pageSize).toBe(200);
  });
});

describe("DataTable filters and layout", () => {
  it("folds the filters behind a Filter toggle, open while a filter is set", () => {
    expect(render("")).toMatch(/<details class="filters-toggle[^"]*"><summary[^>]*>Filter<\/summary>/);
    expect(render("f.number=INV&f.vendor=Acme%20Steel", { filterOptions: { vendor: vendors } })).toMatch(
      /<details class="filters-toggle[^"]*" open=""><summary[^>]*>Filter \(2\)<\/summary>/,
    );
  });

  it("offers a vendor picker of the supplied options only, the chosen one selected", () => {
    const html = render("f.vendor=Bolt%20%26%20Co", { filterOptions: { vendor: vendors } });
    const select = /<select name="f.vendor"[^>]*>(.*?)<\/select>/s.exec(html)?.[1] ?? "";
    expect(select.match(/<option/g)).toHaveLength(3);
    expect(select).toContain('<option value="" >All</option>'.replace(" >", ">"));
    expect(select).toContain('<option value="Bolt &amp; Co" selected="">Bolt &amp; Co</option>');
    expect(select).toContain('<option value="Acme Steel">Acme Steel</option>');
  });

  it("keeps a picked value from a link that is not in the list, and leaves the picker out without options", () => {
    const kept = render("f.vendor=Gone%20Ltd", { filterOptions: { vendor: vendors } });
    expect(kept).toContain('<option value="Gone Ltd" selected="">Gone Ltd</option>');
    expect(render("")).not.toContain('name="f.vendor"');
  });

  it("keeps figures and code columns on one line, lets text wrap, and asks for the full width", () => {
    const html = render("", { totals: { amount: "1999.99" } });
    expect(html).toMatch(/<td data-label="Invoice" class="text-left whitespace-nowrap">INV-0001<\/td>/);
    expect(html).toMatch(/<td data-label="Memo" class="text-left">long memo text<\/td>/);
    expect(html).toMatch(/<td data-label="Amount" class="text-right tabular-nums whitespace-nowrap">\$1,999\.99<\/td>/);
    expect(html).toContain('class="data-table"');
    expect(html).toContain("data-wide-table");
    expect(render("", { wide: false })).not.toContain("data-wide-table");
  });
});

describe("flash messages", () => {
  const flash = { kind: "success" as const, message: "Invoice approved." };
  it("shows a flash at the location it arrived at and not after a later navigation", () => {
    expect(freshFlash({ flash, key: "a" }, flash, "a")).toBe(flash);
    expect(freshFlash({ flash, key: "a" }, flash, "b")).toBeNull();
  });
  it("shows a new message (new loader data) even with the same text", () => {
    const again = { ...flash };
    expect(freshFlash({ flash, key: "a" }, again, "b")).toBe(again);
  });
});
