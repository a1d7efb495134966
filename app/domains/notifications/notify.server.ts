/**
 * Creates notifications inside the caller's transaction: they exist iff the change that caused
 * them commits. Each recipient must be a member whose role may see the record (else they are
 * silently left out); their preference for the event decides the channel. An email is never sent
 * from here: `email_now` enqueues the notifications__email job (same transaction), which checks
 * the recipient may still see the record, then writes the outbox message.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { memberships, notificationPreferences, notifications, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import type { Tx } from "~/utils/db.server";
import { enqueue } from "~/utils/jobs.server";
import { can, type Role } from "~/utils/permissions";
import { NOTIFICATION_EVENTS, RECORD_READ_KEYS, type NotificationChannel, type NotificationKind, type RecordKind } from "./events";

export type NotifyInput = {
  kind: NotificationKind;
  recipientIds: string[];
  record: { kind: RecordKind; id: string; link: string };
  /** The inbox line and the email subject. */
  title: string;
  /** Paragraphs of the email body (the inbox shows the first). */
  lines: string[];
  actionLabel?: string;
};

/** Whether a member with `role` may see records of `kind` (null role: not a member any more). */
export const maySeeRecord = (role: Role | null | undefined, kind: RecordKind) => can(role, RECORD_READ_KEYS[kind]);

/** The members of the current organization among `userIds`, with their role and email. */
export async function membersAmong(tx: Tx, userIds: string[]) {
  if (userIds.length === 0) return [];
  return tx
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.userId, userIds));
}

/** Each user's channel for `kind` (their saved choice, else the event's default). */
export async function channelsFor(tx: Tx, userIds: string[], kind: NotificationKind) {
  const saved = userIds.length
    ? await tx
        .select({ userId: notificationPreferences.userId, channel: notificationPreferences.channel })
        .from(notificationPreferences)
        .where(and(eq(notificationPreferences.kind, kind), inArray(notificationPreferences.userId, userIds)))
    : [];
  const byUser = new Map(saved.map((s) => [s.userId, s.channel as NotificationChannel]));
  return new Map(userIds.map((id) => [id, byUser.get(id) ?? NOTIFICATION_EVENTS[kind].defaultChannel]));
}

const EMAIL_STATUS: Record<Exclude<NotificationChannel, "off">, string> = { in_app: "none", email_now: "pending", digest: "digest" };

/** Notifies every recipient who may see the record and has not turned the event off; returns who. */
export async function notify(tx: Tx, input: NotifyInput) {
  const unique = [...new Set(input.recipientIds)];
  const members = (await membersAmong(tx, unique)).filter((m) => maySeeRecord(m.role, input.record.kind));
  const channels = await channelsFor(tx, members.map((m) => m.userId), input.kind);
  const notified: { userId: string; email: string; channel: NotificationChannel; notificationId: string }[] = [];
  for (const member of members) {
    const channel = channels.get(member.userId)!;
    if (channel === "off") continue;
    const [row] = await tx
      .insert(notifications)
      .values({
        organizationId: sql`${currentOrganizationId}`,
        recipientId: member.userId,
        kind: input.kind,
        recordKind: input.record.kind,
        recordId: input.record.id,
        link: input.record.link,
        title: input.title.slice(0, 300),
        summary: input.lines.join("\n").slice(0, 4000),
        actionLabel: input.actionLabel ?? "Open it",
        emailStatus: EMAIL_STATUS[channel],
      })
      .returning({ id: notifications.id, organizationId: notifications.organizationId });
    if (channel === "email_now") await enqueue(tx, "notifications__email", { organizationId: row.organizationId, notificationId: row.id });
    notified.push({ userId: member.userId, email: member.email, channel, notificationId: row.id });
  }
  return notified;
}
