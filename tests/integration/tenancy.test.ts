import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RUNTIME_ROLES } from "@db/roles";
import { DEMO_ORGANIZATIONS, seedDemo } from "@db/seed/demo";
import { appConnection, ownerConnection } from "../support/connections";
import { catalogViolations, roleViolations, tenantMatrix, tenantTables } from "../support/tenancy-harness";
import type { SqlClient } from "@db/sql-client";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { withTenant } from "~/utils/db.server";

const [orgA, orgB] = DEMO_ORGANIZATIONS.map((o) => o.id);
let owner: SqlClient;
let app: SqlClient;

beforeAll(async () => {
  owner = ownerConnection();
  app = appConnection(1);
  await seedDemo();
  // budget_figure_dirty_keys holds rows only between a write and the next read of the figures,
  // and only for a project whose figures were computed (else the whole project is marked): compute
  // one project of A's, then edit one of its budget lines and leave it unread.
  const [line] = await owner<{ id: string; projectId: string }>`
    select id, project_id as "projectId" from budget_lines where organization_id = ${orgA} order by id limit 1`;
  await withTenant({ organizationId: orgA }, (tx) => refreshFigures(tx, line.projectId));
  await app.begin(async (tx) => {
    await tx`select set_config('app.organization_id', ${orgA}, true)`;
    await tx`update budget_lines set description = description || ' (revised)' where id = ${line.id}`;
  });
});
afterAll(async () => {
  await app.end();
  await owner.end();
});

describe("the database catalog", () => {
  it("runtime roles are not superuser, have NOBYPASSRLS, no DDL rights and own nothing", async () => {
    expect(await roleViolations(owner, RUNTIME_ROLES)).toEqual([]);
  });

  it("every tenant table forces RLS with a complete tenant policy; views, definer functions, keys are safe", async () => {
    expect(await catalogViolations(owner, "public")).toEqual([]);
    expect(await catalogViolations(owner, "app_private")).toEqual([]);
  });
});

describe("the two-tenant matrix over every tenant table", async () => {
  const probe = ownerConnection();
  const tables = await tenantTables(probe, "public");
  await probe.end();

  it("covers the month-end close tables (the demo seed closes two months)", () => {
    expect(tables).toEqual(expect.arrayContaining(["wip_closes", "wip_close_rows"]));
    expect(tables).toEqual(expect.arrayContaining(["checklist_templates", "checklist_template_versions", "checklist_sections", "checklist_items", "inspections", "inspection_answers", "ncrs"]));
  });
  it("covers the photos table (the demo seed adds project photos)", () => expect(tables).toContain("photos"));
  it("covers the daily log tables (the demo seed writes a month of logs)", () => expect(tables).toEqual(expect.arrayContaining(["daily_logs", "daily_log_manpower", "daily_log_work", "daily_log_equipment", "daily_log_deliveries", "daily_log_visitors", "daily_log_delays", "daily_log_safety", "daily_log_addenda"])));

  it("covers the punch list tables (the demo seed adds punch items, their history and observations)", () => expect(tables).toEqual(expect.arrayContaining(["punch_items", "punch_item_events", "observations"])));
  it("covers the schedule (the demo seed chains milestones)", () => expect(tables).toEqual(expect.arrayContaining(["project_milestones", "milestone_predecessors"])));

  it("covers the project teams (the demo seed staffs every active project)", () => expect(tables).toContain("project_team_members"));

  for (const table of tables) {
    it(`${table}: B cannot read, change, delete or insert A's rows; no tenant → no rows; pooled reuse is clean`, async () => {
      expect(await tenantMatrix({ ownerSql: owner, appSql: app, schema: "public", table, orgA, orgB })).toEqual([]);
    });
  }

  it("organizations (the tenant root): each tenant sees only itself, none with no tenant set", async () => {
    const visible = await app.begin(async (tx) => {
      await tx`select set_config('app.organization_id', ${orgB}, true)`;
      return tx`select id from organizations`;
    });
    expect(visible.map((r) => r.id)).toEqual([orgB]);
    const [none] = await app`select count(*)::int as n from organizations`;
    expect(none.n).toBe(0);
    const renamed = await app.begin(async (tx) => {
      await tx`select set_config('app.organization_id', ${orgB}, true)`;
      return tx`update organizations set name = 'taken' where id = ${orgA}`;
    });
    expect(renamed.count).toBe(0);
  });
});

