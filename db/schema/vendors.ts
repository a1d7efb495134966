import { boolean, date, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, organizationId, tenantPolicy, updatedAt } from "./_shared";

/** Minimal vendor record (the vendor module with compliance comes later). */
export const vendors = pgTable(
  "vendors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: organizationId(),
    name: text("name").notNull(),
    contactName: text("contact_name").notNull().default(""),
    email: text("email").notNull().default(""),
    phone: text("phone").notNull().default(""),
    taxId: text("tax_id").notNull().default(""),
    /** Minimal compliance flags until the vendor compliance module: payments can be blocked on them. */
    insuranceExpiresOn: date("insurance_expires_on"),
    lienWaiverRequired: boolean("lien_waiver_required").notNull().default(false),
    lienWaiverReceived: boolean("lien_waiver_received").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex("vendors_org_id_key").on(t.organizationId, t.id),
    uniqueIndex("vendors_org_name_key").on(t.organizationId, t.name),
    tenantPolicy(),
  ],
);
