import { deliverNotificationEmail } from "~/domains/notifications/delivery.server";
import { withTenant } from "~/utils/db.server";
import type { SqlClient } from "@db/sql-client";

/**
 * Does what the notifications__email jobs would: sends every pending notification email (each in
 * its organization's tenant transaction), so a test without a running worker can read the outbox.
 */
export async function deliverNotificationEmails(owner: SqlClient) {
  const pending = await owner<{ id: string; organization_id: string }>`select id, organization_id from notifications where email_status = 'pending' order by created_at`;
  for (const n of pending) await withTenant({ organizationId: n.organization_id }, (tx) => deliverNotificationEmail(tx, n.id));
  return pending.length;
}
