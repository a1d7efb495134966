import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { memberships, organizations } from "@db/schema";
import { seedOrganizationCatalog } from "~/domains/cost-codes/template.server";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";

const slugify = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40) || "organization";

/**
 * A new tenant with its first owner. Run inside withTenant for the new id (RLS checks the insert
 * against it). Slugs are globally unique but tenants cannot see each other's, hence the suffix.
 */
export async function createOrganization(tx: Tx, input: { id: string; name: string; ownerUserId: string }) {
  const slug = `${slugify(input.name)}-${randomBytes(3).toString("hex")}`;
  const [organization] = await tx
    .insert(organizations)
    .values({ id: input.id, name: input.name, slug })
    .returning({ id: organizations.id, name: organizations.name, slug: organizations.slug });
  const [membership] = await tx
    .insert(memberships)
    .values({ organizationId: input.id, userId: input.ownerUserId, role: "owner" })
    .returning();
  await recordAudit(tx, { entityType: "organization", entityId: input.id, action: "created", after: organization });
  await recordAudit(tx, { entityType: "membership", entityId: membership.id, action: "created", after: membership });
  await seedOrganizationCatalog(tx);
  return organization;
}

const settingsColumns = {
  id: organizations.id,
  name: organizations.name,
  address: organizations.address,
  defaultRetainageRate: organizations.defaultRetainageRate,
  fiscalYearStartMonth: organizations.fiscalYearStartMonth,
  timeZone: organizations.timeZone,
  locale: organizations.locale,
  currency: organizations.currency,
  hasLogo: sql<boolean>`${organizations.logo} is not null`,
  logoContentType: organizations.logoContentType,
  version: organizations.version,
  updatedAt: organizations.updatedAt,
};

/** The current tenant's settings (RLS shows only its own row). */
export async function getOrganizationSettings(tx: Tx) {
  const [row] = await tx.select(settingsColumns).from(organizations);
  if (!row) throw new Error("no organization in this transaction's tenant");
  return row;
}

export type OrganizationSettings = Awaited<ReturnType<typeof getOrganizationSettings>>;
