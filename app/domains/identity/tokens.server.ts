import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { userTokens } from "@db/schema";
import type { Tx } from "~/utils/db.server";
import { randomToken, sha256 } from "~/utils/secrets.server";

export type TokenPurpose = "verify_email" | "reset_password";

export const TOKEN_TTL_MINUTES: Record<TokenPurpose, number> = { verify_email: 48 * 60, reset_password: 60 };

/** Issues a 256-bit single-use token (only its hash is stored); earlier unused ones of the same purpose die. */
export async function issueUserToken(tx: Tx, userId: string, purpose: TokenPurpose) {
  await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt)));
  const token = randomToken();
  await tx.insert(userTokens).values({
    userId,
    purpose,
    tokenHash: sha256(token),
    expiresAt: sql`now() + make_interval(mins => ${TOKEN_TTL_MINUTES[purpose]})`,
  });
  return token;
}

const usable = (purpose: TokenPurpose, token: string) =>
  and(eq(userTokens.tokenHash, sha256(token)), eq(userTokens.purpose, purpose), isNull(userTokens.usedAt), gt(userTokens.expiresAt, sql`now()`));

/** The user a still-usable token belongs to, without using it (to show the reset form). */
export async function peekUserToken(tx: Tx, purpose: TokenPurpose, token: string) {
  const [row] = await tx.select({ userId: userTokens.userId }).from(userTokens).where(usable(purpose, token));
  return row?.userId ?? null;
}

/** Uses the token atomically: of two concurrent uses exactly one gets the user id. */
export async function consumeUserToken(tx: Tx, purpose: TokenPurpose, token: string) {
  const [row] = await tx
    .update(userTokens)
    .set({ usedAt: sql`now()` })
    .where(usable(purpose, token))
    .returning({ userId: userTokens.userId });
  return row?.userId ?? null;
}
