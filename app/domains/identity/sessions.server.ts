import { sql } from "drizzle-orm";
import { queryRows, systemStatement, type Tx } from "~/utils/db.server";
import type { Role } from "~/utils/permissions";
import type { Locale } from "~/utils/org-format";
import { env } from "~/utils/env.server";
import { randomToken, sha256 } from "~/utils/secrets.server";
import { timestamp } from "./timestamps";

/**
 * Sessions are rows the app role cannot read: the cookie holds a 256-bit token whose sha256 is the
 * lookup key, and every read or write goes through an app_private function (migration 0018).
 */
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
  const [row] = await queryRows<{ id: string }>(
    tx,
    sql`select app_private.create_session(${sha256(token)}, ${input.userId}, ${input.organizationId}, ${input.ip}, ${input.userAgent}, ${sessionLimits().absoluteHours}) as id`,
  );
  return { token, sessionId: row.id };
}

export interface LiveSession {
  sessionId: string;
  activeOrganizationId: string | null;
  lastSeenAt: Date;
  userId: string;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
}

/**
 * The live session for a cookie token (not revoked, within both lifetimes), with its user. Slides
 * the idle window, written at most once a minute per session to spare the database.
 */
export async function findLiveSession(tx: Tx, token: string) {
  const [row] = await queryRows<LiveSession>(
    tx,
    sql`select session_id as "sessionId", active_organization_id as "activeOrganizationId", last_seen_at as "lastSeenAt",
          user_id as "userId", email, name, email_verified_at as "emailVerifiedAt"
        from app_private.live_session(${sha256(token)}, ${sessionLimits().idleMinutes})`,
  );
  return row ? { ...row, lastSeenAt: timestamp(row.lastSeenAt), emailVerifiedAt: timestamp(row.emailVerifiedAt) } : null;
}

/**
 * findLiveSession with the user's organizations (id, name, role, time zone and locale; by name), in one statement outside
 * any transaction: the lookup every signed-in request starts with, so one round trip. The session
 * is still slid at most once a minute (the function's UPDATE commits with the statement).
 */
export async function findLiveIdentity(token: string) {
  const [row] = await systemStatement<LiveSession & { organizations: { id: string; name: string; role: Role; timeZone: string; locale: Locale }[] }>(
    sql`select s.session_id as "sessionId", s.active_organization_id as "activeOrganizationId", s.last_seen_at as "lastSeenAt",
          s.user_id as "userId", s.email, s.name, s.email_verified_at as "emailVerifiedAt",
          coalesce((select json_agg(json_build_object('id', o.organization_id, 'name', o.name, 'role', o.role, 'timeZone', o.time_zone, 'locale', o.locale) order by o.n)
                    from app_private.user_organizations(s.user_id) with ordinality o(organization_id, name, role, time_zone, locale, n)), '[]') as organizations
        from app_private.live_session(${sha256(token)}, ${sessionLimits().idleMinutes}) s`,
  );
  return row ? { ...row, lastSeenAt: timestamp(row.lastSeenAt), emailVerifiedAt: timestamp(row.emailVerifiedAt) } : null;
}

export async function setActiveOrganization(tx: Tx, sessionId: string, organizationId: string) {
  await tx.execute(sql`select app_private.set_session_organization(${sessionId}, ${organizationId})`);
}

export async function listLiveSessions(tx: Tx, userId: string) {
  const rows = await queryRows<{ id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date }>(
    tx,
    sql`select id, ip, user_agent as "userAgent", created_at as "createdAt", last_seen_at as "lastSeenAt"
        from app_private.user_sessions(${userId}, ${sessionLimits().idleMinutes})`,
  );
  return rows.map((s) => ({ ...s, createdAt: timestamp(s.createdAt), lastSeenAt: timestamp(s.lastSeenAt) }));
}

async function revokeSessions(tx: Tx, userId: string, only: string | null, keep: string | null, reason: string) {
  const [row] = await queryRows<{ n: number }>(tx, sql`select app_private.revoke_sessions(${userId}, ${only}::uuid, ${keep}::uuid, ${reason}) as n`);
  return row.n;
}

/** Revokes one of the user's sessions; returns whether one was live. */
export async function revokeSession(tx: Tx, userId: string, sessionId: string, reason: string) {
  return (await revokeSessions(tx, userId, sessionId, null, reason)) > 0;
}

/** Revokes every live session of the user except `keepSessionId` (null: all of them). */
export function revokeOtherSessions(tx: Tx, userId: string, keepSessionId: string | null, reason: string) {
  return revokeSessions(tx, userId, null, keepSessionId, reason);
}
