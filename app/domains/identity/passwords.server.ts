import { and, eq, gt, sql } from "drizzle-orm";
import { authEvents } from "@db/schema";
import { queryRows, withSystem } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "~/utils/mail.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { sha256 } from "~/utils/secrets.server";
import { resetPasswordEmail, resetWithoutAccountEmail } from "./emails.server";
import { sessionLimits } from "./sessions.server";
import { consumeUserToken, issueUserToken } from "./tokens.server";
import { findUserByEmail, findUserForSignIn, markEmailVerified } from "./users.server";

type Who = { ip: string | null; userAgent: string | null };

/** Reset mails per address per hour: enough for a lost message, not enough to flood a mailbox. */
export const RESET_MAILS_PER_HOUR = 5;

/**
 * Known and unknown addresses take the same path (lookup, auth event, hourly count, token write,
 * sealed mail) so neither the reply nor the work done tells them apart: an unknown address gets a
 * "no account here" message and its token write stores nothing.
 */
export async function requestPasswordReset(email: string, who: Who) {
  await withSystem(async (tx) => {
    const user = await findUserByEmail(tx, email);
    await recordAuthEvent(tx, "password_reset_requested", { userId: user?.id, email, ...who });
    const [recent] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(authEvents)
      .where(
        and(
          eq(authEvents.email, email),
          eq(authEvents.event, "password_reset_requested"),
          gt(authEvents.occurredAt, sql`now() - interval '1 hour'`),
        ),
      );
    if (recent.n > RESET_MAILS_PER_HOUR) return;
    const token = await issueUserToken(tx, user?.id ?? null, "reset_password");
    await queueEmail(
      tx,
      user ? resetPasswordEmail(user.email, `${appUrl()}/reset-password?token=${token}`) : resetWithoutAccountEmail(email, `${appUrl()}/signup`),
    );
  });
}

/**
 * Uses the token (single use, ≤ 60 minutes) and sets the password in one database call, which also
 * lifts a lock, marks the address proven (the link arrived by mail) and signs out every session.
 */
export async function resetPassword(token: string, password: string, who: Who) {
  const passwordHash = await hashPassword(password);
  return withSystem(async (tx) => {
    const [row] = await queryRows<{ userId: string | null }>(tx, sql`select app_private.reset_password(${sha256(token)}, ${passwordHash}) as "userId"`);
    if (!row.userId) return false;
    await recordAuthEvent(tx, "password_reset", { userId: row.userId, ...who });
    return true;
  });
}

/**
 * Changes the password after checking the current one; the session's token is the database's proof
 * of who asks. Every other session is revoked.
 */
export async function changePassword(
  input: { email: string; sessionToken: string; currentPassword: string; password: string },
  who: Who,
) {
  const user = await withSystem((tx) => findUserForSignIn(tx, input.email));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) return { ok: false as const };
  const passwordHash = await hashPassword(input.password);
  const revoked = await withSystem(async (tx) => {
    const [row] = await queryRows<{ userId: string; revoked: number }>(
      tx,
      sql`select user_id as "userId", revoked from app_private.change_password(${sha256(input.sessionToken)}, ${passwordHash}, ${sessionLimits().idleMinutes})`,
    );
    if (row?.userId !== user.id) return null;
    await recordAuthEvent(tx, "password_changed", { userId: user.id, email: user.email, ...who });
    return row.revoked;
  });
  return revoked === null ? { ok: false as const } : { ok: true as const, revokedSessions: revoked };
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
