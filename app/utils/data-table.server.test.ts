import Decimal from "decimal.js";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerConnection } from "../../tests/support/connections";
import { defineTable, parseTableQuery, type TableQuery, type TableRow } from "./data-table";
import { encodeCursor, queryTable, serverTable, tableBatches } from "./data-table.server";
import { withSystem, withTenant } from "./db.server";

type Fixture = { id: string; name: string | null; kind: string | null; amount: string | null; happenedAt: string | null; dueOn: string | null };

const definition = defineTable({
  id: "scratch",
  columns: [
    { key: "name", label: "Name", type: "text", sortable: true, filter: { kind: "text" }, linkKey: "href" },
    { key: "kind", label: "Kind", type: "status", sortable: true, filter: { kind: "select", options: ["a", "b", "c"].map((v) => ({ value: v, label: v })) } },
    { key: "amount", label: "Amount", type: "money", sortable: true, total: true },
    { key: "happenedAt", label: "Happened", type: "datetime", sortable: true, filter: { kind: "dateRange" } },
    { key: "dueOn", label: "Due", type: "date", sortable: true, filter: { kind: "dateRange" } },
  ],
  defaultSort: { key: "happenedAt", dir: "desc" },
  pageSizes: [7, 25, 1000],
  defaultPageSize: 25,
});

const table = serverTable(definition, {
  from: sql`dt_scratch s`,
  where: sql`s.kind is distinct from 'hidden'`,
  columns: { name: sql`s.name`, kind: sql`s.kind`, amount: sql`s.amount`, happenedAt: sql`s.happened_at`, dueOn: sql`s.due_on` },
  id: sql`s.id`,
  extra: { href: sql`'/scratch/' || s.id` },
});

const owner = ownerConnection();
const names = ["alpha", "Beta", "gamma", "100% done", "under_score", "a_b", "ab", "x%y", "O'Brien; drop table dt_scratch;--"];
const fixtures: Fixture[] = [];
let hidden = 0;

const pick = <T,>(i: number, values: T[]) => values[i % values.length];
const uuid = (i: number) => `00000000-0000-4000-8000-${String((i * 7919) % 1_000_003).padStart(12, "0")}`;

beforeAll(async () => {
  await owner`create table dt_scratch(id uuid primary key, name text, kind text, amount numeric(14,2), happened_at timestamptz, due_on date)`;
  await owner`grant select on dt_scratch to secg_app`;
  for (let i = 0; i < 320; i++) {
    const f: Fixture = {
      id: uuid(i),
      name: i % 13 === 0 ? null : pick(i, names),
      kind: i % 11 === 0 ? null : i % 53 === 0 ? "hidden" : pick(i, ["a", "b", "c"]),
      amount: i % 17 === 0 ? null : new Decimal(pick(i, [1999.99, -45.1, 0, 12.34, 99999999.99, -0.01, 7])).toFixed(2),
      // duplicates, and values that differ only in microseconds
      happenedAt: i % 19 === 0 ? null : `2024-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, "0")}T23:59:59.${String(999990 + (i % 4)).padStart(6, "0")}Z`,
      dueOn: i % 23 === 0 ? null : `2024-03-${String(1 + (i % 31)).padStart(2, "0")}`,
    };
    if (f.kind === "hidden") hidden++;
    fixtures.push(f);
  }
  for (const f of fixtures)
    await owner`insert into dt_scratch values (${f.id}, ${f.name}, ${f.kind}, ${f.amount}, ${f.happenedAt}, ${f.dueOn})`;
});

afterAll(async () => {
  await owner`drop table if exists dt_scratch`;
  await owner.end();
});

const visible = () => fixtures.filter((f) => f.kind !== "hidden");
const query = (search = "") => parseTableQuery(definition, new URLSearchParams(search));

async function walk(q: TableQuery): Promise<TableRow[]> {
  const rows: TableRow[] = [];
  let after: string | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const page = await withSystem((tx) => queryTable(tx, table, { ...q, after }));
    expect(page.hasPrevious).toBe(after !== null);
    rows.push(...page.rows);
    if (!page.nextCursor) return rows;
    expect(page.rows).toHaveLength(q.pageSize);
    after = page.nextCursor;
  }
  throw new Error("pagination did not end");
}

const idOf = (row: TableRow) => String(row.href).replace("/scratch/", "");
const sortKeyOf: Record<string, (f: Fixture) => string | Decimal | null> = {
  kind: (f) => f.kind,
  amount: (f) => (f.amount === null ? null : new Decimal(f.amount)),
  happenedAt: (f) => f.happenedAt,
  dueOn: (f) => f.dueOn,
};

