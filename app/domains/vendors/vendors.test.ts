import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTableQuery } from "~/utils/data-table";
import { queryTable } from "~/utils/data-table.server";
import { withTenant } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ownerConnection } from "../../../tests/support/connections";
import { newAccount } from "../../../tests/support/identity-fixtures";
import { vendorSchema } from "./vendors.schema";
import { createVendor, DuplicateVendor, getVendor, listVendorOptions, StaleVendor, updateVendor, vendorsList } from "./vendors.server";
import { vendorsTable } from "./vendors.table";
import type { SqlClient } from "@db/sql-client";

type Account = Awaited<ReturnType<typeof newAccount>>;
let owner: SqlClient;
let acme: Account;
let other: Account;

beforeAll(async () => {
  owner = ownerConnection();
  [acme, other] = [await newAccount("vendors"), await newAccount("rival")];
});
afterAll(() => owner.end());

const as = <T>(account: Account, fn: Parameters<typeof withTenant<T>>[1]) =>
  withTenant({ organizationId: account.organizationId, userId: account.userId }, fn);
const vendor = (fields: Record<string, string | boolean>) => vendorSchema.parse(fields);

describe("vendor input", () => {
  it("validates the email only when one is given and trims the rest", () => {
    expect(vendorSchema.safeParse({ name: "Acme Concrete", email: "not-an-email" }).success).toBe(false);
    expect(vendor({ name: "  Acme Concrete ", email: " Dana@Acme.example " })).toEqual({
      name: "Acme Concrete",
      contactName: "",
      email: "dana@acme.example",
      phone: "",
      taxId: "",
      insuranceExpiresOn: null,
      lienWaiverRequired: false,
      lienWaiverReceived: false,
    });
    expect(vendorSchema.safeParse({ name: "Acme", phone: "call me" }).success).toBe(false);
  });

  it("takes the compliance flags: an insurance expiry date (or none) and the lien waiver checkboxes", () => {
    expect(vendorSchema.parse({ name: "Acme", insuranceExpiresOn: "2026-06-30", lienWaiverRequired: true })).toMatchObject({
      insuranceExpiresOn: "2026-06-30",
      lienWaiverRequired: true,
      lienWaiverReceived: false,
    });
    expect(vendorSchema.safeParse({ name: "Acme", insuranceExpiresOn: "June" }).success).toBe(false);
  });
});

describe("vendors", () => {
  it("creates a vendor with an audit row and refuses the same name, whatever its case", async () => {
    const created = await as(acme, (tx) => createVendor(tx, vendor({ name: "Rocky Mountain Concrete", contactName: "Dana Ruiz", email: "dana@rmc.example", taxId: "84-1234567" })));
    expect(created).toMatchObject({ name: "Rocky Mountain Concrete", contactName: "Dana Ruiz", taxId: "84-1234567", organizationId: acme.organizationId });
    const [audit] = await owner`select action, after from audit_events where entity_type = 'vendor' and entity_id = ${created.id}`;
    expect(audit).toMatchObject({ action: "created", after: { name: "Rocky Mountain Concrete", email: "dana@rmc.example" } });
    await expect(as(acme, (tx) => createVendor(tx, vendor({ name: "ROCKY MOUNTAIN CONCRETE" })))).rejects.toThrow(
      new DuplicateVendor("Rocky Mountain Concrete"),
    );
    // Names are unique per organization only.
    await as(other, (tx) => createVendor(tx, vendor({ name: "Rocky Mountain Concrete" })));
  });

  it("edits with the last-change stamp: a stale form is refused, a rename onto another vendor too", async () => {
    const created = await as(acme, (tx) => createVendor(tx, vendor({ name: "Front Range Electric" })));
    const read = await as(acme, (tx) => getVendor(tx, created.id));
    const saved = await as(acme, (tx) => updateVendor(tx, { ...read, phone: "303-555-0188" }));
    expect(saved.phone).toBe("303-555-0188");
    await expect(as(acme, (tx) => updateVendor(tx, { ...read, phone: "000" }))).rejects.toThrow(StaleVendor);
    const fresh = await as(acme, (tx) => getVendor(tx, created.id));
    await expect(as(acme, (tx) => updateVendor(tx, { ...fresh, name: "rocky mountain concrete" }))).rejects.toThrow(DuplicateVendor);
    // Changing only the case of its own name is fine.
    expect((await as(acme, (tx) => updateVendor(tx, { ...fresh, name: "FRONT RANGE ELECTRIC" }))).name).toBe("FRONT RANGE ELECTRIC");
    const audits = await owner`select action, before, after from audit_events where entity_id = ${created.id} order by occurred_at, id`;
    expect(audits.map((a) => a.action)).toEqual(["created", "updated", "updated"]);
    expect(audits[1]).toMatchObject({ before: { phone: "" }, after: { phone: "303-555-0188" } });
  });

  it("treats another organization's vendor, or a malformed id, as not found", async () => {
    const foreign = (await as(other, listVendorOptions))[0];
    await expect(as(acme, (tx) => getVendor(tx, foreign.id))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => getVendor(tx, "42"))).rejects.toThrow(RecordNotFound);
    await expect(as(acme, (tx) => updateVendor(tx, { ...vendor({ name: "Hijack" }), id: foreign.id, stamp: "1" }))).rejects.toThrow(RecordNotFound);
  });

  it("lists options by name and only the organization's own", async () => {
    expect((await as(acme, listVendorOptions)).map((v) => v.name)).toEqual(["FRONT RANGE ELECTRIC", "Rocky Mountain Concrete"]);
    expect(await as(other, listVendorOptions)).toHaveLength(1);
  });
});

describe("the vendor list", () => {
  const list = (search: string) => as(acme, (tx) => queryTable(tx, vendorsList, parseTableQuery(vendorsTable, new URLSearchParams(search))));

  it("sorts and filters through the table definition", async () => {
    await as(acme, (tx) => createVendor(tx, vendor({ name: "Alpine Mechanical", contactName: "Priya Nair", email: "priya@alpine.example" })));
    expect((await list("")).rows.map((r) => r.name)).toEqual(["Alpine Mechanical", "FRONT RANGE ELECTRIC", "Rocky Mountain Concrete"]);
    expect((await list("sort=name&dir=desc&size=25")).rows.map((r) => r.name)[0]).toBe("Rocky Mountain Concrete");
    expect((await list("f.contactName=priya")).rows).toMatchObject([{ name: "Alpine Mechanical", email: "priya@alpine.example" }]);
    expect((await list("f.email=rmc.example")).rows.map((r) => r.name)).toEqual(["Rocky Mountain Concrete"]);
    const paged = await list("size=25&sort=name&dir=asc");
    expect(paged.nextCursor).toBeNull();
    expect(paged.totals).toBeNull();
  });

  it("shows the compliance flags and filters on the lien waiver", async () => {
    await as(acme, (tx) => createVendor(tx, vendor({ name: "Waiver Pending Co", insuranceExpiresOn: "2026-01-31", lienWaiverRequired: true })));
    expect((await list("f.lienWaiver=missing")).rows).toMatchObject([{ name: "Waiver Pending Co", insuranceExpiresOn: "2026-01-31", lienWaiver: "missing" }]);
    expect((await list("f.name=alpine")).rows).toMatchObject([{ insuranceExpiresOn: null, lienWaiver: "not_required" }]);
  });
});
