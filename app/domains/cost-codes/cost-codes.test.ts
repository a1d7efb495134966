import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTableQuery, type TableRow } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { createCostCodeSchema, updateCostCodeSchema } from "./cost-codes.schema";
import {
  CostCodeRefused,
  costCodesList,
  createCostCode,
  getCostCode,
  listCostCodeOptions,
  listDivisions,
  StaleCatalogRecord,
  updateCostCode,
} from "./cost-codes.server";
import { costCodesTable } from "./cost-codes.table";
import { createCostType, listCostTypeOptions, listCostTypes, updateCostType } from "./cost-types.server";
import { DIVISION_TEMPLATE, seedOrganizationCatalog } from "./template.server";
import type { SqlClient } from "@db/sql-client";

type Account = Awaited<ReturnType<typeof newAccount>>;
let owner: SqlClient;
let acme: Account;
let other: Account;

beforeAll(async () => {
  owner = ownerConnection();
  [acme, other] = [await newAccount("catalog"), await newAccount("rival")];
});
afterAll(() => owner.end());

const as = <T>(account: Account, fn: Parameters<typeof withTenant<T>>[1]) =>
  withTenant({ organizationId: account.organizationId, userId: account.userId }, fn);
const division = async (account: Account, code: string) => (await as(account, listDivisions)).find((d) => d.code === code)!;
const auditOf = (entityId: string) => owner`select action, before, after from audit_events where entity_id = ${entityId} order by occurred_at, id`;

describe("the template of a new organization", () => {
  it("gives a signed-up organization the MasterFormat divisions and the five cost types, once", async () => {
    const divisions = await as(acme, listDivisions);
    expect(divisions.map((d) => [d.code, d.name])).toEqual(DIVISION_TEMPLATE.map(([code, name]) => [code, name]));
    expect(divisions.find((d) => d.code === "03")?.name).toBe("Concrete");
    expect(divisions.find((d) => d.code === "26")?.name).toBe("Electrical");
    expect((await as(acme, listCostTypes)).map((t) => `${t.code} ${t.name}`)).toEqual(["L Labor", "M Material", "S Subcontract", "E Equipment", "O Other"]);
    const [audit] = await owner`select after from audit_events where organization_id = ${acme.organizationId} and action = 'template_applied'`;
    expect(audit.after).toEqual({ divisions: 23, costTypes: 5 });

    expect(await as(acme, seedOrganizationCatalog)).toEqual({ divisions: 0, costTypes: 0 });
    expect(await as(acme, listDivisions)).toHaveLength(23);
  });

  it("is editable: rename and deactivate a division, with the version checked and audited", async () => {
    const concrete = await division(acme, "03");
    const current = await as(acme, (tx) => getCostCode(tx, concrete.id));
    const input = updateCostCodeSchema.parse({ id: concrete.id, name: "Concrete work", active: "false", version: String(current.version) });
    const saved = await as(acme, (tx) => updateCostCode(tx, input));
    expect(saved).toMatchObject({ name: "Concrete work", active: false, version: current.version + 1 });
    await expect(as(acme, (tx) => updateCostCode(tx, { ...input, name: "Lost update" }))).rejects.toThrow(StaleCatalogRecord);
    const audits = await auditOf(concrete.id);
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ action: "updated", before: { name: "Concrete", active: true }, after: { name: "Concrete work", active: false } });
    // Re-applying the template never undoes the organization's edits.
    await as(acme, seedOrganizationCatalog);
    expect((await division(acme, "03")).name).toBe("Concrete work");
    await as(acme, (tx) => updateCostCode(tx, { ...input, name: "Concrete", active: true, version: saved.version }));
  });
});

