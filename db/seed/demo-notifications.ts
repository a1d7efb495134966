import { sql } from "drizzle-orm";
import { notificationDigestRuns, notificationPreferences, notifications } from "@db/schema";
import { currentOrganizationId } from "@db/schema/_shared";
import { queryRows, type Tx } from "~/utils/db.server";

/**
 * The demo inbox: the approver is told of each pending approval (one already read), keeps
 * invoice-due reminders to the daily digest, and had yesterday's digest. Only when the
 * organization has had no digest yet.
 */
export async function seedNotifications(tx: Tx, approverId: string) {
  // other seeded work (certified pay applications) notifies too: the digest runs mark this seed's turn
  const [{ n }] = await queryRows<{ n: number }>(tx, sql`select count(*)::int as n from notification_digest_runs`);
  if (n > 0) return;
  const pending = await queryRows<{ id: string; documentType: "change_order" | "commitment" | "ap_invoice"; documentId: string }>(
    tx,
    sql`select id, document_type as "documentType", document_id as "documentId" from approval_requests where status = 'pending' order by created_at limit 5`,
  );
  const paths = { change_order: "/change-orders/", commitment: "/commitments/", ap_invoice: "/payables/" } as const;
  const labels = { change_order: "Change order", commitment: "Commitment", ap_invoice: "Vendor invoice" } as const;
  for (const [i, p] of pending.entries()) {
    await tx.insert(notifications).values({
      organizationId: sql`${currentOrganizationId}`,
      recipientId: approverId,
      kind: "approval_requested",
      recordKind: p.documentType,
      recordId: p.documentId,
      link: `${paths[p.documentType]}${p.documentId}`,
      title: `Approval needed: ${labels[p.documentType]}`,
      summary: `A ${labels[p.documentType].toLowerCase()} is waiting for your approval.`,
      actionLabel: "Review it",
      emailStatus: "sent",
      readAt: i === 0 ? sql`now()` : null,
      createdAt: sql`now() - make_interval(hours => ${pending.length - i})`,
    });
  }
  await tx
    .insert(notificationPreferences)
    .values({ organizationId: sql`${currentOrganizationId}`, userId: approverId, kind: "vendor_invoice_due", channel: "digest" })
    .onConflictDoNothing();
  await tx
    .insert(notificationDigestRuns)
    .values({ organizationId: sql`${currentOrganizationId}`, userId: approverId, localDate: sql`(now() - interval '1 day')::date`, waitingCount: pending.length, emailed: "yes" })
    .onConflictDoNothing();
}
