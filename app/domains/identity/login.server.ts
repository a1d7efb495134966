import { and, eq, gt, sql } from "drizzle-orm";
import { authEvents, users } from "@db/schema";
import { withSystem, type Tx } from "~/utils/db.server";
import { burnPasswordCheck, verifyPassword } from "~/utils/password.server";
import { recordAuthEvent } from "./auth-events.server";
import { createSession } from "./sessions.server";
import { findUserForSignIn } from "./users.server";

/** Documented in README (Security): failures before a temporary lock, and hourly ceilings. */
export const LOGIN_LIMITS = {
  lockAfterFailures: 10,
  lockMinutes: 15,
  maxFailuresPerAccountPerHour: 100,
  maxFailuresPerIpPerHour: 100,
};

type Who = { ip: string | null; userAgent: string | null };

export type LoginOutcome =
  | { ok: true; userId: string; token: string }
  | { ok: false; reason: "invalid" | "locked" | "throttled"; message: string };

const INVALID = "That email and password do not match an account.";
const THROTTLED = "Too many failed sign-ins. Wait a while before trying again, or reset your password.";

const lockedMessage = (until: Date) => {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `This account is locked after repeated failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, or reset your password.`;
};

async function failuresInLastHour(tx: Tx, column: "email" | "ip", value: string | null) {
  if (!value) return 0;
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(authEvents)
    .where(
      and(
        eq(column === "email" ? authEvents.email : authEvents.ip, value),
        eq(authEvents.event, "login_failure"),
        gt(authEvents.occurredAt, sql`now() - interval '1 hour'`),
      ),
    );
  return row.n;
}

/** Counts a failure; the failure that reaches the limit locks the account and starts the count again. */
async function recordFailure(tx: Tx, userId: string) {
  const [row] = await tx
    .update(users)
    .set({
      failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${LOGIN_LIMITS.lockAfterFailures} then 0 else ${users.failedLoginCount} + 1 end`,
      lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${LOGIN_LIMITS.lockAfterFailures}
        then now() + make_interval(mins => ${LOGIN_LIMITS.lockMinutes}) else ${users.lockedUntil} end`,
    })
    .where(eq(users.id, userId))
    .returning({ lockedUntil: users.lockedUntil });
  return row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil : null;
}

/**
 * Throttles (per IP, per account, account lock) before any hashing, then verifies with argon2id
 * (a dummy check for unknown emails so timing does not reveal accounts), then records the outcome
 * and on success opens a new session.
 */
export async function attemptLogin(email: string, password: string, who: Who): Promise<LoginOutcome> {
  const gate = await withSystem(async (tx) => {
    const user = await findUserForSignIn(tx, email);
    const refuse = async (reason: "locked" | "throttled", message: string) => {
      await recordAuthEvent(tx, "login_throttled", { userId: user?.id, email, ...who });
      return { refused: { ok: false as const, reason, message }, user };
    };
    if ((await failuresInLastHour(tx, "ip", who.ip)) >= LOGIN_LIMITS.maxFailuresPerIpPerHour) return refuse("throttled", THROTTLED);
    if ((await failuresInLastHour(tx, "email", email)) >= LOGIN_LIMITS.maxFailuresPerAccountPerHour) return refuse("throttled", THROTTLED);
    if (user?.lockedUntil && user.lockedUntil > new Date()) return refuse("locked", lockedMessage(user.lockedUntil));
    return { refused: null, user };
  });
  if (gate.refused) return gate.refused;

  const { user } = gate;
  const valid = user ? await verifyPassword(user.passwordHash, password) : (await burnPasswordCheck(password), false);

  return withSystem(async (tx): Promise<LoginOutcome> => {
    if (!user || !valid) {
      await recordAuthEvent(tx, "login_failure", { userId: user?.id, email, ...who });
      const lockedUntil = user ? await recordFailure(tx, user.id) : null;
      if (!lockedUntil) return { ok: false, reason: "invalid", message: INVALID };
      await recordAuthEvent(tx, "lockout", { userId: user?.id, email, ...who });
      return { ok: false, reason: "locked", message: lockedMessage(lockedUntil) };
    }
    await tx.update(users).set({ failedLoginCount: 0 }).where(eq(users.id, user.id));
    const session = await createSession(tx, { userId: user.id, organizationId: null, ...who });
    await recordAuthEvent(tx, "login_success", { userId: user.id, email, ...who });
    return { ok: true, userId: user.id, token: session.token };
  });
}
