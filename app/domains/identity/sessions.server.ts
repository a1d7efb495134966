import { and, desc, eq, gt, isNull, ne, sql } from "drizzle-orm";
import { sessions, users } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { randomToken, sha256 } from "~/utils/secrets.server";

/** Sessions are rows; the cookie holds a 256-bit token whose sha256 is the lookup key. */
export interface SessionLimits {
  idleMinutes: number;
  absoluteHours: number;
}

export const sessionLimits = (): SessionLimits => ({
  idleMinutes: env().SESSION_IDLE_MINUTES,
  absoluteHours: env().SESSION_ABSOLUTE_HOURS,
});

/** Writes a fresh session (a new id on every sign-in) and returns the token for the cookie. */
export async function createSession(
  tx: Tx,
  input: { userId: string; organizationId: string | null; ip: string | null; userAgent: string | null },
) {
  const token = randomToken();
  const [row] = await tx
    .insert(sessions)
    .values({
      tokenHash: sha256(token),
      userId: input.userId,
      activeOrganizationId: input.organizationId,
      ip: input.ip,
      userAgent: input.userAgent,
      expiresAt: sql`now() + make_interval(hours => ${sessionLimits().absoluteHours})`,
    })
    .returning({ id: sessions.id });
  return { token, sessionId: row.id };
}

const live = (limits: SessionLimits) =>
  and(
    isNull(sessions.revokedAt),
    gt(sessions.expiresAt, sql`now()`),
    gt(sessions.lastSeenAt, sql`now() - make_interval(mins => ${limits.idleMinutes})`),
  );

/** The live session for a cookie token (not revoked, within both lifetimes), with its user. */
export async function findLiveSession(tx: Tx, token: string) {
  const [row] = await tx
    .select({
      sessionId: sessions.id,
      activeOrganizationId: sessions.activeOrganizationId,
      lastSeenAt: sessions.lastSeenAt,
      userId: users.id,
      email: users.email,
      name: users.name,
      emailVerifiedAt: users.emailVerifiedAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256(token)), live(sessionLimits())));
  return row ?? null;
}

/** Slides the idle window; written at most once a minute per session to spare the database. */
export async function touchSession(tx: Tx, sessionId: string) {
  await tx
    .update(sessions)
    .set({ lastSeenAt: sql`now()` })
    .where(and(eq(sessions.id, sessionId), sql`${sessions.lastSeenAt} < now() - interval '1 minute'`));
}

export async function setActiveOrganization(tx: Tx, sessionId: string, organizationId: string) {
  await tx.update(sessions).set({ activeOrganizationId: organizationId }).where(eq(sessions.id, sessionId));
}

export async function listLiveSessions(tx: Tx, userId: string) {
  return tx
    .select({
      id: sessions.id,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), live(sessionLimits())))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revokes one of the user's sessions; returns whether one was live. */
export async function revokeSession(tx: Tx, userId: string, sessionId: string, reason: string) {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revokes every live session of the user except `keepSessionId` (null: all of them). */
export async function revokeOtherSessions(tx: Tx, userId: string, keepSessionId: string | null, reason: string) {
  const rows = await tx
    .update(sessions)
    .set({ revokedAt: sql`now()`, revokedReason: reason })
    .where(
      and(
        eq(sessions.userId, userId),
        isNull(sessions.revokedAt),
        keepSessionId ? ne(sessions.id, keepSessionId) : undefined,
      ),
    )
    .returning({ id: sessions.id });
  return rows.length;
}
