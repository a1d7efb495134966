import { eq, sql } from "drizzle-orm";
import { users } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { isUniqueViolation } from "~/utils/pg-errors.server";

export async function findUserByEmail(tx: Tx, email: string) {
  const [user] = await tx.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  return user ?? null;
}

export async function findUserById(tx: Tx, id: string) {
  const [user] = await tx.select().from(users).where(eq(users.id, id));
  return user ?? null;
}

/** True when the error is the unique violation on users.email (a concurrent sign-up won). */
export function isEmailTaken(error: unknown) {
  return isUniqueViolation(error, "users_email_key");
}

export async function insertUser(
  tx: Tx,
  input: { id?: string; email: string; name: string; passwordHash: string; emailVerified?: boolean },
) {
  const [user] = await tx
    .insert(users)
    .values({
      id: input.id,
      email: input.email.trim().toLowerCase(),
      name: input.name,
      passwordHash: input.passwordHash,
      emailVerifiedAt: input.emailVerified ? sql`now()` : null,
    })
    .returning();
  return user;
}

export async function setPassword(tx: Tx, userId: string, passwordHash: string) {
  await tx
    .update(users)
    .set({ passwordHash, failedLoginCount: 0, lockedUntil: null, updatedAt: sql`now()` })
    .where(eq(users.id, userId));
}

export async function markEmailVerified(tx: Tx, userId: string) {
  await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
}