describe("cost codes", () => {
  it("nests a code one level under a division and audits it", async () => {
    const finishes = await division(acme, "09");
    const created = await as(acme, (tx) => createCostCode(tx, createCostCodeSchema.parse({ code: "09-2900", name: "Gypsum board", parentId: finishes.id })));
    expect(created).toMatchObject({ code: "09-2900", parentId: finishes.id, active: true, version: 1 });
    expect(await auditOf(created.id)).toMatchObject([{ action: "created", after: { code: "09-2900", name: "Gypsum board" } }]);

    const refusal = await as(acme, (tx) => createCostCode(tx, { code: "09-2910", name: "Too deep", parentId: created.id })).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(CostCodeRefused);
    expect(refusal).toMatchObject({ field: "parentId", message: expect.stringMatching(/not a division/) });
  });

  it("adds a new division when no parent is given", async () => {
    const created = await as(acme, (tx) => createCostCode(tx, createCostCodeSchema.parse({ code: "48", name: "Electrical Power Generation" })));
    expect(created.parentId).toBeNull();
    expect((await as(acme, listDivisions)).map((d) => d.code)).toContain("48");
  });

  it("refuses a duplicate code in the same organization with a field error, but not across organizations", async () => {
    const duplicate = await as(acme, (tx) => createCostCode(tx, { code: "09-2900", name: "Again", parentId: undefined })).catch((e: unknown) => e);
    expect(duplicate).toMatchObject({ field: "code", message: "Code 09-2900 is already in use. Codes must be unique." });
    const parentId = (await division(other, "09")).id;
    const rival = await as(other, (tx) => createCostCode(tx, { code: "09-2900", name: "Drywall", parentId }));
    expect(rival.organizationId).toBe(other.organizationId);
  });

  it("turns a race past the pre-check into the same clear refusal via the unique index", async () => {
    const ctx = { organizationId: acme.organizationId, userId: acme.userId };
    const parentId = (await division(acme, "01")).id;
    let release!: () => void;
    const hold = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => (inserted = resolve));
    const first = withTenant(ctx, async (tx) => {
      await createCostCode(tx, { code: "01-9999", name: "First", parentId });
      inserted();
      await hold;
    });
    await firstInserted;
    // The second transaction cannot see the first's row yet, so only the unique index stops it.
    const second = withTenant(ctx, (tx) => createCostCode(tx, { code: "01-9999", name: "Second", parentId })).catch((e: unknown) => e);
    // Wait until the second insert is blocked on the first's uncommitted row in the unique index.
    for (let waited = 0; ; waited++) {
      const [blocked] = await owner`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "cost_codes"%'`;
      if (blocked.n > 0) break;
      if (waited > 2000) throw new Error("the second insert never waited for the first");
      await new Promise((resolve) => setImmediate(resolve));
    }
    release();
    await first;
    expect(await second).toMatchObject({ field: "code", message: expect.stringMatching(/already in use/) });
  });

  it("refuses an inactive division or one the organization cannot see as parent", async () => {
    const masonry = await division(acme, "04");
    await as(acme, (tx) => updateCostCode(tx, { id: masonry.id, name: masonry.name, active: false, version: 1 }));
    await expect(as(acme, (tx) => createCostCode(tx, { code: "04-2000", name: "Unit masonry", parentId: masonry.id }))).rejects.toThrow(/inactive/);
    const foreign = await division(other, "05");
    const refusal = await as(acme, (tx) => createCostCode(tx, { code: "05-1200", name: "Steel", parentId: foreign.id })).catch((e: unknown) => e);
    expect(refusal).toMatchObject({ field: "parentId", message: "Choose a division from the list." });
  });

  it("reads another organization's code, or a malformed id, as not found", async () => {
    const foreign = await division(other, "03");
    await expect(as(acme, (tx) => getCostCode(tx, foreign.id))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => getCostCode(tx, "not-a-uuid"))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => updateCostCode(tx, { id: foreign.id, name: "Hijack", active: true, version: 1 }))).rejects.toThrow(RecordNotFound);
    expect((await division(other, "03")).name).toBe("Concrete");
  });

  it("offers only active codes under active divisions", async () => {
    const options = await as(acme, listCostCodeOptions);
    const codes = options.map((o) => o.code);
    expect(codes).toContain("09-2900");
    expect(codes).not.toContain("04");
    expect(options.find((o) => o.code === "09")).toMatchObject({ isDivision: true, label: "09 Finishes" });
    expect(options.find((o) => o.code === "09-2900")).toMatchObject({ isDivision: false, divisionId: (await division(acme, "09")).id });
  });
});

