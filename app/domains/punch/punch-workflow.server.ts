/**
 * A punch item's lifecycle: open → ready for review (the responsible party says it is done) →
 * closed, or back to open when the work is not accepted (with the reason); a closed item can be
 * reopened (with the reason). Each step is guarded by status and the version the user saw, and
 * writes a history row and an audit row in the same transaction. Edits and (bulk) assignments too.
 */
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import { punchItems, users, vendors } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { checkParties, currentUserId, findPunchItem, notifyAssignee, PunchConflict, PunchRefused, recordPunchEvent, STALE_PUNCH, type PunchItem } from "./punch.server";
import { punchNumber, type BulkAssignInput, type PunchStatus, type PunchTransitionInput } from "./punch.schema";

type PunchSet = { [K in keyof typeof punchItems.$inferInsert]?: (typeof punchItems.$inferInsert)[K] | SQL };

/** Updates the item if it is in one of `statuses` and nobody changed it since `version` (else PunchConflict). */
async function guardPunchItem(tx: Tx, input: { itemId: string; version: number; statuses: PunchStatus[]; refusal: (item: PunchItem) => string; set: PunchSet }) {
  const before = await findPunchItem(tx, input.itemId);
  if (!input.statuses.includes(before.status)) throw new PunchConflict(input.refusal(before));
  if (before.version !== input.version) throw new PunchConflict(STALE_PUNCH);
  const [after] = await tx
    .update(punchItems)
    .set({ ...input.set, version: sql`${punchItems.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(punchItems.id, before.id), eq(punchItems.version, input.version), inArray(punchItems.status, input.statuses)))
    .returning();
  if (!after) throw new PunchConflict(STALE_PUNCH);
  return { before, after };
}

const label = (item: PunchItem) => punchNumber(item.number);

type Rule = { from: PunchStatus[]; to: PunchStatus; action: string; refusal: (item: PunchItem) => string; set: PunchSet; needsComment?: string };

/** The transitions by form intent; the route checks the permission key of each (TRANSITION_KEYS). */
const RULES: Record<PunchTransitionInput["intent"], Rule> = {
  submit: {
    from: ["open"],
    to: "ready_for_review",
    action: "submitted",
    refusal: (i) => (i.status === "closed" ? `${label(i)} is closed: reopen it first.` : `${label(i)} is already waiting for review.`),
    set: { status: "ready_for_review" },
  },
  close: {
    from: ["ready_for_review"],
    to: "closed",
    action: "closed",
    refusal: (i) => (i.status === "closed" ? `${label(i)} is already closed.` : `${label(i)} is not ready for review yet: the responsible party marks it ready first.`),
    set: { status: "closed", closedBy: sql`${currentUserId}`, closedAt: sql`now()` },
  },
  not_accept: {
    from: ["ready_for_review"],
    to: "open",
    action: "not_accepted",
    refusal: (i) => `${label(i)} is ${i.status === "closed" ? "closed" : "still open"}: only an item waiting for review can be sent back.`,
    set: { status: "open", notAcceptedCount: sql`${punchItems.notAcceptedCount} + 1` },
    needsComment: "Say why the work is not accepted.",
  },
  reopen: {
    from: ["closed"],
    to: "open",
    action: "reopened",
    refusal: (i) => `${label(i)} is not closed: only a closed item can be reopened.`,
    set: { status: "open", closedBy: null, closedAt: null },
    needsComment: "Say why the item is reopened.",
  },
};

export async function transitionPunchItem(tx: Tx, input: { itemId: string } & PunchTransitionInput) {
  const rule = RULES[input.intent];
  const comment = input.comment.trim();
  if (rule.needsComment && !comment) throw new PunchRefused(rule.needsComment, "comment");
  const { before, after } = await guardPunchItem(tx, { itemId: input.itemId, version: input.version, statuses: rule.from, refusal: rule.refusal, set: rule.set });
  await recordPunchEvent(tx, after, { action: rule.action, from: before.status, to: after.status, comment });
  await recordAudit(tx, { entityType: "punch_item", entityId: after.id, action: rule.action, before, after: { ...after, comment } });
  return after;
}

export type PunchEdit = {
  itemId: string;
  version: number;
  title: string;
  description: string;
  location: string;
  drawingRef: string;
  vendorId?: string;
  trade: string;
  assigneeUserId?: string;
  dueDate?: string;
  priority: PunchItem["priority"];
};

/** Edits an open or ready item (a closed one is reopened first); a new assignee is told. */
export async function updatePunchItem(tx: Tx, input: PunchEdit) {
  await checkParties(tx, input);
  const { before, after } = await guardPunchItem(tx, {
    itemId: input.itemId,
    version: input.version,
    statuses: ["open", "ready_for_review"],
    refusal: (i) => `${label(i)} is closed: reopen it before changing it.`,
    set: {
      title: input.title,
      description: input.description,
      location: input.location,
      drawingRef: input.drawingRef,
      vendorId: input.vendorId ?? null,
      trade: input.trade,
      assigneeUserId: input.assigneeUserId ?? null,
      dueDate: input.dueDate ?? null,
      priority: input.priority,
    },
  });
  await recordAudit(tx, { entityType: "punch_item", entityId: after.id, action: "updated", before, after });
  if (after.assigneeUserId !== before.assigneeUserId || after.vendorId !== before.vendorId || after.dueDate !== before.dueDate) {
    await recordPunchEvent(tx, after, { action: "assigned", from: before.status, to: after.status, comment: await assignmentText(tx, after) });
  }
  if (after.assigneeUserId && after.assigneeUserId !== before.assigneeUserId) await notifyAssignee(tx, after);
  return after;
}

/** "Assigned to Maria Lopez · Summit Painting · due 2026-12-20": the history line of an assignment. */
async function assignmentText(tx: Tx, item: PunchItem) {
  const [names] = await tx
    .select({ vendor: vendors.name, assignee: users.name })
    .from(punchItems)
    .leftJoin(vendors, eq(vendors.id, punchItems.vendorId))
    .leftJoin(users, eq(users.id, punchItems.assigneeUserId))
    .where(eq(punchItems.id, item.id));
  const parts = [names?.assignee ? `Assigned to ${names.assignee}` : "No member assigned", names?.vendor ?? "no subcontractor", item.dueDate ? `due ${item.dueDate}` : "no due date"];
  return parts.join(" · ");
}

/**
 * Assigns the ticked items of one project in one transaction: the chosen subcontractor, member
 * and/or due date (what is not chosen stays). One unknown, foreign or closed item refuses them all.
 * Each item gets its history row, audit row and (new assignee) notification.
 */
export async function bulkAssignPunchItems(tx: Tx, input: { projectId: string } & Omit<BulkAssignInput, "intent">) {
  const ids = [...new Set(input.itemIds)];
  if (!isUuid(input.projectId) || !ids.every(isUuid)) throw new PunchRefused("One of the ticked items does not exist in this project.", "itemIds");
  await checkParties(tx, input);
  const items = await tx.select().from(punchItems).where(and(eq(punchItems.projectId, input.projectId), inArray(punchItems.id, ids))).for("update");
  if (items.length !== ids.length) throw new PunchRefused("One of the ticked items does not exist in this project. Reload the list and try again.", "itemIds");
  const closed = items.filter((i) => i.status === "closed").sort((a, b) => a.number - b.number);
  if (closed.length) throw new PunchConflict(`${closed.map(label).join(", ")} ${closed.length === 1 ? "is" : "are"} closed: reopen before assigning. Nothing was assigned.`);
  const set: PunchSet = {};
  if (input.vendorId) set.vendorId = input.vendorId;
  if (input.assigneeUserId) set.assigneeUserId = input.assigneeUserId;
  if (input.dueDate) set.dueDate = input.dueDate;
  const updated = await tx
    .update(punchItems)
    .set({ ...set, version: sql`${punchItems.version} + 1`, updatedAt: sql`now()` })
    .where(inArray(punchItems.id, ids))
    .returning();
  const byId = new Map(items.map((i) => [i.id, i]));
  for (const after of updated.sort((a, b) => a.number - b.number)) {
    const before = byId.get(after.id)!;
    await recordPunchEvent(tx, after, { action: "assigned", from: before.status, to: after.status, comment: await assignmentText(tx, after) });
    await recordAudit(tx, { entityType: "punch_item", entityId: after.id, action: "assigned", before, after });
    if (after.assigneeUserId && after.assigneeUserId !== before.assigneeUserId) await notifyAssignee(tx, after);
  }
  return updated;
}
