import { sql } from "drizzle-orm";
import { pgPolicy, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** The tenant root: its id is what `app.organization_id` holds. */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull().unique(),
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
