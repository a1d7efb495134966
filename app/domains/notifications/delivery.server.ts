/**
 * Sends the email of one `email_now` notification (the notifications__email job). Idempotent: the
 * row lock makes a duplicate job wait, then see the status is no longer `pending`. The recipient's
 * membership and role are read again now: someone removed or demoted since the event gets nothing.
 */
import { eq } from "drizzle-orm";
import { notifications } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { composeEmail, queueEmail } from "~/utils/mail.server";
import { isRecordKind } from "./events";
import { maySeeRecord, membersAmong } from "./notify.server";

export async function deliverNotificationEmail(tx: Tx, notificationId: string) {
  const [n] = await tx.select().from(notifications).where(eq(notifications.id, notificationId)).for("update");
  if (!n) return "missing" as const;
  if (n.emailStatus !== "pending") return "already-done" as const;
  const [member] = await membersAmong(tx, [n.recipientId]);
  if (!member || !isRecordKind(n.recordKind) || !maySeeRecord(member.role, n.recordKind)) {
    await tx.update(notifications).set({ emailStatus: "skipped" }).where(eq(notifications.id, n.id));
    return "skipped" as const;
  }
  const lines = [`Hello ${member.name},`, ...n.summary.split("\n").filter(Boolean)];
  await queueEmail(tx, composeEmail(member.email, n.title, n.kind, lines, { label: n.actionLabel, url: `${appUrl()}${n.link}` }));
  await tx.update(notifications).set({ emailStatus: "sent" }).where(eq(notifications.id, n.id));
  return "sent" as const;
}