function reference(key: string, dir: "asc" | "desc"): string[] {
  const sign = dir === "asc" ? 1 : -1;
  const cmp = (a: string | Decimal, b: string | Decimal) => (a instanceof Decimal ? a.cmp(b) : a < b ? -1 : a > b ? 1 : 0);
  return visible()
    .slice()
    .sort((x, y) => {
      const [a, b] = [sortKeyOf[key](x), sortKeyOf[key](y)];
      if (a === null || b === null) return a === b ? sign * cmp(x.id, y.id) : a === null ? 1 : -1; // nulls last
      return sign * cmp(a, b) || sign * cmp(x.id, y.id);
    })
    .map((f) => f.id);
}

describe("queryTable keyset pagination", () => {
  for (const key of ["kind", "amount", "happenedAt", "dueOn"])
    for (const dir of ["asc", "desc"] as const)
      it(`walks every row exactly once sorted by ${key} ${dir}`, async () => {
        const rows = await walk({ ...query(`sort=${key}&dir=${dir}&size=7`) });
        expect(rows.map(idOf)).toEqual(reference(key, dir));
      });

  for (const dir of ["asc", "desc"] as const)
    it(`walks text with the database's collation (name ${dir})`, async () => {
      const expected = await owner.unsafe(`select id::text from dt_scratch where kind is distinct from 'hidden'
        order by name ${dir} nulls last, id ${dir}`);
      const rows = await walk(query(`sort=name&dir=${dir}&size=25`));
      expect(rows.map(idOf)).toEqual(expected.map((r) => r.id));
    });

  it("returns display values: decimal strings, ISO dates, UTC timestamps, link fields", async () => {
    const page = await withSystem((tx) => queryTable(tx, table, query("sort=amount&dir=desc&size=7")));
    const top = page.rows[0];
    expect(top.amount).toBe("99999999.99");
    expect(top.href).toMatch(/^\/scratch\/[0-9a-f-]{36}$/);
    const row = page.rows.find((r) => r.happenedAt !== null && r.dueOn !== null)!;
    expect(row.happenedAt).toMatch(/^\d{4}-\d{2}-\d{2}T23:59:59\.999Z$/);
    expect(row.dueOn).toMatch(/^2024-03-\d{2}$/);
  });
});

describe("queryTable paging: count, position and the previous page", () => {
  for (const [key, dir] of [["amount", "asc"], ["amount", "desc"], ["name", "desc"], ["happenedAt", "desc"]] as const)
    it(`counts, numbers and walks back every page sorted by ${key} ${dir} (nulls included)`, async () => {
      const q = query(`sort=${key}&dir=${dir}&size=7`);
      const forward: { after: string | null; ids: string[]; start: number | null }[] = [];
      let after: string | null = null;
      do {
        const page = await withSystem((tx) => queryTable(tx, table, { ...q, after }));
        expect(page.paging?.total).toBe(visible().length);
        forward.push({ after, ids: page.rows.map(idOf), start: page.paging!.start });
        // the previous page's cursor leads back to exactly the page before
        if (forward.length > 1) {
          const back = await withSystem((tx) => queryTable(tx, table, { ...q, after: page.paging!.previous }));
          expect(back.rows.map(idOf)).toEqual(forward.at(-2)!.ids);
          expect(back.paging!.start).toBe(forward.at(-2)!.start);
          expect(back.hasPrevious).toBe(forward.length > 2);
        } else expect(page.paging?.previous).toBeNull();
        after = page.nextCursor;
      } while (after);
      expect(forward.map((p) => p.start)).toEqual(forward.map((_, i) => i * 7));
      expect(forward.flatMap((p) => p.ids)).toHaveLength(visible().length);
    });

  it("counts only the filtered rows, and a cursor without a position leaves the start unknown", async () => {
    const q = query("f.kind=a&size=7");
    const first = await withSystem((tx) => queryTable(tx, table, q));
    expect(first.paging).toEqual({ total: visible().filter((f) => f.kind === "a").length, start: 0, previous: null });
    const [key, dir, value, id] = JSON.parse(Buffer.from(first.nextCursor!, "base64url").toString()) as [string, string, string, string, number];
    const bare = encodeCursor({ key, dir, value, id });
    const second = await withSystem((tx) => queryTable(tx, table, { ...q, after: bare }));
    expect(second.paging?.start).toBeNull();
    expect(second.rows).toHaveLength(7);
    // a forged position only mislabels the page: past the end it is dropped
    const forged = encodeCursor({ key, dir, value, id, position: 999_999 });
    const third = await withSystem((tx) => queryTable(tx, table, { ...q, after: forged }));
    expect(third.paging?.start).toBeNull();
    expect(third.rows.map(idOf)).toEqual(second.rows.map(idOf));
  });
});