describe("the cost code list", () => {
  const list = (account: Account, search: string) =>
    as(account, (tx) => queryTable(tx, costCodesList, parseTableQuery(costCodesTable, new URLSearchParams(search))));
  const codes = (rows: TableRow[]) => rows.map((r) => r.code);

  it("sorts by code, filters by level, status and text, and shows each code's division", async () => {
    const all = await list(acme, "size=200");
    expect(codes(all.rows).slice(0, 3)).toEqual(["01", "01-9999", "02"]);
    const page = await list(acme, "f.level=Cost+code&sort=code&dir=desc");
    expect(codes(page.rows)).toEqual(["09-2900", "01-9999"]);
    expect(page.rows[0]).toMatchObject({ division: "09 Finishes", name: "Gypsum board", level: "Cost code", status: "Active" });
    expect(codes((await list(acme, "f.status=Inactive")).rows)).toEqual(["04"]);
    expect(codes((await list(acme, "f.name=gypsum")).rows)).toEqual(["09-2900"]);
    const grouped = await list(acme, "sort=division&dir=asc&f.division=09");
    expect(codes(grouped.rows).sort()).toEqual(["09", "09-2900"]);
  });

  it("shows one organization's catalog only", async () => {
    expect((await list(other, "f.level=Cost+code")).rows).toMatchObject([{ code: "09-2900", name: "Drywall" }]);
    expect((await list(other, "f.name=gypsum")).rows).toHaveLength(0);
    expect((await list(other, "f.division=concrete")).rows).toMatchObject([{ code: "03", name: "Concrete" }]);
  });
});

describe("cost types", () => {
  it("adds, renames and deactivates, with stale edits and duplicate codes refused", async () => {
    const created = await as(acme, (tx) => createCostType(tx, { code: "SUB2", name: "Second-tier subcontract" }));
    expect(created.sortOrder).toBe(6);
    await expect(as(acme, (tx) => createCostType(tx, { code: "L", name: "Labour" }))).rejects.toMatchObject({ field: "code" });

    const labor = (await as(acme, listCostTypes)).find((t) => t.code === "L")!;
    const renamed = await as(acme, (tx) => updateCostType(tx, { id: labor.id, name: "Field labor", active: true, stamp: labor.stamp }));
    expect(renamed.name).toBe("Field labor");
    await expect(as(acme, (tx) => updateCostType(tx, { id: labor.id, name: "Lost", active: true, stamp: labor.stamp }))).rejects.toThrow(StaleCatalogRecord);

    const equipment = (await as(acme, listCostTypes)).find((t) => t.code === "E")!;
    await as(acme, (tx) => updateCostType(tx, { id: equipment.id, name: equipment.name, active: false, stamp: equipment.stamp }));
    expect((await as(acme, listCostTypeOptions)).map((t) => t.code)).toEqual(["L", "M", "S", "O", "SUB2"]);
    expect(await auditOf(labor.id)).toMatchObject([{ action: "updated", before: { name: "Labor" }, after: { name: "Field labor" } }]);
    expect(await auditOf(created.id)).toMatchObject([{ action: "created" }]);

    const foreign = (await as(other, listCostTypes))[0];
    await expect(as(acme, (tx) => updateCostType(tx, { id: foreign.id, name: "Hijack", active: true, stamp: foreign.stamp }))).rejects.toThrow(RecordNotFound);
  });
});
