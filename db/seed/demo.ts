import { inArray, sql } from "drizzle-orm";
import { invitations, memberships, organizations, projects, users } from "@db/schema";
import { refreshFigures } from "~/domains/budgets/figure-cache.server";
import { recordAudit } from "~/utils/audit.server";
import { recordDataAccess } from "~/utils/data-access.server";
import { withSystem, withTenant } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { hashPassword } from "~/utils/password.server";
import type { Role } from "~/utils/permissions";
import { sha256 } from "~/utils/secrets.server";
import { objectStorage } from "~/utils/storage.server";
import { seedFinance } from "./demo-finance";
import { seedImports, type DemoImportJobs } from "./demo-imports";
import { seedReceivables } from "./demo-receivables";
import { seedDemoSchedule } from "./demo-schedule";
import { seedWipCloses } from "./demo-wip-closes";
import { seedTableViews } from "./demo-table-views";
import { seedNotifications } from "./demo-notifications";
import { seedPunch } from "./demo-punch";
import { seedProjectPhotos } from "./demo-photos";
import { seedDailyLogs } from "./demo-daily-logs";
import { seedInspections } from "./demo-inspections";
import { seedDemoTeam } from "./demo-team";
import { DEMO_PROJECTS, DEMO_VENDORS, HARBOR_PROJECTS, HARBOR_VENDORS } from "./demo-finance-data";

/** Fixed ids so the seed is idempotent and tests/docs can name the demo tenants. */
export const DEMO_ORGANIZATIONS = [
  { id: "5a1e0000-0000-4000-8000-000000000001", name: "Summit Builders", slug: "summit-builders", address: "1200 Ridge Road, Denver, CO 80202" },
  { id: "5a1e0000-0000-4000-8000-000000000002", name: "Harbor Construction", slug: "harbor-construction", address: "88 Pier Street, Portland, ME 04101" },
] as const;

const [summit, harbor] = DEMO_ORGANIZATIONS;

/** One user per role in Summit Builders, and Harbor's own owner (password: DEMO_PASSWORD). */
export const DEMO_USERS: { id: string; email: string; name: string; organizationId: string; role: Role }[] = [
  { id: "5a1e0000-0000-4000-8000-0000000000a1", email: "owner@demo.test", name: "Olivia Owens", organizationId: summit.id, role: "owner" },
  { id: "5a1e0000-0000-4000-8000-0000000000a2", email: "admin@demo.test", name: "Adam Alvarez", organizationId: summit.id, role: "admin" },
  { id: "5a1e0000-0000-4000-8000-0000000000a3", email: "finance@demo.test", name: "Fiona Finch", organizationId: summit.id, role: "finance" },
  { id: "5a1e0000-0000-4000-8000-0000000000a4", email: "pm@demo.test", name: "Pablo Moreno", organizationId: summit.id, role: "project_manager" },
  { id: "5a1e0000-0000-4000-8000-0000000000a5", email: "field@demo.test", name: "Frank Fields", organizationId: summit.id, role: "field" },
  { id: "5a1e0000-0000-4000-8000-0000000000a6", email: "viewer@demo.test", name: "Vera Vance", organizationId: summit.id, role: "viewer" },
  { id: "5a1e0000-0000-4000-8000-0000000000b1", email: "owner@harbor.test", name: "Hank Harbor", organizationId: harbor.id, role: "owner" },
];

/** A pending invitation per organization; its token is unknown (only a hash of a fixed label is stored). */
const DEMO_INVITATIONS = [
  { id: "5a1e0000-0000-4000-8000-0000000000c1", organizationId: summit.id, email: "estimator@demo.test", role: "project_manager" as Role },
  { id: "5a1e0000-0000-4000-8000-0000000000c2", organizationId: harbor.id, email: "bookkeeper@harbor.test", role: "finance" as Role },
];

async function seedUsers() {
  const existing = await withSystem((tx) =>
    tx.select({ id: users.id }).from(users).where(inArray(users.id, DEMO_USERS.map((u) => u.id))),
  );
  const missing = DEMO_USERS.filter((u) => !existing.some((e) => e.id === u.id));
  if (missing.length === 0) return new Set<string>();
  const passwordHash = await hashPassword(env().DEMO_PASSWORD);
  await withSystem(async (tx) => {
    for (const u of missing)
      await tx
        .insert(users)
        .values({ id: u.id, email: u.email, name: u.name, passwordHash, emailVerifiedAt: sql`now()` })
        .onConflictDoNothing();
  });
  return new Set(missing.map((u) => u.id));
}

