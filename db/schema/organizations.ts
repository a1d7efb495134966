import { sql } from "drizzle-orm";
import { boolean, customType, integer, numeric, pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

/** The tenant root: its id is what `app.organization_id` holds. */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
    address: text("address").notNull().default(""),
    /** Fraction (0.10 = 10%), the default for new projects and contracts. */
    defaultRetainageRate: numeric("default_retainage_rate", { precision: 9, scale: 6 }).notNull().default("0.10"),
    fiscalYearStartMonth: integer("fiscal_year_start_month").notNull().default(1),
    timeZone: text("time_zone").notNull().default("America/New_York"),
    /** How dates are written on pages (app/utils/org-format.ts LOCALES). */
    locale: text("locale").notNull().default("en-US"),
    currency: text("currency").notNull().default("USD"),
    /** Refuse payments to a vendor whose insurance has expired or whose required lien waiver is missing. */
    blockPaymentsWithoutCompliance: boolean("block_payments_without_compliance").notNull().default(false),
    /** Keep a photo's GPS position in the photos table (the stored image never carries it). */
    keepPhotoGps: boolean("keep_photo_gps").notNull().default(false),
    /** Small image kept in the row (≤ 512 KB, PNG/JPEG/WebP); select it only where it is served. */
    logo: bytea("logo"),
    logoContentType: text("logo_content_type"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  () => [
    pgPolicy("organization_self", {
      for: "all",
      using: sql`id = nullif(current_setting('app.organization_id', true), '')::uuid`,
      withCheck: sql`id = nullif(current_setting('app.organization_id', true), '')::uuid`,
    }),
  ],
);
