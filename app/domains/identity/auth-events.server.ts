import { authEvents, type AUTH_EVENT_TYPES } from "@db/schema";
import type { Tx } from "~/utils/db.server";

export type AuthEventType = (typeof AUTH_EVENT_TYPES)[number];

export async function recordAuthEvent(
  tx: Tx,
  event: AuthEventType,
  who: { userId?: string | null; email?: string | null; ip: string | null; userAgent: string | null },
) {
  await tx.insert(authEvents).values({
    event,
    userId: who.userId ?? null,
    email: who.email ?? null,
    ip: who.ip,
    userAgent: who.userAgent,
  });
}
