/**
 * The global search against real PostgreSQL: the term index follows writes (statement triggers),
 * ranking puts an exact number before a description that mentions it, amounts match to the cent,
 * another organization's identical records never appear, each kind shows only to members whose
 * permission keys allow it, and the candidate statement enters search_terms by its key as the
 * app role under RLS.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { financeOrganization, type FinanceOrganization, type TestMember } from "~/domains/approvals/test-fixtures";
import { queryRows, withTenant } from "~/utils/db.server";
import { ownerConnection } from "../../../tests/support/connections";
import { callRoute, signIn } from "../../../tests/support/route-requests";
import { loader } from "./routes/search";
import { RESULT_KINDS, visibleKinds, type ResultKind } from "./search-kinds";
import { highlight, searchAmount } from "./search-query";
import { ResultGroup } from "./search-results";
import { candidatesStatement, searchRecords, type SearchGroup } from "./search.server";
import type { SqlClient } from "@db/sql-client";

let owner: SqlClient;
let org: FinanceOrganization;
let rival: FinanceOrganization;
let field: TestMember;
let viewer: TestMember;

const search = (o: FinanceOrganization, query: string, kinds: ResultKind[] = [...RESULT_KINDS]) =>
  withTenant({ organizationId: o.organizationId, userId: o.owner.userId }, (tx) => searchRecords(tx, o.organizationId, query, kinds));
const group = (groups: SearchGroup[], kind: ResultKind) => groups.find((g) => g.kind === kind)?.hits ?? [];

/** A commitment on the organization's project with lines of `amounts`. */
async function commitment(o: FinanceOrganization, number: string, title: string, amounts: string[] = []) {
  const [vendor] = await owner`select id from vendors where organization_id = ${o.organizationId} limit 1`;
  const [row] = await owner`insert into commitments (organization_id, project_id, vendor_id, number, type, title)
    values (${o.organizationId}, ${o.projectId}, ${vendor.id}, ${number}, 'subcontract', ${title}) returning id`;
  for (const [i, amount] of amounts.entries())
    await owner`insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, amount)
      values (${o.organizationId}, ${row.id}, ${i + 1}, ${o.costCodeId}, ${o.costTypeId}, ${amount})`;
  return row.id as string;
}

beforeAll(async () => {
  owner = ownerConnection();
  org = await financeOrganization(owner, "search");
  rival = await financeOrganization(owner, "search-rival");
  field = await org.addMember("field", { onTeam: false });
  viewer = await org.addMember("viewer");
});
afterAll(() => owner.end());

describe("the search text", () => {
  it("reads amounts to the cent, with or without grouping and cents", () => {
    expect(searchAmount("12,500")).toBe("12500.00");
    expect(searchAmount("12500.00")).toBe("12500.00");
    expect(searchAmount("$1,234.5")).toBe("1234.50");
    expect(searchAmount("SC-001")).toBeNull();
    expect(searchAmount("1.234")).toBeNull();
  });

  it("marks the query in the text, case-insensitively, and keeps the rest as text", () => {
    expect(highlight("Concrete package", "conc")).toEqual([
      { text: "Conc", mark: true },
      { text: "rete package", mark: false },
    ]);
    expect(highlight("Pump for the concrete pour", "concrete pump")).toEqual([
      { text: "Pump", mark: true },
      { text: " for the ", mark: false },
      { text: "concrete", mark: true },
      { text: " pour", mark: false },
    ]);
    expect(highlight("Drywall", "steel")).toEqual([{ text: "Drywall", mark: false }]);
  });

  it("renders record text escaped, only the match inside <mark>", () => {
    const hit = {
      kind: "vendor" as const,
      id: "00000000-0000-4000-8000-000000000000",
      number: "",
      title: '<img src=x onerror="alert(1)"> Bold & Co',
      detail: "",
      context: "",
      amount: null,
      numberMatch: false,
      amountMatch: false,
      textMatch: true,
      rank: 0,
      similarity: 1,
    };
    const html = renderToStaticMarkup(createElement(ResultGroup, { group: { kind: "vendor", hits: [hit], more: false }, query: "bold" }));
    expect(html).toContain("<span>&lt;img src=x onerror=&quot;alert(1)&quot;&gt; </span><mark>Bold</mark><span> &amp; Co</span>");
    expect(html).not.toContain("<img");
    expect(html).toContain(`href="/vendors/${hit.id}"`);
  });
});

