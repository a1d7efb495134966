import { and, eq, gt, sql } from "drizzle-orm";
import { authEvents } from "@db/schema";
import { withSystem } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "~/utils/mail.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { resetPasswordEmail } from "./emails.server";
import { revokeOtherSessions } from "./sessions.server";
import { consumeUserToken, issueUserToken } from "./tokens.server";
import { findUserByEmail, findUserById, markEmailVerified, setPassword } from "./users.server";

type Who = { ip: string | null; userAgent: string | null };

/** Reset mails per account per hour: enough for a lost message, not enough to flood a mailbox. */
export const RESET_MAILS_PER_HOUR = 5;

/**
 * Mails a reset link when the account exists; the caller shows the same reply either way, and the
 * work done (one lookup, one insert) does not depend on it enough to time.
 */
export async function requestPasswordReset(email: string, who: Who) {
  await withSystem(async (tx) => {
    const user = await findUserByEmail(tx, email);
    await recordAuthEvent(tx, "password_reset_requested", { userId: user?.id, email, ...who });
    if (!user) return;
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(authEvents)
      .where(
        and(
          eq(authEvents.userId, user.id),
          eq(authEvents.event, "password_reset_requested"),
          gt(authEvents.occurredAt, sql`now() - interval '1 hour'`),
        ),
      );
    if (recent.n > RESET_MAILS_PER_HOUR) return;
    const token = await issueUserToken(tx, user.id, "reset_password");
    await queueEmail(tx, resetPasswordEmail(user.email, `${appUrl()}/reset-password?token=${token}`));
  });
}

/**
 * Uses the token (single use, ≤ 60 minutes), sets the password, lifts a lock and signs out every
 * session: whoever had the old password is out.
 */
export async function resetPassword(token: string, password: string, who: Who) {
  const passwordHash = await hashPassword(password);
  return withSystem(async (tx) => {
    const userId = await consumeUserToken(tx, "reset_password", token);
    if (!userId) return false;
    await setPassword(tx, userId, passwordHash);
    // The link arrived by mail, so the address is proven too.
    await markEmailVerified(tx, userId);
    await revokeOtherSessions(tx, userId, null, "password_reset");
    await recordAuthEvent(tx, "password_reset", { userId, ...who });
    return true;
  });
}

/** Changes the password after checking the current one; every other session is revoked. */
export async function changePassword(
  input: { userId: string; sessionId: string; currentPassword: string; password: string },
  who: Who,
) {
  const user = await withSystem((tx) => findUserById(tx, input.userId));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false as const };
  const passwordHash = await hashPassword(input.password);
  const revoked = await withSystem(async (tx) => {
    await setPassword(tx, user.id, passwordHash);
    await recordAuthEvent(tx, "password_changed", { userId: user.id, email: user.email, ...who });
    return revokeOtherSessions(tx, user.id, input.sessionId, "password_changed");
  });
  return { ok: true as const, revokedSessions: revoked };
}

/** Marks the email verified if the token is valid and unused; false otherwise. */
export async function verifyEmail(token: string, who: Who) {
  return withSystem(async (tx) => {
    const userId = await consumeUserToken(tx, "verify_email", token);
    if (!userId) return false;
    await markEmailVerified(tx, userId);
    await recordAuthEvent(tx, "email_verified", { userId, ...who });
    return true;
  });
}
