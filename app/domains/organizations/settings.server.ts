import { eq, sql } from "drizzle-orm";
import type { z } from "zod";
import { organizations } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { percentToRate } from "~/utils/money";
import { getOrganizationSettings } from "./organizations.server";
import type { organizationSettingsSchema } from "./organizations.schema";

export class StaleSettings extends Error {}

export const LOGO_MAX_BYTES = 512 * 1024;

/** Whether payments to vendors without compliance (expired insurance, missing required lien waiver) are refused. */
export async function paymentsBlockedWithoutCompliance(tx: Tx) {
  const [row] = await tx.select({ block: organizations.blockPaymentsWithoutCompliance }).from(organizations);
  return row?.block ?? false;
}

/** Whether photos keep their GPS position (organizations.keep_photo_gps). */
export async function photoGpsKept(tx: Tx) {
  const [row] = await tx.select({ keep: organizations.keepPhotoGps }).from(organizations);
  return row?.keep ?? false;
}

const auditedSettings = async (tx: Tx) => ({
  ...(await getOrganizationSettings(tx)),
  blockPaymentsWithoutCompliance: await paymentsBlockedWithoutCompliance(tx),
  keepPhotoGps: await photoGpsKept(tx),
});

type SettingsInput = Omit<z.output<typeof organizationSettingsSchema>, "blockPaymentsWithoutCompliance" | "keepPhotoGps"> & { blockPaymentsWithoutCompliance?: boolean; keepPhotoGps?: boolean };

/** Saves the settings if nobody saved since `version` was read (else StaleSettings); a missing payment block flag is left as it is. */
export async function updateOrganizationSettings(tx: Tx, input: SettingsInput) {
  const before = await auditedSettings(tx);
  const rows = await tx
    .update(organizations)
    .set({
      name: input.name,
      address: input.address,
      defaultRetainageRate: percentToRate(input.defaultRetainagePercent)!,
      fiscalYearStartMonth: input.fiscalYearStartMonth,
      timeZone: input.timeZone,
      locale: input.locale,
      currency: input.currency,
      blockPaymentsWithoutCompliance: input.blockPaymentsWithoutCompliance ?? sql`${organizations.blockPaymentsWithoutCompliance}`,
      keepPhotoGps: input.keepPhotoGps ?? sql`${organizations.keepPhotoGps}`,
      version: sql`${organizations.version} + 1`,
      updatedAt: sql`now()`,
    })
    .where(eq(organizations.version, input.version))
    .returning({ id: organizations.id });
  if (rows.length === 0) throw new StaleSettings("Someone else saved these settings meanwhile. Reload and try again.");
  const after = await auditedSettings(tx);
  await recordAudit(tx, { entityType: "organization", entityId: after.id, action: "settings_updated", before, after });
}

/** PNG, JPEG or WebP by their magic bytes (the browser's claimed type is not trusted). */
export function imageType(bytes: Uint8Array): string | null {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  if (starts(0xff, 0xd8, 0xff)) return "image/jpeg";
  if (starts(0x52, 0x49, 0x46, 0x46) && String.fromCharCode(...bytes.slice(8, 12)) === "WEBP") return "image/webp";
  return null;
}

export async function setOrganizationLogo(tx: Tx, logo: { bytes: Buffer; contentType: string } | null) {
  const before = await getOrganizationSettings(tx);
  await tx
    .update(organizations)
    .set({ logo: logo?.bytes ?? null, logoContentType: logo?.contentType ?? null, version: sql`${organizations.version} + 1`, updatedAt: sql`now()` })
    .where(eq(organizations.id, before.id));
  const after = await getOrganizationSettings(tx);
  await recordAudit(tx, { entityType: "organization", entityId: before.id, action: logo ? "logo_changed" : "logo_removed", before, after });
}

export async function getOrganizationLogo(tx: Tx) {
  const [row] = await tx.select({ logo: organizations.logo, contentType: organizations.logoContentType, updatedAt: organizations.updatedAt }).from(organizations);
  return row?.logo && row.contentType ? { bytes: row.logo, contentType: row.contentType, updatedAt: row.updatedAt } : null;
}
