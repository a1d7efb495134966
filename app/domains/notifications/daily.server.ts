/**
 * The daily round of an organization, once its local time has passed DIGEST_HOUR (cron
 * notifications__daily_scan → one notifications__daily job per organization):
 * 1. vendor invoices due (approved, unpaid, due on or before the local date) notify who pays them,
 *    once per invoice;
 * 2. each member gets ONE digest email: their `digest` notifications since the last digest plus
 *    their "waiting on me" queue, instead of a reminder per item per day. A digest run row per
 *    member per local date makes it idempotent (the scan repeats all day; the job may retry).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { memberships, notificationDigestRuns, notifications, users } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { composeEmail, queueEmail } from "~/utils/mail.server";
import { can } from "~/utils/permissions";
import { isRecordKind } from "./events";
import { maySeeRecord, notify } from "./notify.server";
import { waitingQueue } from "./waiting.server";

/** Local hour (organizations.time_zone) after which the day's digest goes out. */
export const DIGEST_HOUR = 7;

/** Organizations whose local time has reached DIGEST_HOUR today, with that local date (no tenant needed). */
export function organizationsAtDigestHour(tx: Tx, hour = DIGEST_HOUR) {
  return queryRows<{ organizationId: string; localDate: string }>(
    tx,
    sql`select organization_id as "organizationId", to_char(local_date, 'YYYY-MM-DD') as "localDate" from app_private.organizations_at_local_hour(${hour})`,
  );
}

/** Notifies the members who may pay of each approved, unpaid invoice due by `localDate` (once per invoice). */
export async function notifyDueInvoices(tx: Tx, localDate: string) {
  const due = await queryRows<{ id: string; invoiceNumber: string; vendor: string; dueDate: string; open: string }>(
    tx,
    sql`select i.id, i.invoice_number as "invoiceNumber", v.name as vendor, to_char(i.due_date, 'YYYY-MM-DD') as "dueDate",
        to_char(i.amount_due - i.amount_paid, 'FM999,999,999,990.00') as open
      from ap_invoices i join vendors v on v.id = i.vendor_id
      where i.status = 'approved' and i.amount_paid < i.amount_due and i.due_date <= ${localDate}::date
        and not exists (select 1 from notifications n where n.kind = 'vendor_invoice_due' and n.record_id = i.id)
      order by i.due_date, i.id limit 500`,
  );
  if (due.length === 0) return 0;
  const payers = (await tx.select({ userId: memberships.userId, role: memberships.role }).from(memberships)).filter((m) => can(m.role, "payables:pay"));
  for (const invoice of due) {
    await notify(tx, {
      kind: "vendor_invoice_due",
      recipientIds: payers.map((p) => p.userId),
      record: { kind: "ap_invoice", id: invoice.id, link: `/payables/${invoice.id}` },
      title: `Vendor invoice due: ${invoice.vendor} ${invoice.invoiceNumber}`,
      lines: [`Invoice ${invoice.invoiceNumber} from ${invoice.vendor} is due on ${invoice.dueDate}; ${invoice.open} is still open.`],
      actionLabel: "Open the invoice",
    });
  }
  return due.length;
}

/** Sends each member's digest for `localDate` unless it went out already; returns how many were mailed. */
export async function sendDigests(tx: Tx, localDate: string) {
  const members = await tx
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId));
  let mailed = 0;
  for (const member of members) {
    const [run] = await tx
      .insert(notificationDigestRuns)
      .values({ organizationId: sql`${currentOrganizationId}`, userId: member.userId, localDate })
      .onConflictDoNothing()
      .returning({ id: notificationDigestRuns.id });
    if (!run) continue; // this member's digest for the day exists
    const pending = await tx
      .select({ id: notifications.id, title: notifications.title, link: notifications.link, recordKind: notifications.recordKind })
      .from(notifications)
      .where(and(eq(notifications.recipientId, member.userId), eq(notifications.emailStatus, "digest")))
      .orderBy(notifications.createdAt);
    const visible = pending.filter((n) => isRecordKind(n.recordKind) && maySeeRecord(member.role, n.recordKind));
    const hidden = pending.filter((n) => !visible.includes(n)).map((n) => n.id);
    if (hidden.length) await tx.update(notifications).set({ emailStatus: "skipped" }).where(inArray(notifications.id, hidden));
    const waiting = await waitingQueue(tx, member, 5);
    const waitingTotal = waiting.reduce((sum, s) => sum + s.count, 0);
    const emailed = visible.length > 0 || waitingTotal > 0;
    if (visible.length)
      await tx.update(notifications).set({ emailStatus: "digested", digestRunId: run.id }).where(inArray(notifications.id, visible.map((n) => n.id)));
    await tx
      .update(notificationDigestRuns)
      .set({ notificationCount: visible.length, waitingCount: waitingTotal, emailed: emailed ? "yes" : "no" })
      .where(eq(notificationDigestRuns.id, run.id));
    if (!emailed) continue;
    await queueEmail(tx, digestEmail(member, localDate, visible, waiting));
    mailed += 1;
  }
  return mailed;
}

function digestEmail(
  member: { email: string; name: string },
  localDate: string,
  updates: { title: string; link: string }[],
  waiting: Awaited<ReturnType<typeof waitingQueue>>,
) {
  const base = appUrl();
  const lines = [`Hello ${member.name},`, `Your summary for ${localDate}.`];
  if (updates.length) {
    lines.push(`Since your last digest (${updates.length}):`);
    for (const u of updates) lines.push(`• ${u.title} — ${base}${u.link}`);
  }
  const total = waiting.reduce((sum, s) => sum + s.count, 0);
  if (total) {
    lines.push(`Waiting on you (${total}):`);
    for (const section of waiting) {
      lines.push(`${section.label}: ${section.count}`);
      for (const item of section.items) lines.push(`• ${item.title} — ${base}${item.href}`);
    }
  }
  const subject = total ? `Your daily summary: ${total} waiting on you` : `Your daily summary: ${updates.length} update${updates.length === 1 ? "" : "s"}`;
  return composeEmail(member.email, subject, "notification_digest", lines, { label: "See what waits on you", url: `${base}/waiting` });
}