describe("searching an organization's records", () => {
  it("finds a commitment by its number, title and a typo of its title; the exact number ranks first", async () => {
    const exact = await commitment(org, "ZX-4410", "Curtain wall package");
    const mention = await commitment(org, "SC-0450", "Backcharges for ZX-4410 scope");
    const byNumber = group(await search(org, "ZX-4410"), "commitment");
    expect(byNumber.map((h) => h.id).slice(0, 2)).toEqual([exact, mention]);
    expect(byNumber[0]).toMatchObject({ numberMatch: true, number: "ZX-4410" });
    expect(byNumber[1].numberMatch).toBe(false);

    expect(group(await search(org, "curtain wall"), "commitment").map((h) => h.id)).toEqual([exact]);
    expect(group(await search(org, "curtian wall"), "commitment").map((h) => h.id)).toEqual([exact]);
  });

  it("matches amounts exactly: a commitment's total, which follows its lines", async () => {
    const id = await commitment(org, "PO-7781", "Rebar supply", ["10000.00", "2500.00"]);
    for (const query of ["12,500", "12500.00", "$12,500.00"]) {
      const hits = group(await search(org, query), "commitment");
      expect(hits.map((h) => h.id)).toContain(id);
      expect(hits.find((h) => h.id === id)).toMatchObject({ amountMatch: true, amount: "12500.00" });
    }
    expect(group(await search(org, "12,500.01"), "commitment").map((h) => h.id)).not.toContain(id);
    // The sum follows its lines: a third line makes it 12,750.
    await owner`insert into commitment_lines (organization_id, commitment_id, line_number, cost_code_id, cost_type_id, amount)
      values (${org.organizationId}, ${id}, 3, ${org.costCodeId}, ${org.costTypeId}, '250.00')`;
    expect(group(await search(org, "12,500"), "commitment").map((h) => h.id)).not.toContain(id);
    expect(group(await search(org, "12,750"), "commitment").map((h) => h.id)).toContain(id);
  });

  it("follows edits and deletes of the records", async () => {
    const id = await commitment(org, "SC-9001", "Glazing");
    await owner`update commitments set title = 'Storefront glazing' where id = ${id}`;
    expect(group(await search(org, "storefront"), "commitment").map((h) => h.id)).toEqual([id]);
    await owner`delete from commitments where id = ${id}`;
    expect(group(await search(org, "storefront"), "commitment")).toEqual([]);
    const [{ n }] = await owner`select count(*)::int as n from search_terms where record_id = ${id}`;
    expect(n).toBe(0);
  });

  it("keeps the index equal to what the documents say", async () => {
    const drift = await owner`
      (select organization_id, kind, id, t.term from search_documents d
        cross join lateral app_private.search_terms_of(d.number, d.title, d.detail, d.amounts) t(term)
        where organization_id = ${org.organizationId}
       except select organization_id, kind, record_id, term from search_terms where organization_id = ${org.organizationId})
      union all
      (select organization_id, kind, record_id, term from search_terms where organization_id = ${org.organizationId}
       except select organization_id, kind, id, t.term from search_documents d
        cross join lateral app_private.search_terms_of(d.number, d.title, d.detail, d.amounts) t(term)
        where organization_id = ${org.organizationId})`;
    expect(drift).toEqual([]);
  });

  it("never shows another organization's records, even with identical numbers and names", async () => {
    const mine = await commitment(org, "TW-1200", "Twin tower framing");
    const theirs = await commitment(rival, "TW-1200", "Twin tower framing");
    const hits = (await search(org, "TW-1200")).flatMap((g) => g.hits);
    expect(hits.map((h) => h.id)).toContain(mine);
    expect(hits.map((h) => h.id)).not.toContain(theirs);
    const theirsSeen = (await search(rival, "twin tower framing")).flatMap((g) => g.hits).map((h) => h.id);
    expect(theirsSeen).toContain(theirs);
    expect(theirsSeen).not.toContain(mine);
    // Asking with the rival's organization id inside our tenant's transaction finds nothing (RLS).
    const crossed = await withTenant({ organizationId: org.organizationId, userId: org.owner.userId }, (tx) =>
      searchRecords(tx, rival.organizationId, "twin tower framing", [...RESULT_KINDS]),
    );
    expect(crossed).toEqual([]);
  });
});

