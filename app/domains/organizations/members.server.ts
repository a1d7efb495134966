import { and, asc, eq, sql } from "drizzle-orm";
import { memberships, users } from "@db/schema";
import { recordAudit } from "~/utils/audit.server";
import type { Tx } from "~/utils/db.server";
import { RecordNotFound } from "~/utils/not-found.server";
import { can, type Role } from "~/utils/permissions";

export class MemberChangeRefused extends Error {}

export async function listMembers(tx: Tx) {
  return tx
    .select({
      id: memberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      version: memberships.version,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .orderBy(asc(users.name), asc(users.email));
}

/** Locks the owner rows, so two owners demoting or removing each other cannot leave none. */
async function lockedOwnerCount(tx: Tx) {
  const rows = await tx.select({ id: memberships.id }).from(memberships).where(eq(memberships.role, "owner")).for("update");
  return rows.length;
}

async function lockedMembership(tx: Tx, id: string) {
  const [row] = await tx.select().from(memberships).where(eq(memberships.id, id)).for("update");
  if (!row) throw new RecordNotFound("member");
  return row;
}

function assertMayTouch(actorRole: Role, from: Role, to?: Role) {
  if ((from === "owner" || to === "owner") && !can(actorRole, "members:manage_owners"))
    throw new MemberChangeRefused("Only an owner can grant, change or remove the owner role.");
}

export async function changeMemberRole(
  tx: Tx,
  input: { membershipId: string; role: Role; version: number; actorRole: Role },
) {
  const owners = await lockedOwnerCount(tx);
  const member = await lockedMembership(tx, input.membershipId);
  if (member.version !== input.version)
    throw new MemberChangeRefused("Someone else changed this member meanwhile. Reload and try again.");
  if (member.role === input.role) return member;
  assertMayTouch(input.actorRole, member.role, input.role);
  if (member.role === "owner" && owners <= 1)
    throw new MemberChangeRefused("An organization needs at least one owner. Make someone else owner first.");
  const [after] = await tx
    .update(memberships)
    .set({ role: input.role, version: sql`${memberships.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(memberships.id, member.id), eq(memberships.version, input.version)))
    .returning();
  await recordAudit(tx, { entityType: "membership", entityId: member.id, action: "role_changed", before: member, after });
  return after;
}

export async function removeMember(tx: Tx, input: { membershipId: string; actorRole: Role }) {
  const owners = await lockedOwnerCount(tx);
  const member = await lockedMembership(tx, input.membershipId);
  assertMayTouch(input.actorRole, member.role);
  if (member.role === "owner" && owners <= 1)
    throw new MemberChangeRefused("An organization needs at least one owner. Make someone else owner first.");
  await tx.delete(memberships).where(eq(memberships.id, member.id));
  await recordAudit(tx, { entityType: "membership", entityId: member.id, action: "removed", before: member });
}