describe("the harness itself can fail", () => {
  const schema = `scratch_${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    await owner.unsafe(`
      create schema ${schema};
      grant usage on schema ${schema} to secg_app;
      create table ${schema}.people (id uuid primary key);
      create table ${schema}.good (id uuid primary key default gen_random_uuid(), organization_id uuid not null, label text,
        person_id uuid references ${schema}.people (id));
      alter table ${schema}.good enable row level security;
      alter table ${schema}.good force row level security;
      create policy tenant on ${schema}.good for all
        using (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid)
        with check (organization_id = nullif(current_setting('app.organization_id', true), '')::uuid);
      create table ${schema}.unforced (id uuid primary key default gen_random_uuid(), organization_id uuid not null, code text,
        good_id uuid references ${schema}.good (id));
      alter table ${schema}.unforced enable row level security;
      create policy anything on ${schema}.unforced for all using (true) with check (true);
      create unique index unforced_code on ${schema}.unforced (code);
      create view ${schema}.leaky as select * from ${schema}.good;
      create function ${schema}.definer() returns int language sql security definer as 'select 1';
      grant select, insert, update, delete on all tables in schema ${schema} to secg_app;
    `);
    for (const table of ["good", "unforced"])
      await owner.unsafe(
        `insert into ${schema}.${table} (organization_id) values ('${orgA}'), ('${orgA}'), ('${orgB}')`,
      );
  });
  afterAll(async () => {
    await owner.unsafe(`drop schema ${schema} cascade`);
  });

  it("reports a table without forced RLS, a permissive catch-all policy, an unsafe view, function, index and cross-tenant reference", async () => {
    const violations = await catalogViolations(owner, schema);
    expect(violations).toEqual(
      expect.arrayContaining([
        `${schema}.unforced: row level security is not forced`,
        `${schema}.unforced: no FOR ALL policy with USING and WITH CHECK on app.organization_id`,
        `${schema}.unforced: permissive policy anything does not restrict by app.organization_id`,
        `${schema}.unforced: unique index unforced_code does not include organization_id`,
        `${schema}.unforced: foreign key unforced_good_id_fkey does not include organization_id`,
        `${schema}.leaky: view is not security_invoker`,
        `${schema}.definer(): SECURITY DEFINER function without a pinned search_path`,
      ]),
    );
    expect(violations.filter((v) => v.startsWith(`${schema}.good:`))).toEqual([]);
  });

  it("the matrix passes a correct table and reports every leak of a bad one", async () => {
    expect(await tenantMatrix({ ownerSql: owner, appSql: app, schema, table: "good", orgA, orgB })).toEqual([]);
    const leaks = await tenantMatrix({ ownerSql: owner, appSql: app, schema, table: "unforced", orgA, orgB });
    expect(leaks).toEqual(
      expect.arrayContaining([
        `${schema}.unforced: B sees 2 of A's rows`,
        `${schema}.unforced: B updated 2 of A's rows`,
        `${schema}.unforced: B deleted 2 of A's rows`,
        `${schema}.unforced: B inserted a row for A`,
        `${schema}.unforced: B moved 1 rows into A`,
        `${schema}.unforced: with no tenant set, 3 rows are visible`,
        `${schema}.unforced: right after A's transaction on the same connection, 3 rows are visible`,
      ]),
    );
  });

  it("reports a runtime role that became privileged", async () => {
    const role = `scratch_role_${randomUUID().slice(0, 8)}`;
    await owner.unsafe(`create role ${role} login bypassrls; create table ${schema}.owned (id int); alter table ${schema}.owned owner to ${role}`);
    try {
      expect(await roleViolations(owner, [role])).toEqual([`${role}: has BYPASSRLS`, `${role}: owns ${schema}.owned`]);
    } finally {
      await owner.unsafe(`drop table ${schema}.owned; drop role ${role}`);
    }
  });
});