describe("who sees what", () => {
  it("each kind needs its permission keys (and projects:read for project records)", () => {
    expect(visibleKinds("owner")).toEqual([...RESULT_KINDS]);
    expect(visibleKinds("field")).toEqual(["project", "cost_code"]);
    expect(visibleKinds("viewer")).not.toContain("person");
    expect(visibleKinds("project_manager")).toEqual(expect.arrayContaining(["ap_invoice", "commitment", "vendor"]));
  });

  it("the page gives field staff no vendors or vendor invoices, viewers no people, the owner all", async () => {
    const label = "search"; // the fixture's vendor is "search Concrete Co", its project "search tower"
    const page = async (member: { email: string }, q: string) => {
      const user = await signIn(member.email, { organizationId: org.organizationId });
      const answer = await callRoute(loader, user.get(`/search?q=${encodeURIComponent(q)}`));
      expect(answer.status).toBe(200);
      return (answer.data as { groups: SearchGroup[] }).groups.map((g) => g.kind);
    };
    expect(await page(org.owner, `${label} concrete`)).toEqual(expect.arrayContaining(["vendor", "commitment"]));
    const fieldKinds = await page(field, `${label} concrete`);
    for (const kind of ["vendor", "commitment", "ap_invoice", "person"]) expect(fieldKinds).not.toContain(kind);
    // a field member finds the projects of their team only
    expect(await page(field, `${label} tower`)).not.toContain("project");
    await owner`insert into project_team_members (organization_id, project_id, user_id, role) values (${org.organizationId}, ${org.projectId}, ${field.userId}, 'foreman')`;
    expect(await page(field, `${label} tower`)).toContain("project");
    const fieldName = await owner`select name from users where id = ${field.userId}`;
    expect(await page(org.owner, fieldName[0].name)).toContain("person");
    expect(await page(viewer, fieldName[0].name)).not.toContain("person");
  });

  it("an over-long query is a 400 with a message, not an error", async () => {
    const user = await signIn(org.owner.email, { organizationId: org.organizationId });
    const answer = await callRoute(loader, user.get(`/search?q=${"x".repeat(101)}`));
    expect(answer.status).toBe(400);
    expect((answer.data as { message: string }).message).toMatch(/at most 100/);
  });
});

describe("the plan as the app role", () => {
  it("enters search_terms by (organization, term) under RLS with a few thousand records", { timeout: 90_000 }, async () => {
    await owner`insert into vendors (organization_id, name, contact_name)
      select ${org.organizationId}, 'Plan vendor ' || g || ' ' || md5(g::text), 'Contact ' || g from generate_series(1, 2000) g`;
    await owner`analyze search_terms`;
    const plan = await withTenant({ organizationId: org.organizationId, userId: org.owner.userId }, async (tx) => {
      const rows = await queryRows<{ "QUERY PLAN": string }>(tx, sql`explain ${candidatesStatement(org.organizationId, "plan vendor 1999", ["vendor", "project"])}`);
      return rows.map((r) => r["QUERY PLAN"]).join("\n");
    });
    expect(plan).toMatch(/Index (Only )?Scan using search_terms_pkey on search_terms/);
    expect(plan).toMatch(/Index Cond: \(\(organization_id = '[0-9a-f-]+'::uuid\) AND \(term = ANY/);
    const hits = group(await search(org, "plan vendor 1999", ["vendor"]), "vendor");
    expect(hits[0].title).toMatch(/^Plan vendor 1999 /);
  });
});
