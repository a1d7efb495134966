import { and, asc, eq, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { observations, projects, punchItemEvents, punchItems, users, vendors } from "@db/schema";
import { listMembers } from "~/domains/organizations/members.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { organizationToday } from "./punch-list.server";
import { observationNumber } from "./punch.schema";

const assignee = alias(users, "assignee");
const closer = alias(users, "closer");

/** The item with the names a page shows, whether it is overdue, and its history (oldest first). */
export async function getPunchItemDetail(tx: Tx, projectId: string, itemId: string) {
  if (!isUuid(itemId)) throw new RecordNotFound("punch item");
  const [row] = await tx
    .select({
      item: punchItems,
      vendorName: vendors.name,
      assigneeName: assignee.name,
      closedByName: closer.name,
      overdue: sql<boolean>`(${punchItems.status} <> 'closed' and ${punchItems.dueDate} < ${organizationToday})`,
    })
    .from(punchItems)
    .leftJoin(vendors, eq(vendors.id, punchItems.vendorId))
    .leftJoin(assignee, eq(assignee.id, punchItems.assigneeUserId))
    .leftJoin(closer, eq(closer.id, punchItems.closedBy))
    .where(and(eq(punchItems.id, itemId), eq(punchItems.projectId, projectId)));
  if (!row) throw new RecordNotFound("punch item");
  const history = await tx
    .select({ id: punchItemEvents.id, action: punchItemEvents.action, fromStatus: punchItemEvents.fromStatus, toStatus: punchItemEvents.toStatus, comment: punchItemEvents.comment, at: punchItemEvents.at, by: users.name })
    .from(punchItemEvents)
    .leftJoin(users, eq(users.id, punchItemEvents.byUserId))
    .where(eq(punchItemEvents.punchItemId, itemId))
    .orderBy(asc(punchItemEvents.at), asc(punchItemEvents.id));
  return { ...row.item, vendorName: row.vendorName, assigneeName: row.assigneeName, closedByName: row.closedByName, overdue: row.overdue, history, source: await sourceOf(tx, row.item) };
}

/** Where the item came from, as a label and (when its page exists) a link. */
async function sourceOf(tx: Tx, item: typeof punchItems.$inferSelect) {
  if (item.sourceKind === "observation" && item.sourceId) {
    const [o] = await tx.select({ number: observations.number }).from(observations).where(eq(observations.id, item.sourceId));
    return o ? { label: `Observation ${observationNumber(o.number)}`, href: `/projects/${item.projectId}/observations/${item.sourceId}` } : null;
  }
  if (item.sourceKind === "inspection_answer") return { label: "A failed inspection checklist item", href: null };
  return null;
}

/** The choices of the punch and observation forms: the organization's subcontractors and members. */
export async function punchFormChoices(tx: Tx) {
  const [vendorRows, members] = await Promise.all([
    tx.select({ value: vendors.id, label: vendors.name }).from(vendors).orderBy(asc(vendors.name)),
    listMembers(tx),
  ]);
  return { vendors: vendorRows, members: members.map((m) => ({ value: m.userId, label: m.name || m.email })) };
}

/** The vendor's open punch items (not closed) on one project: the retainage release warns with them. */
export async function openPunchForVendor(tx: Tx, projectId: string, vendorId: string) {
  if (!isUuid(projectId) || !isUuid(vendorId)) return { count: 0, href: null };
  const [row] = await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(punchItems)
    .where(and(eq(punchItems.projectId, projectId), eq(punchItems.vendorId, vendorId), ne(punchItems.status, "closed")));
  const [vendor] = await tx.select({ name: vendors.name }).from(vendors).where(eq(vendors.id, vendorId));
  const href = vendor ? `/projects/${projectId}/punch?f.status=not_closed&f.vendor=${encodeURIComponent(vendor.name)}` : null;
  return { count: row?.count ?? 0, href };
}

/** The project header of the punch pages. */
export async function projectSummary(tx: Tx, projectId: string) {
  const [p] = await tx.select({ id: projects.id, jobNumber: projects.jobNumber, name: projects.name }).from(projects).where(eq(projects.id, projectId));
  if (!p) throw new RecordNotFound("project");
  return p;
}
