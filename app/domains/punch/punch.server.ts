/**
 * Punch items and observations: creation (also called by other domains, e.g. inspections for a
 * failed checklist item), lookup and the shared guards. Transitions live in punch-workflow.server.ts,
 * observations' own lifecycle in observations.server.ts.
 */
import { and, eq, sql } from "drizzle-orm";
import { memberships, observations, projects, punchItemEvents, punchItems, users, vendors } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { notify } from "~/domains/notifications/notify.server";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { RecordNotFound } from "~/utils/not-found.server";
import { newObservationSchema, newPunchItemSchema, punchNumber, type NewObservationInput, type NewPunchItemInput, type PunchStatus } from "./punch.schema";

/** Input that names something this organization does not have (a vendor, a member): 400 on `field`. */
export class PunchRefused extends Error {
  constructor(message: string, readonly field: string) {
    super(message);
  }
}
/** A transition or edit the record's state does not allow, or a stale version: 409 with this message. */
export class PunchConflict extends Error {}

export const STALE_PUNCH = "Someone else changed this item meanwhile. Reload it and try again.";
export const currentUserId = sql`nullif(current_setting('app.user_id', true), '')::uuid`;

export const punchItemPath = (item: { projectId: string; id: string }) => `/projects/${item.projectId}/punch/${item.id}`;

export type PunchItem = typeof punchItems.$inferSelect;

/** The item as stored (RecordNotFound for a malformed id or one this organization cannot see). */
export async function findPunchItem(tx: Tx, itemId: string, options: { lock?: boolean } = {}) {
  if (!isUuid(itemId)) throw new RecordNotFound("punch item");
  const query = tx.select().from(punchItems).where(eq(punchItems.id, itemId));
  const [item] = options.lock ? await query.for("update") : await query;
  if (!item) throw new RecordNotFound("punch item");
  return item;
}

/** Refuses a vendor or assignee this organization does not have (RLS hides other tenants' rows). */
export async function checkParties(tx: Tx, input: { vendorId?: string | null; assigneeUserId?: string | null }) {
  if (input.vendorId) {
    const [vendor] = await tx.select({ id: vendors.id }).from(vendors).where(eq(vendors.id, input.vendorId));
    if (!vendor) throw new PunchRefused("Choose one of this organization's subcontractors.", "vendorId");
  }
  if (input.assigneeUserId) {
    const [member] = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.userId, input.assigneeUserId));
    if (!member) throw new PunchRefused("Choose a member of this organization.", "assigneeUserId");
  }
}

/** Locks the project row (numbering one after another) and returns it, or RecordNotFound. */
async function lockProject(tx: Tx, projectId: string) {
  if (!isUuid(projectId)) throw new RecordNotFound("project");
  const [project] = await tx.select({ id: projects.id, jobNumber: projects.jobNumber, name: projects.name }).from(projects).where(eq(projects.id, projectId)).for("no key update");
  if (!project) throw new RecordNotFound("project");
  return project;
}

/** One history row per transition or assignment; the audit row is written by the caller. */
export async function recordPunchEvent(tx: Tx, item: { id: string }, event: { action: string; from: PunchStatus | null; to: PunchStatus; comment?: string }) {
  await tx.insert(punchItemEvents).values({
    organizationId: sql`${currentOrganizationId}`,
    punchItemId: item.id,
    action: event.action,
    fromStatus: event.from,
    toStatus: event.to,
    comment: event.comment ?? "",
    byUserId: sql`${currentUserId}`,
  });
}

/** The member this transaction acts for (withTenant's user), if any. */
export async function actingUserId(tx: Tx) {
  const [row] = await queryRows<{ userId: string | null }>(tx, sql`select ${currentUserId} as "userId"`);
  return row?.userId ?? null;
}

