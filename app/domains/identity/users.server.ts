import { eq, sql } from "drizzle-orm";
import { users } from "@db/schema";
import { isUniqueViolation } from "~/utils/pg-errors.server";
import { queryRows, type Tx } from "~/utils/db.server";
import { timestamp } from "./timestamps";

/** The columns the app role may read (migration 0018: password_hash is not one of them). */
const publicColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  emailVerifiedAt: users.emailVerifiedAt,
  failedLoginCount: users.failedLoginCount,
  lockedUntil: users.lockedUntil,
};

const normalize = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(tx: Tx, email: string) {
  const [user] = await tx.select(publicColumns).from(users).where(eq(users.email, normalize(email)));
  return user ?? null;
}

/** Whether any account exists yet (SIGNUP=invite-only still lets the very first owner sign up). */
export async function anyUserExists(tx: Tx) {
  const [row] = await tx.select({ id: users.id }).from(users).limit(1);
  return Boolean(row);
}

export interface SignInUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  lockedUntil: Date | null;
}

/** The one account a sign-in (or a password change) verifies against, hash included. */
export async function findUserForSignIn(tx: Tx, email: string) {
  const [user] = await queryRows<SignInUser>(
    tx,
    sql`select id, email, name, password_hash as "passwordHash", locked_until as "lockedUntil" from app_private.user_for_sign_in(${email})`,
  );
  return user ? { ...user, lockedUntil: timestamp(user.lockedUntil) } : null;
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
      email: normalize(input.email),
      name: input.name,
      passwordHash: input.passwordHash,
      emailVerifiedAt: input.emailVerified ? sql`now()` : null,
    })
    .returning(publicColumns);
  return user;
}

export async function markEmailVerified(tx: Tx, userId: string) {
  await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
}
