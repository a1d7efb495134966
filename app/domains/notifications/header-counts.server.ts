import { withTenant } from "~/utils/db.server";
import type { Role } from "~/utils/permissions";
import { unreadCount } from "./inbox.server";
import { waitingCount } from "./waiting.server";

/** The header badges (root loader): unread notifications and items waiting on the member, one short transaction. */
export async function headerCounts(identity: { user: { id: string }; active: { id: string; role: Role } | null } | null) {
  if (!identity?.active) return null;
  const actor = { userId: identity.user.id, role: identity.active.role };
  return withTenant({ organizationId: identity.active.id, userId: actor.userId }, async (tx) => ({
    unread: await unreadCount(tx, actor.userId),
    waiting: await waitingCount(tx, actor),
  }));
}
