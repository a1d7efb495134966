import { and, asc, eq, ne, sql } from "drizzle-orm";
import { vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { recordAudit } from "~/utils/audit.server";
import { serverTable } from "~/utils/data-table.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import type { UpdateVendorInput, VendorInput } from "./vendors.schema";
import { vendorsTable } from "./vendors.table";
import { isUuid } from "~/utils/ids";
import { isUniqueViolation } from "~/utils/pg-errors.server";

/** The name is taken (the field to show it on is always `name`). */
export class DuplicateVendor extends Error {
  constructor(name: string) {
    super(`A vendor named ${name} already exists.`);
  }
}

export class StaleVendor extends Error {
  constructor() {
    super("Someone else changed this vendor meanwhile. Reload and try again.");
  }
}


/** vendors has no version column: its last-change time in whole microseconds guards edits instead. */
const stamp = sql<string>`(extract(epoch from ${vendors.updatedAt}) * 1000000)::bigint::text`;

export const vendorsList = serverTable(vendorsTable, {
  from: sql`vendors v`,
  columns: {
    name: sql`v.name`,
    contactName: sql`v.contact_name`,
    email: sql`v.email`,
    phone: sql`v.phone`,
    taxId: sql`v.tax_id`,
    insuranceExpiresOn: sql`v.insurance_expires_on`,
    lienWaiver: sql`case when not v.lien_waiver_required then 'not_required' when v.lien_waiver_received then 'received' else 'missing' end`,
    createdAt: sql`v.created_at`,
  },
  id: sql`v.id`,
  extra: { id: sql`v.id::text`, href: sql`'/vendors/' || v.id::text` },
});

export async function getVendor(tx: Tx, id: string) {
  if (!isUuid(id)) throw new RecordNotFound("vendor");
  const [row] = await tx
    .select({
      id: vendors.id,
      name: vendors.name,
      contactName: vendors.contactName,
      email: vendors.email,
      phone: vendors.phone,
      taxId: vendors.taxId,
      insuranceExpiresOn: vendors.insuranceExpiresOn,
      lienWaiverRequired: vendors.lienWaiverRequired,
      lienWaiverReceived: vendors.lienWaiverReceived,
      stamp,
    })
    .from(vendors)
    .where(eq(vendors.id, id));
  if (!row) throw new RecordNotFound("vendor");
  return row;
}

/** Vendors for other domains' select boxes (commitments, later AP invoices). */
export function listVendorOptions(tx: Tx) {
  return tx.select({ id: vendors.id, name: vendors.name }).from(vendors).orderBy(asc(vendors.name));
}

/** "ACME Inc" and "Acme Inc " are the same vendor: names are compared trimmed and case-insensitively. */
async function assertNameFree(tx: Tx, name: string, exceptId?: string) {
  const sameName = sql`lower(${vendors.name}) = lower(${name})`;
  const [taken] = await tx
    .select({ name: vendors.name })
    .from(vendors)
    .where(exceptId ? and(sameName, ne(vendors.id, exceptId)) : sameName)
    .limit(1);
  if (taken) throw new DuplicateVendor(taken.name);
}

function isDuplicateName(error: unknown) {
  return isUniqueViolation(error, "vendors_org_name_key");
}

export async function createVendor(tx: Tx, input: VendorInput) {
  await assertNameFree(tx, input.name);
  try {
    const [created] = await tx.insert(vendors).values({ organizationId: sql`${currentOrganizationId}`, ...input }).returning();
    await recordAudit(tx, { entityType: "vendor", entityId: created.id, action: "created", after: created });
    return created;
  } catch (error) {
    if (isDuplicateName(error)) throw new DuplicateVendor(input.name);
    throw error;
  }
}

/** Saves the vendor if nobody changed it since `stamp` was read (else StaleVendor). */
export async function updateVendor(tx: Tx, input: UpdateVendorInput) {
  const { id, stamp: readStamp, ...fields } = input;
  const [before] = await tx.select().from(vendors).where(eq(vendors.id, id));
  if (!before) throw new RecordNotFound("vendor");
  await assertNameFree(tx, fields.name, id);
  try {
    const [after] = await tx
      .update(vendors)
      .set({ ...fields, updatedAt: sql`clock_timestamp()` })
      .where(and(eq(vendors.id, id), sql`${stamp} = ${readStamp}`))
      .returning();
    if (!after) throw new StaleVendor();
    await recordAudit(tx, { entityType: "vendor", entityId: id, action: "updated", before, after });
    return after;
  } catch (error) {
    if (isDuplicateName(error)) throw new DuplicateVendor(fields.name);
    throw error;
  }
}