/**
 * Creates the demo organizations, users, memberships, an invitation each and their projects with
 * budgets, contracts, commitments and change orders. Safe to run on every start: it only adds what
 * is missing (finance data only to an organization without projects) and never re-adds a member
 * someone removed in the demo.
 */
export async function seedDemo() {
  const newUsers = await seedUsers();
  for (const org of DEMO_ORGANIZATIONS) {
    await withTenant({ organizationId: org.id }, async (tx) => {
      const created = await tx.insert(organizations).values(org).onConflictDoNothing().returning();
      const fresh = created.length > 0;
      if (fresh) await recordAudit(tx, { entityType: "organization", entityId: org.id, action: "created", after: created[0] });
      // the data access log starts with the seed's own read of the (still empty) WIP schedule
      if (fresh) await recordDataAccess(tx, { view: "wip", format: "page", rowCount: 0 });
      for (const u of DEMO_USERS.filter((d) => d.organizationId === org.id && (fresh || newUsers.has(d.id)))) {
        const [membership] = await tx
          .insert(memberships)
          .values({ organizationId: org.id, userId: u.id, role: u.role })
          .onConflictDoNothing()
          .returning();
        if (membership) await recordAudit(tx, { entityType: "membership", entityId: membership.id, action: "created", after: membership });
      }
      for (const i of DEMO_INVITATIONS.filter((d) => fresh && d.organizationId === org.id)) {
        const [invitation] = await tx
          .insert(invitations)
          .values({ ...i, tokenHash: sha256(`demo-invitation:${i.id}`), expiresAt: sql`now() + interval '7 days'` })
          .onConflictDoNothing()
          .returning();
        if (invitation) await recordAudit(tx, { entityType: "invitation", entityId: i.id, action: "created", after: invitation });
      }
      const user = (email: string) => DEMO_USERS.find((u) => u.email === email)!.id;
      if (org.id === summit.id)
        await seedFinance(tx, org.id, DEMO_PROJECTS, DEMO_VENDORS, { pm: user("pm@demo.test"), approver: user("finance@demo.test"), owner: user("owner@demo.test") });
      else await seedFinance(tx, org.id, HARBOR_PROJECTS, HARBOR_VENDORS, { pm: user("owner@harbor.test"), approver: user("owner@harbor.test"), owner: user("owner@harbor.test") });
      await seedReceivables(tx, user(org.id === summit.id ? "finance@demo.test" : "owner@harbor.test"));
      await seedWipCloses(tx, user(org.id === summit.id ? "finance@demo.test" : "owner@harbor.test"));
      await seedTableViews(tx, user(org.id === summit.id ? "finance@demo.test" : "owner@harbor.test"), user(org.id === summit.id ? "viewer@demo.test" : "owner@harbor.test"));
      await seedNotifications(tx, user(org.id === summit.id ? "finance@demo.test" : "owner@harbor.test"));
      await seedPunch(tx, org.id === summit.id ? { field: user("field@demo.test"), pm: user("pm@demo.test") } : { field: user("owner@harbor.test"), pm: user("owner@harbor.test") });
      await seedProjectPhotos(tx, objectStorage(), user(org.id === summit.id ? "field@demo.test" : "owner@harbor.test"));
      await seedDailyLogs(tx, org.id, user(org.id === summit.id ? "field@demo.test" : "owner@harbor.test"));
      await seedInspections(tx, { inspector: DEMO_USERS.find((u) => u.email === (org.id === summit.id ? "field@demo.test" : "owner@harbor.test"))!, manager: DEMO_USERS.find((u) => u.email === (org.id === summit.id ? "pm@demo.test" : "owner@harbor.test"))! }, org.id === summit.id ? 2 : 1);
      await seedDemoTeam(tx);
      // compute the budget figures now, so the first page view does not pay for it
      for (const { id } of await tx.select({ id: projects.id }).from(projects)) await refreshFigures(tx, id);
    });
    const importer = DEMO_USERS.find((u) => u.organizationId === org.id && u.role === (org.id === summit.id ? "finance" : "owner"))!;
    await seedImports(org.id, importer.id, DEMO_IMPORT_JOBS[org.id]);
    await seedDemoSchedule(org.id);
  }
}

const DEMO_IMPORT_JOBS: Record<string, DemoImportJobs> = {
  [summit.id]: { active: "2301", bid: ["2501", "Foothills Fire Station No. 9", "City of Golden", "611 Ford St, Golden, CO"] },
  [harbor.id]: { active: "H-101", bid: ["H-201", "Casco Bay Ferry Terminal", "Casco Bay Lines", "56 Commercial St, Portland, ME"] },
};
