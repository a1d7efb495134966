/** The member's inbox and notification preferences (always the signed-in member's own rows). */
import { and, desc, eq, isNull, lt, or, sql } from "drizzle-orm";
import { notificationPreferences, notifications } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import type { Tx } from "~/utils/db.server";
import { NOTIFICATION_EVENTS, NOTIFICATION_KINDS, type NotificationChannel, type NotificationKind } from "./events";

export const INBOX_PAGE_SIZE = 50;

/** Newest first; `before` (an ISO time and id) pages on. */
export async function listInbox(tx: Tx, userId: string, before?: { createdAt: string; id: string } | null) {
  const rows = await tx
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      summary: notifications.summary,
      link: notifications.link,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(
      and(
        eq(notifications.recipientId, userId),
        before
          ? or(lt(notifications.createdAt, new Date(before.createdAt)), and(eq(notifications.createdAt, new Date(before.createdAt)), lt(notifications.id, before.id)))
          : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(INBOX_PAGE_SIZE + 1);
  return { items: rows.slice(0, INBOX_PAGE_SIZE), more: rows.length > INBOX_PAGE_SIZE };
}

/** Unread notifications of the member (the header badge; a partial index serves it). */
export async function unreadCount(tx: Tx, userId: string) {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.recipientId, userId), isNull(notifications.readAt)));
  return row.n;
}

/** Marks one of the member's notifications read; returns its link (null if it is not theirs). */
export async function markRead(tx: Tx, userId: string, notificationId: string) {
  const [row] = await tx
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, notificationId), eq(notifications.recipientId, userId)))
    .returning({ link: notifications.link });
  return row?.link ?? null;
}

export async function markAllRead(tx: Tx, userId: string) {
  const rows = await tx
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.recipientId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return rows.length;
}

/** Every event with the member's channel (saved or default). */
export async function listPreferences(tx: Tx, userId: string) {
  const saved = await tx
    .select({ kind: notificationPreferences.kind, channel: notificationPreferences.channel })
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId));
  const byKind = new Map(saved.map((s) => [s.kind, s.channel as NotificationChannel]));
  return NOTIFICATION_KINDS.map((kind) => ({
    kind,
    label: NOTIFICATION_EVENTS[kind].label,
    defaultChannel: NOTIFICATION_EVENTS[kind].defaultChannel as NotificationChannel,
    channel: byKind.get(kind) ?? (NOTIFICATION_EVENTS[kind].defaultChannel as NotificationChannel),
  }));
}

/** Saves the member's channel per event (one transaction; unchanged events are rewritten as is). */
export async function savePreferences(tx: Tx, userId: string, choices: Partial<Record<NotificationKind, NotificationChannel>>) {
  for (const [kind, channel] of Object.entries(choices) as [NotificationKind, NotificationChannel][]) {
    await tx
      .insert(notificationPreferences)
      .values({ organizationId: sql`${currentOrganizationId}`, userId, kind, channel })
      .onConflictDoUpdate({
        target: [notificationPreferences.organizationId, notificationPreferences.userId, notificationPreferences.kind],
        set: { channel, updatedAt: sql`now()` },
      });
  }
}
