import { describe, expect, it } from "vitest";
import { defineTable, nextSort, parseTableQuery, tableHref, type TableQuery } from "./data-table";

const invoices = defineTable({
  id: "invoices",
  columns: [
    { key: "number", label: "Number", type: "text", sortable: true, filter: { kind: "text" } },
    {
      key: "status",
      label: "Status",
      type: "status",
      filter: { kind: "select", options: [{ value: "open", label: "Open" }, { value: "paid", label: "Paid" }] },
    },
    { key: "issuedOn", label: "Issued", type: "date", sortable: true, filter: { kind: "dateRange" } },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
  ],
  defaultSort: { key: "issuedOn", dir: "desc" },
  pageSizes: [25, 50, 100],
  defaultPageSize: 50,
});

const parse = (search: string) => parseTableQuery(invoices, new URL(`http://x/invoices?${search}`));

describe("parseTableQuery", () => {
  it("gives the definition's defaults for an empty URL", () => {
    expect(parse("")).toEqual({ sort: { key: "issuedOn", dir: "desc" }, filters: {}, after: null, pageSize: 50 });
  });

  it("reads sort, size, cursor and every kind of filter", () => {
    const q = parse("sort=amount&dir=asc&size=100&after=abc_-1&f.number=INV%2010&f.status=paid&f.issuedOn.from=2024-01-01&f.issuedOn.to=2024-02-29");
    expect(q).toEqual({
      sort: { key: "amount", dir: "asc" },
      filters: { number: "INV 10", status: "paid", issuedOnFrom: "2024-01-01", issuedOnTo: "2024-02-29" },
      after: "abc_-1",
      pageSize: 100,
    });
  });

  it("accepts URLSearchParams too", () => {
    expect(parseTableQuery(invoices, new URLSearchParams("size=25")).pageSize).toBe(25);
  });

  it.each([
    ["unknown sort key", "sort=password&dir=asc", { sort: { key: "issuedOn", dir: "desc" } }],
    ["unsortable column", "sort=status", { sort: { key: "issuedOn", dir: "desc" } }],
    ["bad direction", "sort=amount&dir=sideways", { sort: { key: "amount", dir: "asc" } }],
    ["size not offered", "size=1000000", { pageSize: 50 }],
    ["size not a number", "size=abc", { pageSize: 50 }],
    ["cursor with odd characters", "after=a'%20or%201=1", { after: null }],
    ["empty cursor", "after=", { after: null }],
    ["impossible date", "f.issuedOn.from=2024-02-30&f.issuedOn.to=2024-13-01", { filters: {} }],
    ["not a date", "f.issuedOn.from=yesterday", { filters: {} }],
    ["select value not offered", "f.status=void", { filters: {} }],
    ["blank text filter", "f.number=%20%20", { filters: {} }],
    ["filter on an unfiltered column", "f.amount=5", { filters: {} }],
  ])("falls back on %s", (_, search, expected) => {
    expect(() => parse(search)).not.toThrow();
    expect(parse(search)).toMatchObject(expected);
  });

  it("keeps SQL-looking text as plain data and trims it", () => {
    expect(parse("f.number=%20'%3B%20drop%20table%20x%3B--%20").filters).toEqual({ number: "'; drop table x;--" });
  });
});

describe("defineTable", () => {
  it("rejects definitions that cannot work", () => {
    const base = { id: "t", pageSizes: [10], defaultPageSize: 10, defaultSort: { key: "a", dir: "asc" as const } };
    expect(() => defineTable({ ...base, columns: [{ key: "b", label: "B", type: "text" }] })).toThrow(/default sort/);
    expect(() => defineTable({ ...base, columns: [{ key: "a b", label: "A", type: "text" }] })).toThrow(/identifier/);
    expect(() => defineTable({ ...base, defaultPageSize: 20, columns: [{ key: "a", label: "A", type: "text" }] })).toThrow(/page size/);
    expect(() =>
      defineTable({ ...base, columns: [{ key: "a", label: "A", type: "text" }, { key: "sentTo", label: "S", type: "text", filter: { kind: "text" } }] }),
    ).toThrow(/From\/To/);
    const money = { ...base, columns: [{ key: "a", label: "A", type: "text" as const }, { key: "amount", label: "Amount", type: "money" as const, total: true }] };
    expect(() => defineTable({ ...money, totalRows: [{ key: "x", label: "X", columns: ["a"] }] })).toThrow(/"a" is not a total column/);
    expect(() => defineTable({ ...money, totalRows: [{ key: "x", label: "X" }, { key: "x", label: "Y" }] })).toThrow(/duplicate totals row keys/);
    expect(defineTable({ ...money, totalRows: [{ key: "x", label: "X", columns: ["amount"] }] }).totalRows).toHaveLength(1);
  });
});

describe("tableHref", () => {
  const query: TableQuery = {
    sort: { key: "amount", dir: "asc" },
    filters: { number: "a&b", issuedOnFrom: "2024-01-01", issuedOnTo: "2024-01-31" },
    after: "CURSOR",
    pageSize: 25,
  };
  const roundTrip = (href: string) => parseTableQuery(invoices, new URL(href, "http://x"));

  it("round-trips a query through the URL", () => {
    const href = tableHref("/invoices", query);
    expect(href.startsWith("/invoices?")).toBe(true);
    expect(roundTrip(href)).toEqual(query);
  });

  it("resets the cursor when sort, filters or page size change", () => {
    expect(roundTrip(tableHref("/invoices", query, { sort: { key: "number", dir: "desc" } }))).toEqual({
      ...query,
      sort: { key: "number", dir: "desc" },
      after: null,
    });
    expect(roundTrip(tableHref("/invoices", query, { filters: { status: "open" } }))).toEqual({ ...query, filters: { status: "open" }, after: null });
    expect(roundTrip(tableHref("/invoices", query, { pageSize: 100 })).after).toBeNull();
  });

  it("moves the cursor for pagination and keeps everything else", () => {
    expect(roundTrip(tableHref("/invoices", query, { after: "NEXT" }))).toEqual({ ...query, after: "NEXT" });
    expect(tableHref("/invoices", query, { after: null })).not.toContain("after=");
  });

  it("encodes filter values", () => {
    expect(tableHref("/invoices", query)).toContain("f.number=a%26b");
    expect(tableHref("/invoices", query)).toContain("f.issuedOn.from=2024-01-01");
  });
});

describe("nextSort", () => {
  const query = parse("sort=amount&dir=desc");
  it("flips the current column and starts others in their natural direction", () => {
    expect(nextSort(query, invoices.columns[3])).toEqual({ key: "amount", dir: "asc" });
    expect(nextSort(query, invoices.columns[0])).toEqual({ key: "number", dir: "asc" });
    expect(nextSort(query, invoices.columns[2])).toEqual({ key: "issuedOn", dir: "desc" });
  });
});
