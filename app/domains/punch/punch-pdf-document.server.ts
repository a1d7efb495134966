import { and, asc, eq, ne, sql } from "drizzle-orm";
import { projects, punchItems, users, vendors } from "@db/schema";
import { organizationBranding } from "~/domains/receivables/g702-document.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { organizationToday } from "./punch-list.server";

export type VendorPunchDocument = Awaited<ReturnType<typeof vendorPunchDocument>>;

/**
 * What the per-subcontractor punch list PDF shows: the organization's letterhead, the project, the
 * subcontractor, and its items that still need work (open or ready for review) grouped by location.
 */
export async function vendorPunchDocument(tx: Tx, projectId: string, vendorId: string) {
  const [project] = await tx.select({ jobNumber: projects.jobNumber, name: projects.name }).from(projects).where(eq(projects.id, projectId));
  if (!project) throw new RecordNotFound("project");
  const [vendor] = await tx.select({ id: vendors.id, name: vendors.name }).from(vendors).where(eq(vendors.id, vendorId));
  if (!vendor) throw new RecordNotFound("subcontractor");
  const items = await tx
    .select({
      number: punchItems.number,
      title: punchItems.title,
      description: punchItems.description,
      location: punchItems.location,
      trade: punchItems.trade,
      priority: punchItems.priority,
      status: punchItems.status,
      dueDate: punchItems.dueDate,
      assignee: users.name,
      overdue: sql<boolean>`(${punchItems.dueDate} < ${organizationToday})`,
    })
    .from(punchItems)
    .leftJoin(users, eq(users.id, punchItems.assigneeUserId))
    .where(and(eq(punchItems.projectId, projectId), eq(punchItems.vendorId, vendorId), ne(punchItems.status, "closed")))
    .orderBy(asc(punchItems.location), asc(punchItems.number));
  const groups = new Map<string, typeof items>();
  for (const item of items) {
    const key = item.location.trim() || "No location given";
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  const [{ today }] = await tx.select({ today: sql<string>`${organizationToday}::text` }).from(sql`(select 1) one`);
  return {
    organization: await organizationBranding(tx),
    project,
    vendor,
    today,
    itemCount: items.length,
    locations: [...groups.entries()].map(([location, rows]) => ({ location, items: rows })),
  };
}