describe("queryTable filters and totals", () => {
  const contains = (f: Fixture, v: string) => f.name !== null && f.name.toLowerCase().includes(v.toLowerCase());
  const cases: [string, (f: Fixture) => boolean][] = [
    ["f.name=%25", (f) => contains(f, "%")],
    ["f.name=_", (f) => contains(f, "_")],
    ["f.name=A_B", (f) => contains(f, "a_b")],
    ["f.name=BETA", (f) => contains(f, "beta")],
    ["f.kind=b", (f) => f.kind === "b"],
    ["f.dueOn.from=2024-03-10&f.dueOn.to=2024-03-12", (f) => f.dueOn !== null && f.dueOn >= "2024-03-10" && f.dueOn <= "2024-03-12"],
    ["f.happenedAt.to=2024-01-05", (f) => f.happenedAt !== null && f.happenedAt.slice(0, 10) <= "2024-01-05"],
    ["f.happenedAt.from=2024-01-27&f.kind=a", (f) => f.happenedAt !== null && f.happenedAt.slice(0, 10) >= "2024-01-27" && f.kind === "a"],
  ];

  for (const [search, matches] of cases)
    it(`matches the reference for ${search}, with exact decimal totals`, async () => {
      const expected = visible().filter(matches);
      expect(expected.length).toBeGreaterThan(0);
      const q = query(`${search}&size=1000`);
      const page = await withSystem((tx) => queryTable(tx, table, q));
      expect(page.rows.map(idOf).sort()).toEqual(expected.map((f) => f.id).sort());
      const sum = expected.reduce((acc, f) => (f.amount === null ? acc : acc.plus(f.amount)), new Decimal(0));
      expect(new Decimal(page.totals!.amount).equals(sum)).toBe(true);
    });

  it("displays and filters datetimes by UTC day whatever the session time zone", async () => {
    const q = query("f.happenedAt.to=2024-01-05&sort=happenedAt&dir=asc&size=1000");
    const utc = await withSystem((tx) => queryTable(tx, table, q));
    const auckland = await withSystem(async (tx) => {
      await tx.execute(sql`set local timezone = 'Pacific/Auckland'`);
      return queryTable(tx, table, q);
    });
    expect(auckland).toEqual(utc);
  });

  it("filters datetimes by the organization's calendar day inside its tenant", async () => {
    const [org] = await owner`insert into organizations (name, slug, time_zone) values ('Zone Co', ${`zone-${Date.now()}`}, 'Asia/Tokyo') returning id`;
    const page = await withTenant({ organizationId: org.id as string }, (tx) => queryTable(tx, table, query("f.happenedAt.from=2024-01-05&f.happenedAt.to=2024-01-05&size=1000")));
    // 5 January in Tokyo runs from 4 January 15:00 UTC to 5 January 15:00 UTC
    const expected = visible().filter((f) => f.happenedAt !== null && f.happenedAt >= "2024-01-04T15:00" && f.happenedAt < "2024-01-05T15:00");
    expect(expected.map((f) => f.happenedAt!.slice(0, 10))).toContain("2024-01-04");
    expect(page.rows.map(idOf).sort()).toEqual(expected.map((f) => f.id).sort());
  });

  it("totals the whole filtered set, not just the page", async () => {
    const page = await withSystem((tx) => queryTable(tx, table, query("size=7")));
    const sum = visible().reduce((acc, f) => (f.amount === null ? acc : acc.plus(f.amount)), new Decimal(0));
    expect(page.rows).toHaveLength(7);
    expect(page.totals).toEqual({ amount: sum.toFixed(2) });
    expect(visible().length).toBe(fixtures.length - hidden);
  });

  it("treats SQL injection in filters as data", async () => {
    const attacks = ["'; drop table dt_scratch;--", "' or '1'='1", "a%' or 1=1 --"];
    for (const attack of attacks) {
      const q = query(`f.name=${encodeURIComponent(attack)}&size=1000`);
      const page = await withSystem((tx) => queryTable(tx, table, q));
      expect(page.rows.map(idOf).sort()).toEqual(visible().filter((f) => contains(f, attack)).map((f) => f.id).sort());
    }
    const forged = { ...query(), filters: { kind: "a' or 'x'='x" } };
    expect((await withSystem((tx) => queryTable(tx, table, forged))).rows).toEqual([]);
    const [{ n }] = await owner`select count(*)::int as n from dt_scratch`;
    expect(n).toBe(fixtures.length);
  });

  it("returns zero totals for an empty result", async () => {
    const page = await withSystem((tx) => queryTable(tx, table, query("f.name=nothing-matches")));
    expect(page).toEqual({ rows: [], nextCursor: null, hasPrevious: false, totals: { amount: "0" }, paging: { total: 0, start: 0, previous: null } });
  });
});

