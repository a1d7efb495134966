import { sql } from "drizzle-orm";
import { queryRows, type Tx } from "~/utils/db.server";
import { randomToken, sha256 } from "~/utils/secrets.server";

export type TokenPurpose = "verify_email" | "reset_password";

export const TOKEN_TTL_MINUTES: Record<TokenPurpose, number> = { verify_email: 48 * 60, reset_password: 60 };

/**
 * Issues a 256-bit single-use token (only its hash is stored, in a table the app role cannot
 * read); earlier unused ones of the same purpose die. A null user stores nothing but costs the
 * same work, so a caller need not branch on whether an account exists.
 */
export async function issueUserToken(tx: Tx, userId: string | null, purpose: TokenPurpose) {
  const token = randomToken();
  await tx.execute(sql`select app_private.issue_user_token(${userId}::uuid, ${purpose}, ${sha256(token)}, ${TOKEN_TTL_MINUTES[purpose]})`);
  return token;
}

/** The user a still-usable token belongs to, without using it (to show the reset form). */
export async function peekUserToken(tx: Tx, purpose: TokenPurpose, token: string) {
  const [row] = await queryRows<{ userId: string | null }>(tx, sql`select app_private.peek_user_token(${purpose}, ${sha256(token)}) as "userId"`);
  return row.userId;
}

/** Uses the token atomically: of two concurrent uses exactly one gets the user id. */
export async function consumeUserToken(tx: Tx, purpose: TokenPurpose, token: string) {
  const [row] = await queryRows<{ userId: string | null }>(tx, sql`select app_private.consume_user_token(${purpose}, ${sha256(token)}) as "userId"`);
  return row.userId;
}