/** Tells the newly assigned member (never the one who assigned themself) about the item. */
export async function notifyAssignee(tx: Tx, item: PunchItem) {
  if (!item.assigneeUserId) return;
  if (item.assigneeUserId === (await actingUserId(tx))) return;
  const [project] = await tx.select({ jobNumber: projects.jobNumber, name: projects.name }).from(projects).where(eq(projects.id, item.projectId));
  const [by] = await tx.select({ name: users.name }).from(users).where(eq(users.id, sql`${currentUserId}`));
  await notify(tx, {
    kind: "punch_item_assigned",
    recipientIds: [item.assigneeUserId],
    record: { kind: "punch_item", id: item.id, link: punchItemPath(item) },
    title: `Punch item ${punchNumber(item.number)} assigned to you: ${item.title}`,
    lines: [
      `${by?.name ?? "Someone"} assigned you punch item ${punchNumber(item.number)} "${item.title}" on ${project?.jobNumber ?? ""} ${project?.name ?? ""}${item.location ? ` (${item.location})` : ""}${item.dueDate ? `, due ${item.dueDate}` : ""}.`,
      "Open it to see the details and mark it ready for review once the work is done.",
    ],
    actionLabel: "Open the punch item",
  });
}

/**
 * Creates an open punch item with the project's next number, its first history row, the audit row
 * and the assignee's notification, all in the caller's transaction. `source` records what raised
 * it (a failed inspection answer, an observation).
 */
export async function createPunchItem(tx: Tx, input: NewPunchItemInput) {
  const value = newPunchItemSchema.parse(input);
  const project = await lockProject(tx, value.projectId);
  await checkParties(tx, value);
  const [created] = await tx
    .insert(punchItems)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      projectId: project.id,
      number: sql`(select coalesce(max(number), 0) + 1 from punch_items where project_id = ${project.id})`,
      title: value.title,
      description: value.description,
      location: value.location,
      drawingRef: value.drawingRef,
      vendorId: value.vendorId ?? null,
      trade: value.trade,
      assigneeUserId: value.assigneeUserId ?? null,
      dueDate: value.dueDate ?? null,
      priority: value.priority,
      sourceKind: value.source?.kind ?? null,
      sourceId: value.source?.id ?? null,
      createdBy: sql`${currentUserId}`,
    })
    .returning();
  await recordPunchEvent(tx, created, { action: "created", from: null, to: "open" });
  await recordAudit(tx, { entityType: "punch_item", entityId: created.id, action: "created", after: created });
  await notifyAssignee(tx, created);
  return created;
}

/** Creates an open observation with the project's next number and its audit row. */
export async function createObservation(tx: Tx, input: NewObservationInput) {
  const value = newObservationSchema.parse(input);
  const project = await lockProject(tx, value.projectId);
  await checkParties(tx, value);
  const [created] = await tx
    .insert(observations)
    .values({
      organizationId: sql`${currentOrganizationId}`,
      projectId: project.id,
      number: sql`(select coalesce(max(number), 0) + 1 from observations where project_id = ${project.id})`,
      kind: value.kind,
      severity: value.severity,
      description: value.description,
      location: value.location,
      vendorId: value.vendorId ?? null,
      assigneeUserId: value.assigneeUserId ?? null,
      dueDate: value.dueDate ?? null,
      sourceKind: value.source?.kind ?? null,
      sourceId: value.source?.id ?? null,
      createdBy: sql`${currentUserId}`,
    })
    .returning();
  await recordAudit(tx, { entityType: "observation", entityId: created.id, action: "created", after: created });
  return created;
}

/** The punch items `source` raised (e.g. the items of one failed inspection answer). */
export async function punchItemsFromSource(tx: Tx, source: { kind: "inspection_answer" | "observation"; id: string }) {
  if (!isUuid(source.id)) return [];
  return tx
    .select({ id: punchItems.id, projectId: punchItems.projectId, number: punchItems.number, title: punchItems.title, status: punchItems.status })
    .from(punchItems)
    .where(and(eq(punchItems.sourceKind, source.kind), eq(punchItems.sourceId, source.id)));
}
