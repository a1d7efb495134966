import { organizations } from "@db/schema";
import { withTenant } from "~/utils/db.server";

/** Fixed ids so the seed is idempotent and tests/docs can name the demo tenants. */
export const DEMO_ORGANIZATIONS = [
  { id: "5a1e0000-0000-4000-8000-000000000001", name: "Summit Builders", slug: "summit-builders" },
  { id: "5a1e0000-0000-4000-8000-000000000002", name: "Harbor Construction", slug: "harbor-construction" },
] as const;

/** Creates the demo organizations (and, as modules land, their data); safe to run repeatedly. */
export async function seedDemo() {
  for (const org of DEMO_ORGANIZATIONS) {
    await withTenant({ organizationId: org.id }, async (tx) => {
      await tx.insert(organizations).values(org).onConflictDoNothing();
    });
  }
}