describe("labelled totals rows", () => {
  const labelled = defineTable({ ...definition, id: "scratch-labelled", totalRows: [{ key: "a", label: "Kind a" }, { key: "rest", label: "Every other kind" }] });
  const split = serverTable(labelled, { ...table.source, totalRows: { a: sql`s.kind = 'a'`, rest: sql`s.kind is distinct from 'a'` } });
  const sumOf = (keep: (f: Fixture) => boolean) => visible().filter(keep).reduce((acc, f) => (f.amount === null ? acc : acc.plus(f.amount)), new Decimal(0)).toFixed(2);

  it("sum each row's own part of the filtered set, in place of the one Total row; an empty part reads 0.00", async () => {
    const all = await withSystem((tx) => queryTable(tx, split, query("size=7")));
    expect(all.totals).toBeNull();
    expect(all.totalRows).toEqual([
      { label: "Kind a", values: { amount: sumOf((f) => f.kind === "a") } },
      { label: "Every other kind", values: { amount: sumOf((f) => f.kind !== "a") } },
    ]);
    const onlyB = await withSystem((tx) => queryTable(tx, split, query("f.kind=b")));
    expect(onlyB.totalRows).toEqual([
      { label: "Kind a", values: { amount: "0.00" } },
      { label: "Every other kind", values: { amount: sumOf((f) => f.kind === "b") } },
    ]);
  });

  it("need a condition for every row", () => {
    expect(() => serverTable(labelled, table.source)).toThrow(/no condition for totals row a, rest/);
  });
});

describe("queryTable with hostile input", () => {
  const firstPage = () => withSystem((tx) => queryTable(tx, table, query("sort=amount&dir=asc&size=7")));

  it.each([
    ["garbage", "!!!not-base64"],
    ["valid base64, not JSON", Buffer.from("hello").toString("base64url")],
    ["another sort's cursor", encodeCursor({ key: "name", dir: "asc", value: "alpha", id: uuid(1) })],
    ["value that is not a number", encodeCursor({ key: "amount", dir: "asc", value: "12abc", id: uuid(1) })],
    ["id that is not a uuid", encodeCursor({ key: "amount", dir: "asc", value: "12.34", id: "1 or 1=1" })],
  ])("falls back to the first page for a %s cursor", async (_, after) => {
    const page = await withSystem((tx) => queryTable(tx, table, { ...query("sort=amount&dir=asc&size=7"), after }));
    expect(page.hasPrevious).toBe(false);
    expect(page.rows).toEqual((await firstPage()).rows);
  });

  it("uses the default sort and page size for keys the definition does not know", async () => {
    const forged: TableQuery = { sort: { key: "id; drop table dt_scratch", dir: "asc" }, filters: { nope: "x" }, after: null, pageSize: 3 };
    const page = await withSystem((tx) => queryTable(tx, table, forged));
    expect(page.rows.map(idOf)).toEqual(reference("happenedAt", "desc").slice(0, 25));
  });
});

describe("tableBatches", () => {
  it("yields every filtered row in sort order, one transaction per batch", async () => {
    let transactions = 0;
    const run = <T,>(fn: Parameters<typeof withSystem<T>>[0]) => {
      transactions++;
      return withSystem(fn);
    };
    const q = { ...query("sort=amount&dir=desc&f.kind=a&size=7"), after: "ignored" };
    const batches: TableRow[][] = [];
    for await (const batch of tableBatches(run, table, q, 10)) batches.push(batch);
    const expected = reference("amount", "desc").filter((id) => fixtures.find((f) => f.id === id)!.kind === "a");
    expect(batches.flat().map(idOf)).toEqual(expected);
    expect(batches.every((b) => b.length <= 10)).toBe(true);
    expect(transactions).toBe(Math.ceil(expected.length / 10));
  });
});
