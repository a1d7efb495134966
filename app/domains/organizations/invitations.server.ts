import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { invitations, memberships, users } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import { queryRows, withSystem, withTenant, type Tx } from "~/utils/db.server";
import { appUrl } from "~/utils/env.server";
import { queueEmail } from "~/utils/mail.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { ROLE_LABELS, can, type Role } from "~/utils/permissions";
import { randomToken, sha256 } from "~/utils/secrets.server";
import { invitationEmail } from "../identity/emails.server";
import { getOrganizationSettings } from "./organizations.server";

export const INVITATION_DAYS = 7;

export class InvitationRefused extends Error {}

const open = and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt));

export async function listOpenInvitations(tx: Tx) {
  return tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      expiresAt: invitations.expiresAt,
      lastSentAt: invitations.lastSentAt,
      sendCount: invitations.sendCount,
      expired: sql<boolean>`${invitations.expiresAt} <= now()`,
    })
    .from(invitations)
    .where(open)
    .orderBy(desc(invitations.createdAt));
}

async function mailInvitation(tx: Tx, to: string, role: Role, inviterName: string, token: string) {
  const organization = await getOrganizationSettings(tx);
  await queueEmail(tx, invitationEmail(to, organization.name, inviterName, ROLE_LABELS[role], `${appUrl()}/invite/${token}`));
}

export async function inviteMember(tx: Tx, input: { email: string; role: Role; actor: { id: string; name: string; role: Role } }) {
  if (input.role === "owner" && !can(input.actor.role, "members:manage_owners"))
    throw new InvitationRefused("Only an owner can invite another owner.");
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(users.email, input.email));
  if (member) throw new InvitationRefused(`${input.email} is already a member of this organization.`);
  const [pending] = await tx.select({ id: invitations.id }).from(invitations).where(and(open, eq(invitations.email, input.email)));
  if (pending) throw new InvitationRefused(`${input.email} already has a pending invitation. Re-send it instead.`);
  const token = randomToken();
  const [invitation] = await tx
    .insert(invitations)
    .values({
      organizationId: sql`nullif(current_setting('app.organization_id', true), '')::uuid`,
      email: input.email,
      role: input.role,
      tokenHash: sha256(token),
      invitedBy: input.actor.id,
      expiresAt: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
    })
    .returning();
  await mailInvitation(tx, input.email, input.role, input.actor.name, token);
  await recordAudit(tx, { entityType: "invitation", entityId: invitation.id, action: "created", after: invitation });
  return invitation;
}

async function openInvitation(tx: Tx, id: string) {
  const [row] = await tx.select().from(invitations).where(eq(invitations.id, id)).for("update");
  if (!row) throw new RecordNotFound("invitation");
  if (row.acceptedAt || row.revokedAt) throw new InvitationRefused("That invitation was already accepted or revoked.");
  return row;
}

/** A new link (the old one stops working) and a fresh expiry. */
export async function resendInvitation(tx: Tx, input: { id: string; actor: { name: string } }) {
  const before = await openInvitation(tx, input.id);
  const token = randomToken();
  const [after] = await tx
    .update(invitations)
    .set({
      tokenHash: sha256(token),
      expiresAt: sql`now() + make_interval(days => ${INVITATION_DAYS})`,
      lastSentAt: sql`now()`,
      sendCount: sql`${invitations.sendCount} + 1`,
    })
    .where(eq(invitations.id, before.id))
    .returning();
  await mailInvitation(tx, before.email, before.role, input.actor.name, token);
  await recordAudit(tx, { entityType: "invitation", entityId: before.id, action: "resent", before, after });
}

export async function revokeInvitation(tx: Tx, id: string) {
  const before = await openInvitation(tx, id);
  const [after] = await tx.update(invitations).set({ revokedAt: sql`now()` }).where(eq(invitations.id, id)).returning();
  await recordAudit(tx, { entityType: "invitation", entityId: id, action: "revoked", before, after });
}

export interface InvitationView {
  id: string;
  organizationId: string;
  organizationName: string;
  email: string;
  role: Role;
  state: "open" | "expired" | "accepted" | "revoked";
}

/** The invitation a token names, across tenants (through app_private.invitation_by_token only). */
export async function findInvitationByToken(token: string): Promise<InvitationView | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const rows = (await withSystem((tx) =>
    queryRows(tx, sql`select * from app_private.invitation_by_token(${sha256(token)})`),
  )) as unknown as { id: string; organization_id: string; organization_name: string; email: string; role: Role; expires_at: Date; accepted_at: Date | null; revoked_at: Date | null }[];
  const row = rows[0];
  if (!row) return null;
  const state = row.revoked_at ? "revoked" : row.accepted_at ? "accepted" : new Date(row.expires_at) <= new Date() ? "expired" : "open";
  return { id: row.id, organizationId: row.organization_id, organizationName: row.organization_name, email: row.email, role: row.role, state };
}

/** Adds the membership and marks the invitation accepted; the row lock makes a token work once. */
export async function acceptInvitationInTx(tx: Tx, invitation: InvitationView, userId: string) {
  const before = await openInvitation(tx, invitation.id);
  if (before.expiresAt <= new Date()) throw new InvitationRefused("This invitation has expired. Ask for a new one.");
  const [membership] = await tx
    .insert(memberships)
    .values({ organizationId: invitation.organizationId, userId, role: before.role })
    .onConflictDoNothing()
    .returning();
  const [after] = await tx
    .update(invitations)
    .set({ acceptedAt: sql`now()`, acceptedBy: userId })
    .where(eq(invitations.id, before.id))
    .returning();
  await recordAudit(tx, { entityType: "invitation", entityId: before.id, action: "accepted", before, after });
  if (membership) await recordAudit(tx, { entityType: "membership", entityId: membership.id, action: "created", after: membership });
}

/** Joins the invited organization as the signed-in user, whose email must be the invited one. */
export async function acceptInvitation(invitation: InvitationView, user: { id: string; email: string }) {
  if (user.email !== invitation.email)
    throw new InvitationRefused(`This invitation is for ${invitation.email}. Sign in with that address to accept it.`);
  await withTenant({ organizationId: invitation.organizationId, userId: user.id }, (tx) =>
    acceptInvitationInTx(tx, invitation, user.id),
  );
}
